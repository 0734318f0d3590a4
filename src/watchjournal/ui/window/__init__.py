"""The main window: its actions and menus, the library lists, search results."""
