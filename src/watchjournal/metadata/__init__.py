"""Optional poster and metadata fetching over HTTP, and the poster cache (no Qt here).

Nothing in this package opens a connection unless the user turned
``network.enabled`` on; see :mod:`watchjournal.metadata.fetch`.
"""
