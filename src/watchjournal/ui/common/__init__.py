"""Helpers every part of the UI shares: background tasks, labels, formatting, icons, errors."""
