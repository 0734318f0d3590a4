"""The review editor against a real journal: autosave, keyboard rating, tags,
preview safety, revision history, and save failures that keep the text."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine

from tests.conftest import ARTIFACTS
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.review.editor import ReviewEditor
from watchjournal.ui.review.history import RevisionHistoryDialog

BODY = """A **lean**, furious revenge film that knows exactly what it is.

Jeon Jong-seo carries it: every fight is *about* something, and the
flamethrower scene earns its place.

> Not deep, but never dull.

- stunts: great
- plot: thin
"""


@pytest.fixture
def preferences(tmp_path: Path) -> UiPreferences:
    return UiPreferences(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def film_id(service: JournalService) -> int:
    film = service.add_film(FilmFields(title="Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    service.mark_watched(film.id, date(2025, 5, 2), where="Netflix")
    service.mark_watched(film.id, date(2025, 6, 1), where="Cinema")
    other = service.add_film(FilmFields(title="Paterson", year=2016))
    service.write_review(other.id, ReviewFields(tags=("action", "Drama", "korean")))
    return film.id


@pytest.fixture
def editor(qtbot: QtBot, service: JournalService, preferences: UiPreferences) -> ReviewEditor:
    widget = ReviewEditor(service, preferences)
    qtbot.addWidget(widget)
    widget.resize(720, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def reviews_of(service: JournalService, film_id: int) -> list[int]:
    return [review.id for review in service.get_film(film_id).reviews]


def test_typing_autosaves_a_new_draft_without_pressing_save(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    editor.open_review(film_id, None)
    editor.tags.setFocus()
    editor.headline.setFocus()  # passing through a field changes nothing
    qtbot.keyClicks(editor.headline, "x")
    qtbot.keyClick(editor.headline, Qt.Key.Key_Backspace)
    qtbot.wait(900)  # longer than the autosave delay: still nothing to create
    assert reviews_of(service, film_id) == []
    assert editor.status_text == "Saved automatically as you write"
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Tense and funny")
    assert editor.status_text == "Saving…"

    def saved() -> None:
        ids = reviews_of(service, film_id)
        assert len(ids) == 1
        assert service.get_review(ids[0]).body == "Tense and funny"

    qtbot.waitUntil(saved, timeout=5000)
    review = service.get_review(reviews_of(service, film_id)[0])
    assert review.draft is True
    # The latest viewing is linked by default.
    assert review.viewing_id == service.get_film(film_id).viewings[-1].id
    # The save lands in the journal first; its result reaches the editor just after.
    qtbot.waitUntil(lambda: editor.status_text == "Saved", timeout=5000)
    assert editor.history.isEnabled()

    qtbot.keyClicks(editor.body, ", and loud.")
    qtbot.waitUntil(
        lambda: service.get_review(review.id).body == "Tense and funny, and loud.", timeout=1500
    )
    assert reviews_of(service, film_id) == [review.id]  # updated, not a second review


def test_rating_by_keyboard_is_stored(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    editor.open_review(film_id, None)
    editor.rating.set_rating_tenths(60)
    control = editor.rating.focusProxy()
    control.setFocus()
    for _ in range(4):
        qtbot.keyClick(control, Qt.Key.Key_Right)
    saved: list[int] = []
    editor.saved.connect(saved.append)
    qtbot.keyClick(control, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Saved at once by Ctrl+S, not by the autosave timer.
    assert saved == [editor.review_id]
    review_id = saved[0]
    assert service.get_review(review_id).rating_tenths == 64

    qtbot.keyClick(control, Qt.Key.Key_PageUp)
    assert editor.flush()
    assert service.get_review(review_id).rating_tenths == 74
    qtbot.keyClick(control, Qt.Key.Key_End)
    editor.headline.setFocus()
    qtbot.keyClick(editor.headline, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert service.get_review(review_id).rating_tenths == 100
    control.setFocus()
    qtbot.keyClick(control, Qt.Key.Key_Delete)
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Loud")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = service.get_review(review_id)
    assert (stored.rating_tenths, stored.body) == (None, "Loud")
    assert editor.body.toPlainText() == "Loud"  # Ctrl+Return saved, it added no line


def test_existing_review_loads_and_every_field_is_saved(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    first_viewing = service.get_film(film_id).viewings[0]
    review = service.write_review(
        film_id,
        ReviewFields(rating_tenths=72, headline="Stream it", body="Fun", tags=("action",)),
    )
    editor.open_review(film_id, review.id)
    assert editor.rating.rating_tenths == 72
    assert editor.headline.text() == "Stream it"
    assert editor.tags.text() == "action"
    assert editor.viewing.currentText() == "No viewing"
    assert editor.finished.isChecked()
    editor.headline.selectAll()
    qtbot.keyClicks(editor.headline, "Worth it")
    editor.spoilers.setChecked(True)
    editor.finished.setChecked(False)
    editor.viewing.setCurrentIndex(editor.viewing.findData(first_viewing.id))
    assert editor.flush()
    stored = service.get_review(review.id)
    assert (stored.headline, stored.spoilers, stored.draft) == ("Worth it", True, True)
    assert stored.viewing_id == first_viewing.id
    assert editor.viewing.itemText(1).startswith("1 Jun 2025 · Cinema")


def test_tags_complete_from_existing_tags(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    editor.open_review(film_id, None)
    editor.tags.setFocus()
    qtbot.keyClicks(editor.tags, "dr")
    completer = editor.tags.completer_for_tags
    assert completer.currentCompletion() == "Drama"
    qtbot.keyClicks(editor.tags, "ama, k")
    assert completer.currentCompletion() == "korean"
    assert completer.completionCount() == 1
    editor.tags.insert_completion(completer.currentCompletion())
    assert editor.tags.text() == "drama, korean, "
    qtbot.keyClicks(editor.tags, "a")
    # Tags already in the field are not offered again.
    offered = [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionCount())
    ]
    assert offered == ["action"]
    assert editor.flush()
    (review_id,) = reviews_of(service, film_id)
    # The journal keeps the spelling of a tag it already has ("Drama").
    assert service.get_review(review_id).tags == ("Drama", "korean", "a")


def test_tags_keep_the_order_typed_when_saved_and_reopened(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    editor.open_review(film_id, None)
    editor.tags.setFocus()
    # "action" is a tag the journal has (older, so a smaller id): it keeps its place.
    qtbot.keyClicks(editor.tags, "wickverse, Action, revenge")
    editor.headline.setFocus()  # leaving the field finishes the last tag
    assert editor.flush()
    (review_id,) = reviews_of(service, film_id)
    assert service.get_review(review_id).tags == ("wickverse", "action", "revenge")
    assert editor.tags.text() == "wickverse, Action, revenge"  # the field is not re-sorted
    editor.open_review(film_id, review_id)  # reopened: the journal's spelling, same order
    assert editor.tags.text() == "wickverse, action, revenge"
    editor.tags.selectAll()
    qtbot.keyClicks(editor.tags, "revenge, wickverse")
    editor.headline.setFocus()
    assert editor.flush()
    assert service.get_review(review_id).tags == ("revenge", "wickverse")
    editor.open_review(film_id, review_id)
    assert editor.tags.text() == "revenge, wickverse"


def test_autosave_leaves_out_the_tag_still_being_typed(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    editor.open_review(film_id, None)
    editor.tags.setFocus()
    qtbot.keyClicks(editor.tags, "slow burn, hor")
    qtbot.waitUntil(lambda: len(reviews_of(service, film_id)) == 1, timeout=5000)
    (review_id,) = reviews_of(service, film_id)
    qtbot.waitUntil(lambda: editor.status_text == "Saved", timeout=5000)
    assert service.get_review(review_id).tags == ("slow burn",)
    assert "hor" not in service.all_tags()
    editor.headline.setFocus()  # leaving the field finishes the tag
    qtbot.waitUntil(
        lambda: service.get_review(review_id).tags == ("slow burn", "hor"), timeout=1500
    )


def test_preview_shows_raw_html_literally_and_loads_nothing(
    qtbot: QtBot, editor: ReviewEditor, film_id: int, httpserver: HTTPServer
) -> None:
    url = httpserver.url_for("/x.png")
    editor.open_review(film_id, None)
    editor.body.setPlainText(f'**Loud** <img src="{url}"> <b>x</b>\n\n![poster]({url})')
    editor.tabs.setCurrentWidget(editor.preview)
    qtbot.wait(300)
    shown = editor.preview.toPlainText()
    assert f'<img src="{url}">' in shown
    assert "<b>x</b>" in shown
    assert "Loud" in shown and "**" not in shown  # the Markdown itself is rendered
    assert httpserver.log == []
    # Qt did ask for the Markdown image; the preview refused to load it.
    assert url in [u.toString() for u in editor.preview.blocked_resources]


def test_revision_history_lists_an_earlier_version_and_restores_it(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    editor.open_review(film_id, None)
    editor.headline.setText("<b>Flat</b>")
    editor.body.setPlainText("First take")
    editor.rating.set_rating_tenths(55)
    assert editor.flush()
    review_id = editor.review_id
    assert review_id is not None
    assert editor.open_review(film_id, review_id)  # another editing session
    editor.headline.setText("Grows on you")
    editor.body.setPlainText("Second thoughts")
    editor.rating.set_rating_tenths(81)
    assert editor.flush()
    dialog = editor.show_history()
    assert isinstance(dialog, RevisionHistoryDialog)  # a child of the editor, deleted on close
    earlier = dialog.revisions
    assert [(r.body, r.rating_tenths) for r in earlier] == [("First take", 55)]
    dialog.resize(760, 420)
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "revision_history.png"))
    shown = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert "<b>Flat</b>" in shown  # as plain text, not bold "Flat"
    with qtbot.waitSignal(editor.saved, timeout=1000):
        dialog.restore_selected()
    assert service.get_review(review_id).body == "First take"
    assert service.get_review(review_id).headline == "<b>Flat</b>"
    assert editor.body.toPlainText() == "First take"
    assert editor.headline.text() == "<b>Flat</b>"
    assert editor.rating.rating_tenths == 55
    bodies = [r.body for r in service.review_revisions(review_id)]
    assert "Second thoughts" in bodies


def test_autosave_keeps_one_revision_per_typing_session(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    review = service.write_review(film_id, ReviewFields(body="Saved yesterday"))
    editor.open_review(film_id, review.id)
    for text in ("Saved today", "Saved today, twice", "Saved today, three times"):
        editor.body.setPlainText(text)
        assert editor.flush()
    assert [r.body for r in service.review_revisions(review.id)] == ["Saved yesterday"]


def test_history_is_disabled_until_the_review_exists(editor: ReviewEditor, film_id: int) -> None:
    editor.open_review(film_id, None)
    assert not editor.history.isEnabled()
    assert editor.show_history() is None


def test_invalid_input_keeps_the_text_and_saves_on_the_next_change(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    editor.open_review(film_id, None)
    editor.body.setPlainText("Keep me")
    editor.tags.setText("x" * 120)
    assert editor.flush() is False
    assert editor.status_text.startswith("Not saved: tag")
    assert "under 100 characters" in editor.error_text
    assert editor.body.toPlainText() == "Keep me"
    assert reviews_of(service, film_id) == []
    editor.tags.setFocus()
    editor.tags.setText("fixed")
    editor.headline.setFocus()
    qtbot.waitUntil(lambda: len(reviews_of(service, film_id)) == 1, timeout=5000)
    assert service.get_review(reviews_of(service, film_id)[0]).body == "Keep me"
    # The save lands in the journal first; its result reaches the editor just after.
    qtbot.waitUntil(lambda: editor.error_text == "", timeout=5000)


def test_read_only_journal_shows_why_and_keeps_the_text(
    qtbot: QtBot, preferences: UiPreferences, journal_path: Path, film_id: int
) -> None:
    engine = create_engine(f"sqlite:///file:{journal_path}?mode=ro&uri=true")
    read_only = JournalService(engine, journal_path)
    editor = ReviewEditor(read_only, preferences)
    qtbot.addWidget(editor)
    editor.show()
    try:
        assert editor.open_review(film_id, None)
        editor.body.setFocus()
        qtbot.keyClicks(editor.body, "Words I typed")
        qtbot.waitUntil(lambda: editor.status_text.startswith("Not saved"), timeout=5000)
        assert editor.status_text.startswith("Not saved: the journal is read-only")
        assert editor.error_text.startswith("Not saved: the journal is read-only")
        assert editor.body.toPlainText() == "Words I typed"
        assert editor.flush() is False
        # Switching to another review would lose the text, so the editor stays put.
        assert editor.open_review(film_id, None) is False
        assert editor.body.toPlainText() == "Words I typed"
    finally:
        editor.hide()
        read_only.close()


def test_render_editor_to_png(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    viewing = service.get_film(film_id).viewings[-1]
    review = service.write_review(
        film_id,
        ReviewFields(
            rating_tenths=64,
            headline="Stream it: a lean, furious revenge film",
            body=BODY,
            tags=("action", "korean", "revenge"),
            viewing_id=viewing.id,
            draft=True,
        ),
    )
    ARTIFACTS.mkdir(exist_ok=True)
    editor.open_review(film_id, None)  # a new review: no rating yet, empty fields
    QApplication.processEvents()  # let the layout settle, as the event loop would
    assert editor.grab().save(str(ARTIFACTS / "review_editor_new.png"))
    editor.open_review(film_id, review.id)
    editor.headline.setFocus()
    QApplication.processEvents()
    assert editor.grab().save(str(ARTIFACTS / "review_editor.png"))
    editor.tabs.setCurrentWidget(editor.preview)
    assert editor.grab().save(str(ARTIFACTS / "review_editor_preview.png"))


def test_render_editor_in_dark_and_star_mode_to_png(
    qtbot: QtBot,
    editor: ReviewEditor,
    service: JournalService,
    preferences: UiPreferences,
    film_id: int,
) -> None:
    editor.setPalette(dark_palette())
    preferences.ratings_as_stars = True
    review = service.write_review(
        film_id, ReviewFields(rating_tenths=64, headline="Stream it", body=BODY, tags=("action",))
    )
    editor.open_review(film_id, review.id)
    editor.tags.setText("x" * 120)
    assert not editor.flush()
    ARTIFACTS.mkdir(exist_ok=True)
    assert editor.grab().save(str(ARTIFACTS / "review_editor_dark_stars.png"))


def dark_palette() -> QPalette:
    palette = QPalette(QColor("#3a3a3a"), QColor("#2b2b2b"))
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1f1f1f"),
        (roles.AlternateBase, "#262626"),
        (roles.Text, "#e6e6e6"),
        (roles.Button, "#3a3a3a"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.Highlight, "#3d7bd9"),
        (roles.HighlightedText, "#ffffff"),
        (roles.PlaceholderText, "#8a8a8a"),
    ):
        palette.setColor(role, QColor(color))
    return palette


def test_closing_saves_at_once_without_asking(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    editor.open_review(film_id, None)
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Last words")
    assert reviews_of(service, film_id) == []  # still inside the autosave delay
    assert editor.close()
    (review_id,) = reviews_of(service, film_id)
    assert service.get_review(review_id).body == "Last words"
    assert QApplication.activeModalWidget() is None  # no "discard changes?" prompt


def test_tab_moves_through_the_fields_in_reading_order(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    review = service.write_review(film_id, ReviewFields(rating_tenths=70))
    editor.open_review(film_id, review.id)
    handle = editor.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(editor.isActiveWindow, timeout=3000)
    editor.rating.setFocus()
    visited = []
    for _ in range(13):
        widget = QApplication.focusWidget()
        assert widget is not None
        visited.append(widget.accessibleName() or type(widget).__name__)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    expected = [
        "Rating",
        "Clear rating",
        "Verdict",
        "Write or preview",
        "Review text",
        "Tags",
        "Linked viewing",
        "Contains spoilers",
        "Finished, not a draft",
        "Earlier versions",
    ]
    assert visited[: len(expected) + 1] == [*expected, "Rating"]


@pytest.mark.alone  # wall-clock lags: another worker's load would count as the editor's
def test_typing_without_a_pause_is_saved_at_least_once_a_second(
    qtbot: QtBot, editor: ReviewEditor, service: JournalService, film_id: int
) -> None:
    """A character every 50 ms for 3 s: the debounce alone would never save."""
    editor.open_review(film_id, None)
    typed: list[tuple[float, str]] = []  # when each text was complete in the editor
    saves: list[float] = []
    lags: list[float] = []
    editor.saved.connect(lambda _id: saves.append(time.monotonic()))

    def on_disk() -> str:
        ids = reviews_of(service, film_id)
        return service.get_review(ids[0]).body if ids else ""

    def type_one() -> None:
        now = time.monotonic()
        if typed:  # how far what is on disk trails what was typed
            stored = on_disk()
            when = next((t for t, text in typed if text == stored), typed[0][0] - 0.05)
            lags.append(now - when)
        editor.body.moveCursor(QTextCursor.MoveOperation.End)
        editor.body.insertPlainText("abcdefghij"[len(typed) % 10])
        typed.append((now, editor.body.toPlainText()))

    keys = QTimer()
    keys.setInterval(50)
    keys.timeout.connect(type_one)
    keys.start()
    qtbot.waitUntil(lambda: len(typed) >= 60, timeout=10_000)  # 3 s at 20 keys/s
    keys.stop()
    duration = typed[-1][0] - typed[0][0]
    assert len(saves) >= int(duration)  # at least once a second while typing
    # The text on disk never trails the typing by much more than a second (the
    # ceiling is 0.8 s; the rest is the write itself and a loaded machine).
    assert max(lags) < 1.3, sorted(lags)[-5:]
    assert editor.flush()
    assert on_disk() == typed[-1][1]
