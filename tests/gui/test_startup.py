"""Start-up (ui.window.startup): the window and its first rows painted before SQLAlchemy
is imported, the same rows as the built window then shows, in the same window; and a
journal that is busy, newer or damaged still gets the dialog it got before.

Each start runs ``watchjournal --db JOURNAL`` in a process of its own (offscreen), so
``sys.modules`` tells what was imported when the first rows were painted. A driver
watches the paints, answers any message box with Close, and prints what it saw.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.lock_holder import EXCLUSIVE, hold_journal
from watchjournal.journal import FilmFields, JournalService, ReviewFields
from watchjournal.journal.first_page import FirstPage, first_page
from watchjournal.journal.rows import FilmQuery
from watchjournal.paths import AppPaths
from watchjournal.storage import backup, health
from watchjournal.storage.timeouts import BUSY_TIMEOUT_VARIABLE
from watchjournal.ui.app import ui_settings
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.window import library_views, startup
from watchjournal.ui.window.main_window import MainWindow

DRIVER = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QToolBar, QWidget

def cells(view, count=None):
    model = view.model()
    rows = range(model.rowCount() if count is None else min(count, model.rowCount()))
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in rows]

class Spy(QObject):
    seen = {"boxes": []}

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        window = watched.window()
        kind = type(window).__name__
        view = watched.parent()
        if (
            "first" not in self.seen and kind == "WindowShell"
            and isinstance(view, QAbstractItemView) and view.model().rowCount()
        ):
            from watchjournal.ui.window.startup import preview_of
            self.seen["first"] = {
                "orm": "sqlalchemy" in sys.modules,
                "title": window.windowTitle(),
                "win": int(window.winId()),
                "view": view.accessibleName(),
                "rows": preview_of(window).shown_rows(),
            }
        if "ready" not in self.seen and kind == "MainWindow" and window.isVisible():
            current = window.library.current_view()
            shown = len(self.seen.get("first", {}).get("rows", [])) or None
            self.seen["ready"] = {
                "title": window.windowTitle(),
                "win": int(window.winId()),
                "view": current.accessibleName(),
                "rows": cells(current, shown),
                "menus": [a.text() for a in window.menuBar().actions()],
                "toolbars": len(window.findChildren(QToolBar)),
            }
            QTimer.singleShot(0, QApplication.instance().closeAllWindows)
        return False

def answer():
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        shown = [
            type(w).__name__ for w in QApplication.topLevelWidgets()
            if w.isVisible() and not isinstance(w, QMessageBox)
        ]
        spy.seen["boxes"].append({
            "text": box.text(), "detail": box.informativeText(),
            "buttons": [b.text().replace("&", "") for b in box.buttons()],
            "windows": shown,
        })
        box.button(QMessageBox.StandardButton.Close).click()
    QTimer.singleShot(20, answer)

from watchjournal.ui.app import make_application
app = make_application()
spy = Spy(); app.installEventFilter(spy)
QTimer.singleShot(0, answer)
QTimer.singleShot(60000, lambda: app.exit(99))  # a driver that saw nothing must not hang
from watchjournal.cli.main import main
spy.seen["status"] = main(["--db", sys.argv[1]])
print(json.dumps(spy.seen))
"""


def start(journal: Path | str) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(journal)],
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


@pytest.fixture
def journal(journal_path: Path, app_dirs: AppPaths) -> Path:
    service = JournalService.open(journal_path, app_dirs.backup_dir)
    for number in range(1, 31):
        film = service.add_film(FilmFields(f"Film {number:02}", year=1990 + number))
        if number % 3 == 0:
            service.mark_watched(film.id, date(2024, 1, number % 28 + 1))
            service.write_review(film.id, ReviewFields(rating_tenths=40 + number))
    service.close()  # a clean close, as the app and the CLI leave it
    return journal_path


@pytest.mark.parametrize("stars", [False, True])
def test_first_rows_are_painted_before_sqlalchemy_and_are_the_windows_rows(
    journal: Path, app_dirs: AppPaths, stars: bool
) -> None:
    UiPreferences(ui_settings(app_dirs)).ratings_as_stars = stars
    seen = start(journal)
    first, ready = seen["first"], seen["ready"]
    assert first["orm"] is False  # painted before SQLAlchemy was imported
    assert seen["status"] == 0 and seen["boxes"] == []
    assert len(first["rows"]) == 30
    assert first["rows"] == ready["rows"]  # the same text in every cell
    assert first["rows"][2][3] != ""  # "Film 03" is rated, as stars or as a number
    assert (
        (first["view"], first["title"])
        == (ready["view"], ready["title"])
        == (
            "Films",
            f"{journal.stem} — WatchJournal",
        )
    )
    assert first["win"] == ready["win"]  # one window, built where it was painted
    assert ready["menus"] == ["&File", "&Edit", "F&ilm", "&View", "&Help"]  # once each
    assert ready["toolbars"] == 1


