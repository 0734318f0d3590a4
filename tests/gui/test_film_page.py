"""The film page (issue 14): reviews rendered from Markdown safely, spoilers behind a click,
names that are links to searches, content notes, the lists a film is on, user text as
plain text, and a layout that fits from 800x600 to 1920x1080."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from tests.gui.test_main_window import when_modal
from watchjournal.journal import FilmFields, JournalService, ReviewFields, StreamingInfo
from watchjournal.ui.film.detail import FilmDetailPane
from watchjournal.ui.film.dialog import FilmDialog
from watchjournal.ui.film.link_label import LinkLabel
from watchjournal.ui.window.models import FILM_ID_ROLE

MARKDOWN = """\
## What works

Keanu is **great** and the fights are *clean*.

- the library fight
- the dog

> Everything's got a price.
"""
HOSTILE = '<b>x</b><img src="http://127.0.0.1:9/x.png"><a href="http://127.0.0.1:9/">y</a>'


def page(qtbot: QtBot, service: JournalService, film_id: int) -> FilmDetailPane:
    pane = FilmDetailPane(None, service=service)
    qtbot.addWidget(pane)
    pane.resize(600, 800)
    pane.show_film(service.get_film(film_id))
    return pane


def follow(qtbot: QtBot, label: LinkLabel, text: str) -> None:
    """Follow the link showing ``text`` with the keyboard: Tab to it, then Enter."""
    qtbot.waitUntil(label.isVisible)  # a widget added to a shown page shows a moment later
    label.setFocus(Qt.FocusReason.TabFocusReason)
    assert label.hasFocus()
    links = label.link_texts()
    for _ in range(links.index(text) + 1):
        qtbot.keyClick(label, Qt.Key.Key_Tab)
    qtbot.keyClick(label, Qt.Key.Key_Return)


def rendered(label: QLabel) -> str:
    """What a rich-text label shows, as plain text."""
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def bold(text_format: QTextCharFormat) -> bool:
    return text_format.fontWeight() > 500


def bold_words(document: QTextDocument) -> list[str]:
    words = []
    block = document.begin()
    while block.isValid():
        ranges = block.textFormats()
        words += [block.text()[r.start : r.start + r.length] for r in ranges if bold(r.format)]
        block = block.next()
    return words


# --- reviews ----------------------------------------------------------------------------


def test_a_review_renders_as_markdown(qtbot: QtBot, service: JournalService) -> None:
    film = service.add_film(FilmFields("John Wick", year=2014))
    service.write_review(film.id, ReviewFields(80, "clean", MARKDOWN))
    (card,) = page(qtbot, service, film.id).review_cards()
    assert card.body is not None
    document = card.body.document()
    blocks = []
    block = document.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    heading = next(b for b in blocks if b.text() == "What works")
    assert heading.blockFormat().headingLevel() == 2
    assert [b.text() for b in blocks if b.textList()] == ["the library fight", "the dog"]
    quote = next(b for b in blocks if b.text() == "Everything's got a price.")
    assert quote.blockFormat().intProperty(QTextFormat.Property.BlockQuoteLevel) == 1
    paragraph = next(b for b in blocks if b.text().startswith("Keanu"))
    ranges = paragraph.textFormats()
    formats = {paragraph.text()[r.start : r.start + r.length]: r.format for r in ranges}
    assert bold(formats["great"]) and formats["clean"].fontItalic()
    assert bold_words(document) == ["What works", "great"]  # the heading, and **great**
    assert "**" not in document.toPlainText() and "##" not in document.toPlainText()
    assert card.body.height() >= document.size().height()  # all of it shows, no scroll bar


def test_a_review_loads_nothing_and_shows_raw_html_as_text(
    qtbot: QtBot, service: JournalService, httpserver: HTTPServer
) -> None:
    image = httpserver.url_for("/poster.png")
    body = (
        f"![a poster]({image})\n\n"
        f'<img src="{httpserver.url_for("/raw.png")}"> and <b>bold</b> <script>x()</script>\n\n'
        "![a file](file:///etc/hostname)"
    )
    film = service.add_film(FilmFields("Kate", year=2021))
    service.write_review(film.id, ReviewFields(body=body))
    pane = page(qtbot, service, film.id)
    with qtbot.waitExposed(pane):
        pane.show()
    (card,) = pane.review_cards()
    assert card.body is not None
    qtbot.wait(50)  # painted: painting is when an image would be asked for
    text = card.body.toPlainText()
    assert "<b>bold</b>" in text and "<script>x()</script>" in text  # raw HTML as text
    assert not bold_words(card.body.document())  # <b> did nothing
    # Images are their descriptions, and the document holds no image to fetch.
    assert "[image: a poster]" in text and "[image: a file]" in text and "\ufffc" not in text
    assert card.body.blocked_resources == []
    # Were one asked for all the same, the page refuses it.
    assert card.body.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(image)) is None
    assert httpserver.log == []  # nothing reached the server


def test_a_link_in_a_review_is_passed_on_not_followed(
    qtbot: QtBot, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Kate", year=2021))
    service.write_review(film.id, ReviewFields(body="See [the trailer](https://example.org/t)."))
    pane = page(qtbot, service, film.id)
    pane.show()
    (card,) = pane.review_cards()
    assert card.body is not None
    cursor = QTextCursor(card.body.document())
    cursor.setPosition(card.body.toPlainText().index("trailer") + 2)
    spot = card.body.cursorRect(cursor).center() + QPoint(1, 0)
    with qtbot.waitSignal(pane.url_requested) as asked:
        qtbot.mouseClick(card.body.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert asked.args == [QUrl("https://example.org/t")]
    assert card.body.source().isEmpty()  # the review itself did not navigate


def test_a_spoiler_review_is_hidden_until_shown_one_at_a_time(
    qtbot: QtBot, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Ballerina", year=2025))
    service.write_review(film.id, ReviewFields(70, "fine", "Nothing to hide."))
    service.write_review(film.id, ReviewFields(body="She dies at the end.", spoilers=True))
    service.write_review(
        film.id, ReviewFields(body="The father did it.", spoilers=True, tags=("twist",))
    )
    pane = page(qtbot, service, film.id)
    father, dies, plain = pane.review_cards()  # newest first

    def texts() -> str:
        labels = " ".join(label.text() for label in pane.findChildren(QLabel))
        return labels + " ".join(c.body.toPlainText() for c in pane.review_cards() if c.body)

    assert plain.body is not None and "Nothing to hide." in texts()
    assert father.body is None and dies.body is None
    assert "She dies" not in texts() and "father" not in texts() and "twist" not in texts()
    assert father.spoiler_button is not None
    qtbot.mouseClick(father.spoiler_button, Qt.MouseButton.LeftButton)
    assert father.body is not None and father.body.toPlainText() == "The father did it."
    assert father.tags.isVisible() or not pane.isVisible()
    assert father.tags.link_texts() == ["twist"]
    assert dies.body is None and "She dies" not in texts()  # the other one stays hidden
    pane.show_film(service.get_film(film.id))  # the page again (after a change)
    shown = {card.review.id: card.body is not None for card in pane.review_cards()}
    assert shown == {father.review.id: True, dies.review.id: False, plain.review.id: True}
    other = service.add_film(FilmFields("Kate", year=2021))
    pane.show_film(service.get_film(other.id))
    pane.show_film(service.get_film(film.id))  # another film in between: hidden again
    assert [card.body is None for card in pane.review_cards()] == [True, True, False]


# --- names are links --------------------------------------------------------------------


@pytest.fixture
def wiseman(service: JournalService) -> int:
    film = service.add_film(
        FilmFields(
            "Ballerina",
            year=2025,
            directors=("Len Wiseman",),
            cast=("Ana de Armas", "Keanu Reeves"),
            genres=("Action",),
            countries=("United States",),
            where_to_watch=(StreamingInfo("Prime Video"),),
            content_notes=("gun violence", "animal harm"),
        )
    )
    service.write_review(film.id, ReviewFields(70, "fun", "Flamethrowers.", tags=("revenge",)))
    service.add_film(FilmFields("Ballerina", year=2023, directors=("Lee Chung-hyun",)))
    return film.id


@pytest.mark.parametrize(
    ("row", "name", "query"),
    [
        ("Directed by", "Len Wiseman", 'director:"Len Wiseman"'),
        ("Cast", "Keanu Reeves", 'cast:"Keanu Reeves"'),
        ("Genres", "Action", 'genre:"Action"'),
        ("Countries", "United States", 'country:"United States"'),
        ("Where to watch", "Prime Video", 'where:"Prime Video"'),
        ("Content notes", "animal harm", 'content:"animal harm"'),
    ],
)
def test_a_name_on_the_page_searches_for_its_films(
    qtbot: QtBot, make_window: Any, service: JournalService, wiseman: int,
    row: str, name: str, query: str,
) -> None:  # fmt: skip
    window = make_window()
    window.library.select_film(wiseman)
    follow(qtbot, window.detail.credits.values[row], name)
    assert window.search_field.text() == query
    assert window.library.current_name == "search"
    qtbot.waitUntil(lambda: [h.film.id for h in window.search_panel.model.hits] == [wiseman])


def test_a_review_tag_searches_for_its_films(qtbot: QtBot, make_window: Any, wiseman: int) -> None:
    window = make_window()
    window.library.select_film(wiseman)
    (card,) = window.detail.review_cards()
    follow(qtbot, card.tags, "revenge")
    assert window.search_field.text() == 'tag:"revenge"'
    qtbot.waitUntil(lambda: [h.film.id for h in window.search_panel.model.hits] == [wiseman])


def test_a_link_in_a_review_opens_only_web_and_mail_addresses(
    qtbot: QtBot, make_window: Any, monkeypatch: pytest.MonkeyPatch, wiseman: int
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window()
    window.detail.url_requested.emit(QUrl("https://example.org/review"))
    window.detail.url_requested.emit(QUrl("file:///etc/passwd"))
    window.detail.url_requested.emit(QUrl("javascript:alert(1)"))
    assert opened == [QUrl("https://example.org/review")]
    assert "Only web and mail links" in window.statusBar().currentMessage()


# --- content notes, lists, plain text ---------------------------------------------------


def test_content_notes_show_apart_from_spoilers_and_edit_in_the_dialog(
    qtbot: QtBot, make_window: Any, service: JournalService, wiseman: int
) -> None:
    window = make_window()
    window.library.select_film(wiseman)
    notes = window.detail.credits.values["Content notes"]
    assert notes.link_texts() == ["gun violence", "animal harm"]
    (card,) = window.detail.review_cards()
    assert card.body is not None  # content notes hide nothing: they are not spoilers

    seen: list[str] = []

    def edit(dialog: FilmDialog) -> None:  # never raises: the dialog must close
        seen.append(dialog.content_notes_edit.text())
        dialog.content_notes_edit.setText("gun violence, a dog in peril")
        dialog.accept()

    when_modal(qtbot, FilmDialog, edit)
    window.acts.edit_film.trigger()
    assert seen == ["gun violence, animal harm"]
    qtbot.waitUntil(
        lambda: service.get_film(wiseman).fields.content_notes == ("gun violence", "a dog in peril")
    )
    qtbot.waitUntil(
        lambda: (
            window.detail.credits.values["Content notes"].link_texts()
            == ["gun violence", "a dog in peril"]
        )
    )


def test_on_these_lists_opens_the_list_with_the_film_chosen(
    qtbot: QtBot, make_window: Any, service: JournalService, wiseman: int
) -> None:
    kate = service.add_film(FilmFields("Kate", year=2021)).id
    revenge = service.create_list("Revenge", ranked=True)
    service.add_films_to_list(revenge.id, [kate, wiseman])
    other = service.create_list("Keanu")
    service.add_to_list(other.id, wiseman)
    window = make_window()
    window.library.select_film(wiseman)
    rows = window.detail.lists.rows
    assert [row.plain_text() for row in rows] == ["Keanu  (1 film)", "Revenge  (No. 2 of 2)"]
    follow(qtbot, rows[1], "Revenge")
    assert window.library.current_name == "lists"
    lists = window.lists_view
    assert lists.current_list is not None and lists.current_list.id == revenge.id
    assert lists.entries_view.currentIndex().data(FILM_ID_ROLE) == wiseman
    assert window.detail.film is not None and window.detail.film.id == wiseman


def test_user_text_on_the_page_is_plain_text(
    qtbot: QtBot, service: JournalService, httpserver: HTTPServer
) -> None:
    hostile = HOSTILE.replace("http://127.0.0.1:9/", httpserver.url_for("/"))
    film = service.add_film(
        FilmFields("Kate", year=2021, directors=(hostile,), content_notes=(hostile,))
    )
    other = service.add_film(FilmFields(hostile, year=2020))
    service.link_films(film.id, other.id, hostile)
    film_list = service.create_list(hostile)
    service.add_to_list(film_list.id, film.id)
    service.write_review(film.id, ReviewFields(headline=hostile, tags=(hostile,)))
    pane = page(qtbot, service, film.id)
    pane.show()
    qtbot.wait(50)
    assert pane.credits.values["Directed by"].link_texts() == [hostile]
    assert rendered(pane.credits.values["Directed by"]) == hostile  # shown as written
    assert rendered(pane.credits.values["Content notes"]) == hostile
    assert pane.links is not None
    (row,) = pane.links.rows
    assert rendered(row.title) == f"{hostile} (2020)"
    assert row.note.text() == hostile and row.note.textFormat() == Qt.TextFormat.PlainText
    assert rendered(pane.lists.rows[0]).startswith(hostile)
    (card,) = pane.review_cards()
    assert rendered(card.tags) == f"Tags: {hostile}"
    plain = [label for label in pane.findChildren(QLabel) if not isinstance(label, LinkLabel)]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in plain if label.text())
    assert httpserver.log == []


# --- layout -----------------------------------------------------------------------------


def _right_edge(widget: QWidget, pane: FilmDetailPane) -> int:
    return widget.mapTo(pane.viewport(), QPoint(widget.width(), 0)).x()


@pytest.mark.parametrize(("width", "height"), [(800, 600), (1280, 800), (1920, 1080)])
def test_the_page_fits_the_window(
    qtbot: QtBot, make_window: Any, service: JournalService, wiseman: int,
    width: int, height: int,
) -> None:  # fmt: skip
    kate = service.add_film(FilmFields("Kate", year=2021, directors=("Cedric Nicolas-Troyan",)))
    service.link_films(wiseman, kate.id, "same one-woman-army energy, and a long note to wrap")
    window = make_window()
    window.resize(width, height)
    window.library.select_film(wiseman)
    pane = window.detail
    qtbot.waitUntil(lambda: pane.viewport().width() > 0 and pane.poster.width() > 0)
    qtbot.wait(50)
    visible = [w for w in pane.widget().findChildren(QWidget) if w.isVisible()]
    assert visible
    assert all(_right_edge(w, pane) <= pane.viewport().width() for w in visible)  # no clipping
    for value in pane.credits.values.values():
        assert value.width() >= value.minimumWidth()  # names are not broken inside
    poster = pane.poster
    beside = poster.mapTo(pane, QPoint(0, 0)).y() <= pane.title.mapTo(pane, QPoint(0, 0)).y()
    if not beside:
        assert (
            poster.mapTo(pane, QPoint(0, poster.height())).y()
            <= pane.title.mapTo(pane, QPoint(0, 0)).y()
        )
    assert poster.pixmap().width() == round(poster.width() * poster.devicePixelRatioF())


def test_the_poster_grows_with_the_pane(qtbot: QtBot, service: JournalService) -> None:
    film = service.add_film(FilmFields("Kate", year=2021))
    pane = page(qtbot, service, film.id)
    pane.show()
    sizes = []
    for width in (300, 520, 900):
        pane.resize(width, 700)
        qtbot.waitUntil(lambda w=width: pane.viewport().width() <= w)
        sizes.append(pane.poster.size())
    assert sizes[0].width() < sizes[1].width() < sizes[2].width()
    assert all(abs(s.height() - s.width() * 1.5) <= 1 for s in sizes)  # a poster's shape


def test_the_dialog_edits_content_notes(qtbot: QtBot, service: JournalService) -> None:
    film = service.add_film(FilmFields("Kate", year=2021, content_notes=("gun violence",)))
    dialog = FilmDialog(service, service.get_film(film.id))
    qtbot.addWidget(dialog)
    assert dialog.content_notes_edit.text() == "gun violence"
    dialog.content_notes_edit.setText("")
    assert dialog.fields() == replace(service.get_film(film.id).fields, content_notes=())


class _WindowsShown(QObject):
    """Notes every top-level window that is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.shown.append(type(watched).__name__)
        return False


