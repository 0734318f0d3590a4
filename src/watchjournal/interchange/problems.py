"""Refusing an export with every problem found in it, each named with its file and line.

Every reader (Letterboxd, Trakt, Netflix) gathers the problems of its core files
in one pass and refuses the import with all of them at once: one problem is
raised as it is; several become one ``ExportProblemsError`` listing them.
"""

from __future__ import annotations

from watchjournal.journal.import_types import ImportFormatError

# Problems named one by one in a refusal; a hostile file could have millions.
MAX_LISTED_PROBLEMS = 100

Problems = list[ImportFormatError]


class ExportProblemsError(ImportFormatError):
    """Several problems in an export (``what``: "a Trakt export"), every one named."""

    def __init__(self, problems: Problems, what: str) -> None:
        self.problems = problems
        listed = [f"  {problem}" for problem in problems[:MAX_LISTED_PROBLEMS]]
        if len(problems) > MAX_LISTED_PROBLEMS:
            listed.append(f"  ... and {len(problems) - MAX_LISTED_PROBLEMS} more")
        super().__init__(
            f"{len(problems)} problems in {what}; nothing was imported:\n" + "\n".join(listed)
        )


def refuse(problems: Problems, what: str) -> None:
    """Raise the one problem, or all of them together; nothing when there is none."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ExportProblemsError(problems, what)
