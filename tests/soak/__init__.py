"""The soak test: random operations through the journal service, invariants checked."""