def test_showing_a_page_opens_no_window_of_its_own(
    qtbot: QtBot, make_window: Any, service: JournalService, wiseman: int
) -> None:
    kate = service.add_film(FilmFields("Kate", year=2021)).id
    service.link_films(wiseman, kate, "a note")
    service.write_review(kate, ReviewFields(body="spoiler", spoilers=True, tags=("x",)))
    film_list = service.create_list("Revenge")
    service.add_films_to_list(film_list.id, [kate, wiseman])
    window = make_window()
    watcher = _WindowsShown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(watcher)
    try:
        for film_id in (wiseman, kate, wiseman):
            window.library.select_film(film_id)
            qtbot.wait(20)
    finally:
        app.removeEventFilter(watcher)
    assert watcher.shown == []  # no label flashing up as a window of its own
    assert window.isActiveWindow()


def test_diary_entries_and_the_watchlist_note_have_edit_buttons(
    qtbot: QtBot, service: JournalService
) -> None:
    film = service.add_film(FilmFields("Kate", year=2021))
    viewing = service.mark_watched(film.id, None, where="Netflix")
    later = service.add_film(FilmFields("Ballerina", year=2025), watchlist=True)
    pane = page(qtbot, service, film.id)

    def button(name: str) -> QPushButton:
        return next(b for b in pane.findChildren(QPushButton) if b.accessibleName() == name)

    with qtbot.waitSignal(pane.edit_viewing) as entry:
        button("Edit the diary entry of Date unknown").click()
    assert entry.args == [viewing.id]
    pane.show_film(service.get_film(later.id))
    with qtbot.waitSignal(pane.edit_watchlist_note) as note:
        button("Edit the watchlist note of Ballerina (2025)").click()
    assert note.args == [later.id]


