#!/usr/bin/env python3
"""Render the app's SVG icon to PNG files, one per size, with Qt's SVG renderer.

Usage: ``render_icon.py SVG OUT_DIR SIZE [SIZE ...]`` writes ``OUT_DIR/<SIZE>.png``.
The desktop bundle (Windows .ico and macOS .icns are converted from the largest
PNG by PyInstaller through Pillow) and the Linux hicolor icons use it, so every
icon is derived from ``resources/icons/app.svg``. Runs offscreen: no display needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def render(svg: Path, out_dir: Path, sizes: list[int]) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icon: {svg} is not a valid SVG")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"{size}.png"
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"render_icon: cannot write {target}")
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    render(Path(argv[0]), Path(argv[1]), [int(size) for size in argv[2:]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
