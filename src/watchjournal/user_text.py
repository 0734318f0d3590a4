"""Showing text the user (or an imported file) wrote, safely: in messages, on a
terminal and in the app.

- ``quote``/``shorten``: user text quoted in an error message is cut to a
  readable length (``MAX_QUOTED`` characters, ending in "…"), on one line, with
  control and bidi characters written out as ``\\u202e``; a refused 1 MB title
  or a right-to-left override cannot flood or reorder the message.
- ``quote_number``: an integer too long to read is described, not printed.
- ``terminal_safe``: a line for the terminal with bidi and control characters
  (other than tab) written out, so a review cannot reorder the line it is on
  or send escape sequences; ``--json`` output stays exact.
- ``isolate``: text that could reorder what surrounds it (bidi controls,
  right-to-left letters) wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL
  ISOLATE, for the GUI, where the text itself must be shown as written.

No dependencies: the layers below the front ends (journal, interchange,
config) and both front ends use it.
"""

from __future__ import annotations

import re

MAX_QUOTED = 80  # characters of user text quoted in a message
QUOTE_DIGITS = 18  # an integer with more digits is described, not printed
FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they
# reorder the text after them, up to the end of the paragraph.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# The implicit marks and the line/paragraph separators move text around too.
_BIDI_AND_MARKS = f"\u061c\u200e\u200f\u2028\u2029{BIDI_CONTROLS}"
_UNSAFE_IN_MESSAGE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI_AND_MARKS}]")
_UNSAFE_ON_TERMINAL = re.compile(
    f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029{BIDI_CONTROLS}]"
)
# Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko...) and the controls.
_NEEDS_ISOLATION = re.compile(
    f"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe{BIDI_CONTROLS}\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shorten(text: str, limit: int = MAX_QUOTED) -> str:
    """User text fit for a message: at most ``limit`` characters (ending in "…"
    when cut), on one line, with control and bidi characters written out."""
    head = _UNSAFE_IN_MESSAGE.sub(_escape, text[: limit + 1])  # never walk a 1 MB value
    if len(text) <= limit and len(head) <= limit:
        return head
    return head[: limit - 1].rstrip() + "…"


def quote(text: str, limit: int = MAX_QUOTED) -> str:
    """``shorten`` in double quotes: how every message quotes what the user typed."""
    return f'"{shorten(text, limit)}"'


def quote_number(number: int) -> str:
    """An integer for a message (``str`` of a 5,000-digit integer would itself fail)."""
    if -(10**QUOTE_DIGITS) < number < 10**QUOTE_DIGITS:
        return str(number)
    return f"a number over {QUOTE_DIGITS} digits long"


def terminal_safe(text: str) -> str:
    """Text for a terminal: bidi controls and control characters (but tab and line
    breaks) written out as ``\\u202e``, so they neither reorder nor control it."""
    if not _UNSAFE_ON_TERMINAL.search(text):
        return text
    return _UNSAFE_ON_TERMINAL.sub(_escape, text.replace("\r\n", "\n"))


def isolate(text: str) -> str:
    """``text`` wrapped in FSI...PDI when it could reorder what is around it; its
    own direction comes from its first strong letter, and any override inside
    ends at the PDI."""
    if not _NEEDS_ISOLATION.search(text):
        return text
    if PDI in text:
        text = _drop_unmatched_pdi(text)
    return f"{FSI}{text}{PDI}"


def _drop_unmatched_pdi(text: str) -> str:
    """Without its own isolate to close, a PDI in the text would close ours early."""
    kept: list[str] = []
    depth = 0
    for char in text:
        if char in "\u2066\u2067\u2068":  # LRI, RLI, FSI
            depth += 1
        elif char == PDI:
            if depth == 0:
                continue
            depth -= 1
        kept.append(char)
    return "".join(kept)
