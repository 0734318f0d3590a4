"""Start-up: the window and the first rows of its list, painted before the rest of the app.

Importing SQLAlchemy, the journal's models, the service and the window's many
parts takes longer than painting a window. So when the journal is safely
readable as it is (``storage.quick_read`` says when), ``ui.app`` first shows a
``WindowShell`` with the journal's title, the menus, the sidebar and the first
page of the list the app opens on (``journal.first_page``, read with plain
``sqlite3`` into the same ``FilmTableModel`` the window uses). Right after
that first paint it opens the journal the usual way, with every check, and
builds the real ``MainWindow`` *in the same window*: ``adopting(shell)`` makes
the next ``MainWindow(...)`` return the shell, its preview removed, instead of
a new window, so the user sees one window whose lists come alive, not a
second one replacing the first.

Nothing here imports SQLAlchemy or the service; a test checks that.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Self, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from watchjournal import APP_NAME
from watchjournal.journal.first_page import FirstPage
from watchjournal.ui.common.formatting import count_text
from watchjournal.ui.common.icons import icon
from watchjournal.ui.common.preferences import UiPreferences
from watchjournal.ui.window.actions import build_menus, create_actions
from watchjournal.ui.window.models import PAGE_SIZE, FilmTableModel
from watchjournal.ui.window.tables import list_table

# The sidebar's views, as ui.window.library_views.VIEW_NAMES (a test keeps them equal).
VIEW_NAMES = ("watchlist", "diary", "films", "reviews", "lists", "stats")
FIRST_PAGE_ROWS = PAGE_SIZE  # as many rows as the window's list loads at first


class WindowShell(QMainWindow):
    """A main window before it is built: the base class of ``MainWindow``.

    While ``adopting(shell)`` is in effect, constructing a subclass returns
    ``shell`` itself, turned into that subclass and not initialised again, so
    the subclass's ``__init__`` builds its contents into the window already on
    screen. Otherwise it is an ordinary QMainWindow.
    """

    _adopt: ClassVar[WindowShell | None] = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        shell = WindowShell._adopt
        if shell is None or cls is WindowShell:
            return super().__new__(cls)
        WindowShell._adopt = None
        shell.__class__ = cls  # a subclass with no state of its own yet: its __init__ adds it
        shell.__dict__["_adopted"] = True
        return cast(Self, shell)

    def __init__(self) -> None:
        if self.__dict__.pop("_adopted", False):
            return  # the shell on screen, already a QMainWindow
        super().__init__()


@contextmanager
def adopting(shell: WindowShell) -> Iterator[None]:
    """Make the next ``MainWindow(...)`` built inside be ``shell`` (its preview removed)."""
    preview = shell.findChild(FirstPagePreview)
    if preview is not None:
        preview.remove()
    WindowShell._adopt = shell
    try:
        yield
    finally:
        WindowShell._adopt = None  # not built (the journal could not be opened): no adoption
    # Widgets added to a window on screen are shown by a queued call (QLayout): make
    # them visible before the event loop hands over the keys typed while the window
    # was being built, or Tab would find nothing to go to.
    QCoreApplication.sendPostedEvents()


class FirstPagePreview(QObject):
    """What the shell shows until the window is built; ``painted`` at its first paint
    (connect it queued to go on once that paint is on screen)."""

    painted = Signal()

    def __init__(
        self, shell: WindowShell, page: FirstPage, settings: QSettings, journal_name: str
    ) -> None:
        super().__init__(shell)
        self.setObjectName("first-page-preview")
        self.shell = shell
        self.page = page
        shell.setWindowTitle(f"{journal_name} — {APP_NAME}")
        shell.setMinimumSize(QSize(720, 480))
        # The menus as the window has them; the actions do nothing until it is built.
        self.actions = create_actions(shell)
        build_menus(shell.menuBar(), self.actions)
        self.toolbar = self._toolbar()
        shell.addToolBar(self.toolbar)
        self.model = FilmTableModel(page, self)
        self.model.query = page.query
        self.model.as_stars = UiPreferences(settings).ratings_as_stars
        self.model.reload()
        self.table = _table(page.view.capitalize(), self.model, sortable=page.view == "films")
        self.splitter = self._splitter(settings)
        shell.setCentralWidget(self.splitter)
        total = page.film_count
        self.count_label = QLabel(f"{count_text(total)} films" if total != 1 else "1 film")
        shell.statusBar().addPermanentWidget(self.count_label)
        geometry = settings.value("window/geometry")
        if geometry is not None:
            shell.restoreGeometry(geometry)
        else:
            shell.resize(1200, 760)
        self._painted = False
        shell.installEventFilter(self)

    def _toolbar(self) -> QToolBar:
        bar = QToolBar("Main toolbar")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # As the window's: Back and Forward (ui.film.navigation, disabled until there
        # is somewhere to go), then New Film, Import and Poster Wall.
        for action in (self.actions.back, self.actions.forward):
            action.setEnabled(False)
            bar.addAction(action)
            button = bar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.addSeparator()
        bar.addActions([self.actions.new_film, self.actions.import_data, self.actions.wall_mode])
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred
        )
        bar.addWidget(spacer)
        field = QLineEdit()
        field.setPlaceholderText("Search titles, people, reviews…  (Ctrl+F)")
        field.setAccessibleName("Search")
        field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        field.addAction(icon("help"), QLineEdit.ActionPosition.TrailingPosition)
        field.setMinimumWidth(320)
        field.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to type into until built
        bar.addWidget(field)
        return bar

    def _splitter(self, settings: QSettings) -> QSplitter:
        sidebar = QListWidget()
        sidebar.setAccessibleName("Library")
        sidebar.setIconSize(QSize(20, 20))
        sidebar.setSpacing(2)
        sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        for name in VIEW_NAMES:
            item = QListWidgetItem(icon(name), name.capitalize())
            item.setSizeHint(QSize(0, 34))
            sidebar.addItem(item)
        sidebar.setCurrentRow(VIEW_NAMES.index(self.page.view))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        for widget in (sidebar, self.table, QWidget()):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([160, 540, 500])
        state = settings.value("window/splitter")
        if state is not None:
            splitter.restoreState(state)
        return splitter

    def shown_rows(self) -> list[list[str]]:
        """The text of every cell shown, row by row (for tests and the benchmark)."""
        return _cells(self.table)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and watched is self.shell and event.type() == QEvent.Type.Paint:
            self._painted = True
            # Connect queued: this paint is flushed to the screen before the slot runs.
            self.painted.emit()
        return False

    def remove(self) -> None:
        """Take the preview out of the shell (the window's own parts replace it).

        Its parts are deleted at once, not later: the window's actions have the
        same shortcuts (two would be ambiguous), and the keys typed while the
        window is built must meet only the window's own widgets.
        """
        shell = self.shell
        shell.removeEventFilter(self)
        shell.menuBar().clear()
        shell.removeToolBar(self.toolbar)
        shell.statusBar().removeWidget(self.count_label)
        central = shell.takeCentralWidget()
        actions = [action for action in shell.findChildren(QAction) if action.parent() is shell]
        for part in (self.toolbar, self.count_label, central, *actions):
            if part is not None:
                shiboken6.delete(part)
        self.setParent(None)  # no longer the shell's (preview_of says None)
        self.deleteLater()


def show_first_page(page: FirstPage, settings: QSettings, journal_name: str) -> WindowShell:
    """A window showing ``page`` as the app will (see the module docstring), on screen."""
    shell = WindowShell()
    FirstPagePreview(shell, page, settings, journal_name)
    shell.show()
    return shell


def preview_of(shell: WindowShell) -> FirstPagePreview | None:
    return shell.findChild(FirstPagePreview)


def hide_unbuilt_windows() -> None:
    """Hide a shell not built into a window yet: the journal turned out not to open
    (busy, damaged...), and the dialog that says so must stand alone, as before."""
    for widget in QApplication.topLevelWidgets():
        if type(widget) is WindowShell:
            widget.hide()


def _table(name: str, model: FilmTableModel, *, sortable: bool) -> QTableView:
    view = list_table(name)  # as the built window's lists are (ui.window.tables)
    header = view.horizontalHeader()
    view.setModel(model)
    if sortable:
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
    char = view.fontMetrics().averageCharWidth()
    for column, width in {1: 6, 2: 18, 3: 11, 4: 13, 5: 12}.items():
        header.resizeSection(column, width * char + 16)
    header.resizeSection(0, 24 * char + 16)
    if model.rowCount():
        view.setCurrentIndex(model.index(0, 0))
    return view


def _cells(view: QAbstractItemView) -> list[list[str]]:
    model = view.model()
    return [
        [str(model.index(row, column).data() or "") for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
