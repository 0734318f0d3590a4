"""Searching a journal: one module used by both the CLI and the GUI (no Qt here)."""