def test_tab_and_shift_tab_step_through_a_labels_links_and_leave_it(qtbot: QtBot) -> None:
    """Shift+Tab used to wrap round inside a label of links and never leave it."""
    from watchjournal.ui.film.link_label import Piece, joined

    page = QWidget()
    qtbot.addWidget(page)
    before, after = QPushButton("before", page), QPushButton("after", page)
    label = LinkLabel(page)
    label.set_pieces(joined([Piece(name, name) for name in ("Ana", "Bo", "Cy")]))
    QWidget.setTabOrder(before, label)
    QWidget.setTabOrder(label, after)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)

    def walk(start: QWidget, key: Qt.Key, presses: int) -> list[str]:
        start.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
        seen = []
        for _ in range(presses):
            qtbot.keyClick(QApplication.focusWidget(), key)
            focus = QApplication.focusWidget()
            assert isinstance(focus, (LinkLabel, QPushButton))
            seen.append(label.selectedText() if focus is label else focus.text())
        return seen

    # The label itself takes the focus first ("" selected), then each link in turn.
    assert walk(before, Qt.Key.Key_Tab, 5) == ["", "Ana", "Bo", "Cy", "after"]
    assert walk(after, Qt.Key.Key_Backtab, 5) == ["", "Cy", "Bo", "Ana", "before"]


def test_the_film_page_is_no_wider_than_a_narrow_pane(
    qtbot: QtBot, make_window: Any, service: JournalService
) -> None:
    """At 800×600 the watchlist row put its note and "Edit Note…" side by side, which
    made the page wider than the pane: it was cut at its right edge (seen in a render)."""
    film = service.add_film(
        FilmFields("Huracán", year=2024, directors=("Ana Díaz Olmedo",), genres=("Drama",)),
        watchlist=True,
        watchlist_note="José says the last shot is unforgettable.",
    )
    window = make_window()
    window.resize(800, 600)
    window.show_view("watchlist")
    assert window.library.select_film(film.id)
    pane = window.detail
    sizes = window.splitter.sizes()  # the pane as narrow as the 800×600 render had it
    window.splitter.setSizes([*sizes[:-2], sizes[-2] + sizes[-1] - 268, 268])
    qtbot.waitUntil(lambda: pane.width() <= 270 and "Edit Note…" in _buttons(pane))
    page = pane.widget()
    assert page.minimumSizeHint().width() <= pane.viewport().width()


def _buttons(widget: QWidget) -> list[str]:
    return [b.text() for b in widget.findChildren(QPushButton) if b.isVisible()]
