"""A comma-separated tags field that completes the tag being typed from known tags."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from watchjournal.journal.validate import fold_key


def split_tags(text: str) -> list[str]:
    """``"action, , Korean "`` -> ``["action", "Korean"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


class TagLineEdit(QLineEdit):
    """Tags as ``action, korean``; the word under the cursor completes from ``known tags``.

    The completer only ever sees the tag being typed (the text between the
    commas around the cursor), and picking a completion replaces just that tag.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._known: list[str] = []
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setWidget(self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.activated.connect(self.insert_completion)
        self.textEdited.connect(self._update_completions)

    @property
    def completer_for_tags(self) -> QCompleter:
        return self._completer

    def set_known_tags(self, tags: list[str]) -> None:
        self._known = list(tags)

    def tags(self, *, include_unfinished: bool = True) -> tuple[str, ...]:
        """The tags typed; without ``include_unfinished``, not the one still being typed.

        Autosave leaves out a tag that is still being typed (focus in the field,
        no comma after it yet) so that pausing mid-word does not create "hor"
        on the way to "horror".
        """
        text = self.text()
        if not include_unfinished and self.hasFocus() and not text.rstrip().endswith(","):
            text = text.rsplit(",", 1)[0] if "," in text else ""
        return tuple(split_tags(text))

    def _current_span(self) -> tuple[int, int]:
        """Start and end of the tag around the cursor."""
        text, cursor = self.text(), self.cursorPosition()
        start = text.rfind(",", 0, cursor) + 1
        end = text.find(",", cursor)
        return start, len(text) if end < 0 else end

    def current_prefix(self) -> str:
        start, _end = self._current_span()
        return self.text()[start : self.cursorPosition()].lstrip()

    def _update_completions(self) -> None:
        prefix = self.current_prefix()
        if not prefix:
            self._hide_popup()
            return
        used = {fold_key(tag) for tag in split_tags(self.text())}
        self._model.setStringList([t for t in self._known if fold_key(t) not in used])
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount() == 0:
            self._hide_popup()
            return
        self._completer.complete()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def insert_completion(self, tag: str) -> None:
        """Replace the tag being typed with ``tag`` and start the next one."""
        start, end = self._current_span()
        text = self.text()
        before = text[:start].rstrip()
        after = text[end:].lstrip(", ")
        joined = (before + " " if before else "") + tag + ", "
        self.setText(joined + after)
        self.setCursorPosition(len(joined))
        self.textEdited.emit(self.text())
