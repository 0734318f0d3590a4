"""Writing reviews: the editor, the rating slider, tags, Markdown preview, revision history."""