def test_the_watchlist_opens_first_when_it_has_films(journal: Path, app_dirs: AppPaths) -> None:
    service = JournalService.open(journal, app_dirs.backup_dir)
    (film,) = [film for film in service.list_films() if film.title == "Film 07"]
    service.add_to_watchlist(film.id, note="soon")
    service.close()
    seen = start(journal)
    assert seen["first"]["orm"] is False
    assert seen["first"]["view"] == seen["ready"]["view"] == "Watchlist"
    assert seen["first"]["rows"] == seen["ready"]["rows"]
    assert [row[0] for row in seen["first"]["rows"]] == ["Film 07"]


def test_a_busy_journal_still_says_so_before_any_window(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app waits this long for the lock before it says "busy" (10 s by default).
    monkeypatch.setenv(BUSY_TIMEOUT_VARIABLE, "500")
    with hold_journal(journal, *EXCLUSIVE):
        seen = start(journal)
    assert "first" not in seen and "ready" not in seen
    (box,) = seen["boxes"]
    assert "busy" in box["detail"] and "Try Again" in box["buttons"]
    assert box["windows"] == []  # no window showed anything before the dialog
    assert seen["status"] == 1


def test_a_journal_from_a_newer_version_is_still_refused(journal: Path, app_dirs: AppPaths) -> None:
    with sqlite3.connect(journal) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    health.record_clean_close(journal, backup.clean_close_record(journal, app_dirs.backup_dir))
    seen = start(journal)
    assert "first" not in seen and "ready" not in seen
    (box,) = seen["boxes"]
    assert "newer version" in box["detail"] and box["windows"] == []
    assert seen["status"] == 1


def test_damage_found_after_the_first_page_still_offers_the_backup(
    journal: Path, app_dirs: AppPaths
) -> None:
    """Damage the clean-close record cannot see (same size, time and inode, as bit rot
    would leave it) in a table the first page does not read: the first rows may show,
    then the full check finds it and the restore is offered, as before."""
    service = JournalService.open(journal, app_dirs.backup_dir)
    service.back_up_now()
    service.close()
    stamp = health.FileStamp.of(journal)
    with sqlite3.connect(journal) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tags'")
    connection.close()
    with journal.open("r+b") as handle:
        handle.seek((root[0] - 1) * page_size)
        handle.write(b"\xa5" * page_size)
    os.utime(journal, ns=(stamp.mtime_ns, stamp.mtime_ns))
    assert first_page(journal, app_dirs.backup_dir, 200) is not None  # looks readable
    seen = start(journal)
    assert "ready" not in seen
    (box,) = seen["boxes"]
    assert "damaged" in box["detail"] and "Restore Latest Backup" in box["buttons"]
    assert box["windows"] == []  # the first page does not stay behind the dialog
    assert seen["status"] == 1


def test_adopting_builds_the_main_window_in_the_shell(
    qtbot: QtBot, service: JournalService, tmp_path: Path
) -> None:
    service.add_film(FilmFields("Paterson", year=2016))
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    page = first_page(Path(str(service.path)), tmp_path / "none", 200)
    assert page is None  # the service holds it open: the usual path
    shell = startup.WindowShell()
    qtbot.addWidget(shell)
    startup.FirstPagePreview(shell, _page_of(service), settings, "journal")
    with startup.adopting(shell):
        window = MainWindow(service, settings, None, "journal")
    assert window is shell and isinstance(shell, MainWindow)
    assert startup.preview_of(shell) is None
    assert [a.text() for a in window.menuBar().actions()].count("&File") == 1
    other = MainWindow(service, settings, None, "journal")  # no adoption any more
    qtbot.addWidget(other)
    assert other is not shell


def _page_of(service: JournalService) -> FirstPage:
    rows = service.film_rows_by_ids(service.film_ids(FilmQuery()))
    return FirstPage("films", FilmQuery(), len(rows), rows)


def test_the_sidebar_names_the_windows_views() -> None:
    assert startup.VIEW_NAMES == library_views.VIEW_NAMES


@pytest.mark.postgres
def test_a_journal_on_a_server_paints_its_first_rows_before_sqlalchemy_too(
    pg_url: str, app_dirs: AppPaths
) -> None:
    service = JournalService.open(pg_url, app_dirs.backup_dir)
    for number in range(1, 31):
        film = service.add_film(FilmFields(f"Film {number:02}", year=1990 + number))
        if number % 3 == 0:
            service.write_review(film.id, ReviewFields(rating_tenths=40 + number))
    service.close()
    seen = start(pg_url)  # a URL, as --db takes it
    first, ready = seen["first"], seen["ready"]
    assert first["orm"] is False  # read with psycopg, painted before SQLAlchemy
    assert seen["status"] == 0 and seen["boxes"] == []
    assert len(first["rows"]) == 30 and first["rows"] == ready["rows"]
    assert first["title"] == ready["title"]  # the URL without a password, as the window's
    assert first["title"].startswith("postgresql://") and first["win"] == ready["win"]
