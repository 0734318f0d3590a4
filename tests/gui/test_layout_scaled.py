"""Layout at 200 % (QT_SCALE_FACTOR=2), in a process of its own: the factor must be set
before Qt starts. The window is 800x600 device-independent pixels (1600x1200 drawn);
every view and the Settings dialog are checked as in test_layout.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tests.gui.layout_checks import buttons_past, clipped_labels, sideways_lists
from watchjournal.demo import create_demo_journal
from watchjournal.journal import JournalService
from watchjournal.metadata.cache import PosterCache
from watchjournal.paths import resolve_paths
from watchjournal.ui.app import ui_settings
from watchjournal.ui.dialogs.settings import SettingsDialog
from watchjournal.ui.window.main_window import MainWindow

def settle():
    for _ in range(30):
        app.processEvents()

paths = resolve_paths()
folder = Path(sys.argv[1])
service = JournalService.open(create_demo_journal(folder, PosterCache(paths.cache_dir)), folder)
cache = PosterCache(paths.cache_dir)
window = MainWindow(service, ui_settings(paths), cache, "j", paths.config_file)
window.resize(800, 600)
window.show()
problems = {"ratio": window.devicePixelRatioF()}
for view in ("films", "watchlist", "diary", "reviews"):
    window.show_view(view)
    settle()
    problems[view] = clipped_labels(window) + sideways_lists(window)
problems["film page"] = buttons_past(window.detail.viewport())
window.open_review(service.resolve_film("Paterson (2016)").id, None)
settle()
problems["review"] = clipped_labels(window)
window.close_review()
dialog = SettingsDialog(window.preferences, window.online.config, window.config_path,
                        window.cache, service.path, parent=window)
dialog.show()
for tab in range(dialog.tabs.count()):
    dialog.tabs.setCurrentIndex(tab)
    settle()
    problems[f"settings {tab}"] = clipped_labels(dialog)
print(json.dumps(problems))
service.close()
"""


def test_every_view_at_200_percent(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        QT_SCALE_FACTOR="2",
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")]),
    )
    folder = tmp_path / "demo"
    folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    problems = json.loads(result.stdout.strip().splitlines()[-1])
    assert problems.pop("ratio") == 2.0
    assert problems == {name: [] for name in problems}
