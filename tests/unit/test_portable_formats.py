"""No platform-specific date format codes anywhere in the source.

``%-d`` (glibc: no padding) raises ValueError on Windows, ``%#d`` is its
Windows-only twin, and ``%e``/``%k``/``%l``/``%P`` are missing there too. The UI
formats dates with QLocale (ui/common/formatting.py), the CLI and JSON with ISO
dates; this keeps the platform codes from coming back, in strftime calls and
in f-string format specs (``f"{day:%-d %b}"``) alike.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import watchjournal

PACKAGE = Path(watchjournal.__file__).parent
# A % directive with a glibc/BSD flag (-, _, ^, #) or a code Windows lacks.
PLATFORM_CODE_RE = re.compile(r"%[-_^#][a-zA-Z]|%[eklP](?![a-zA-Z])")
UI_STRFTIME_RE = re.compile(r"\.strftime\(|:%[a-zA-Z]")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('day.strftime("%-d %b %Y")', True),
        ('f"{day:%-d %b %Y}"', True),
        ('stamp.strftime("%#d %b")', True),
        ('strftime("%e %B")', True),
        ('strftime("%Y-%m-%d %H:%M")', False),
        ('f"{share:.1%}"', False),
        ('"100% done"', False),
        ('log.warning("failed: %s", exc)', False),
    ],
)
def test_the_check_tells_platform_codes_apart(text: str, found: bool) -> None:
    assert bool(PLATFORM_CODE_RE.search(text)) is found


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_platform_specific_date_codes_in_src() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PLATFORM_CODE_RE.search(line)
    ]
    assert not offenders, "\n".join(offenders)


def test_the_ui_formats_dates_through_qlocale_only() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UI_STRFTIME_RE.search(line) and not line.lstrip().startswith("#")
    ]
    assert not offenders, "\n".join(offenders)
