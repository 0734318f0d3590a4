"""File > Import… and File > Export…: the two dialogs the main window opens.

They live in ``import_dialog`` and ``export_dialog`` (what they share is in
``background``); this module is the one name the main window imports them by.
"""

from __future__ import annotations

from watchjournal.ui.dialogs.export_dialog import ExportDialog
from watchjournal.ui.dialogs.import_dialog import ImportDialog

__all__ = ["ExportDialog", "ImportDialog"]
