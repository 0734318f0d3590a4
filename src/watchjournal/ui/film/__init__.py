"""A film: its detail pane, the add/edit and mark-watched dialogs, and the film commands."""
