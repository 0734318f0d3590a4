"""Help > About shows the one version, the one in pyproject.toml (as --version does)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_about_names_the_version_from_pyproject(make_window: Callable[[], Any]) -> None:
    version = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    window = make_window()
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, read_and_close)
            return
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    window.acts.about.trigger()
    assert seen and seen[0].startswith(f"WatchJournal {version}\n")
