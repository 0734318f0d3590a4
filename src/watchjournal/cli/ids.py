"""Ids typed on the command line (``REVIEW_ID``, ``VIEWING_ID``, ``--viewing ID``).

An id is a positive whole number SQLite can hold; anything else is a usage
error naming the argument (exit status 2), never an ``OverflowError`` from
deep inside the database driver.
"""

from __future__ import annotations

import argparse

from watchjournal.errors import ValidationError
from watchjournal.journal import validate


def id_argument(text: str) -> int:
    """The ``type=`` of an id argument: ``12`` -> 12; ``0``, ``x``, ``10**30`` are refused."""
    try:
        return validate.check_id(validate.parse_whole(text, "id", "a whole number"))
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
