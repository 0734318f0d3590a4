"""File menu dialogs: import, export and backups."""
