"""Putting the Stats view into the main window: a library page (Ctrl+5), its status
messages in the status bar, and Year in Review… (an HTML page and a PNG beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from watchjournal.interchange.targets import ProtectedFiles
from watchjournal.interchange.year_review import (
    gather_year_review,
    write_year_review,
    year_review_html,
)
from watchjournal.ui.common.errors import show_error
from watchjournal.ui.common.modal import modal
from watchjournal.ui.common.tasks import TaskControl
from watchjournal.ui.stats.review_png import save_year_review_png
from watchjournal.ui.stats.view import StatsView

if TYPE_CHECKING:
    from watchjournal.metadata.cache import PosterCache
    from watchjournal.ui.window.library_views import LibraryViews
    from watchjournal.ui.window.main_window import MainWindow


def attach_stats_view(
    window: MainWindow, library: LibraryViews, cache: PosterCache | None
) -> StatsView:
    stats = StatsView(window.service, window.runner, window)
    library.add_page("stats", stats, stats.films_list, stats.reload)
    stats.status.connect(lambda text: window.statusBar().showMessage(text, 8000))
    stats.year_in_review.connect(
        lambda year, query: save_year_in_review(window, stats, cache, year, query)
    )
    window.acts.year_in_review.triggered.connect(lambda: ask_year_in_review(window, stats))
    pane = FilmPaneWhileStats(window, library, stats)
    library.currentChanged.connect(lambda _i: pane.update())
    stats.films_list.currentItemChanged.connect(lambda *_: pane.update())
    return stats


class FilmPaneWhileStats:
    """The charts get the film pane's room while no film of the Stats view is chosen:
    the pane hides on the Stats page until a film behind a number is picked, and
    comes back as it was on the other pages (the splitter keeps its sizes)."""

    def __init__(self, window: MainWindow, library: LibraryViews, stats: StatsView) -> None:
        self.window, self.library, self.stats = window, library, stats
        self.hidden = False

    def update(self) -> None:
        window = self.window
        on_stats = self.library.currentWidget() is self.stats
        reviewing = window.right.currentIndex() != 0
        unused = on_stats and not reviewing and self.stats.films_list.currentItem() is None
        if unused and not self.hidden and window.right.isVisibleTo(window):
            self.hidden = True
            window.right.hide()
        elif not unused and self.hidden:
            self.hidden = False
            window.right.show()


def ask_year_in_review(window: MainWindow, stats: StatsView) -> None:
    """View ▸ Year in Review…: the Stats view is shown, on the year its picker holds
    when it showed another period, and that year's review is asked for, with its query."""
    window.show_view("stats")
    stats.ask_year_in_review()


def _replace_picture(window: MainWindow, picture: Path) -> bool:
    """Whether the user lets the picture of that name be replaced (its name as plain text)."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    text = f"{picture.name} already exists next to the page. Replace it?"
    box = QMessageBox(QMessageBox.Icon.Question, "Year in Review", text, yes | no, window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(no)
    with modal(box):
        box.exec()
        return box.clickedButton() is box.button(yes)


def save_year_in_review(
    window: MainWindow, stats: StatsView, cache: PosterCache | None, year: int, query: str
) -> None:
    """Ask where, then write FILE.html and FILE.png off the GUI thread."""
    # In the documents folder, not wherever the app was started from.
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    suggested = str(folder / f"{year}-in-review.html")
    name, _filter = QFileDialog.getSaveFileName(
        window, "Save the Year in Review", suggested, "Web page (*.html)"
    )
    if not name:
        return
    target = Path(name).with_suffix(".html")
    picture = target.with_suffix(".png")
    # The save box asked about the page only: the picture beside it is not replaced unasked.
    if picture.exists() and not _replace_picture(window, picture):
        return
    protected = ProtectedFiles.of(window.service)

    def work(_control: TaskControl) -> Path:
        review = gather_year_review(window.service, year, query or None, cache)
        # The file dialog already asked before replacing the file.
        write_year_review(year_review_html(review), target, protected, overwrite=True)
        save_year_review_png(review, picture)
        return target

    def done(path: Path | None, error: BaseException | None) -> None:
        if error is not None:
            show_error(window, "Year in Review", error)
        elif path is not None:
            stats.status.emit(f"Saved {path} and {path.with_suffix('.png').name}")

    window.runner.run(work, done)
