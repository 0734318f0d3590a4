"""The Lists view: the lists you make (ranked or not), their films, and "Add to List…"."""
