"""Locating the data files shipped with the app (icons, sample journal, styles)."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("icons", "add.svg")``."""
    return RESOURCES.joinpath(*parts)
