"""Metadata and poster providers, each behind the small interface in ``base``."""
