"""Refusing an export with every problem found in it, each named with its file and line.

Every reader (Letterboxd, Trakt, Netflix) gathers the problems of its core files
in one pass and refuses the import with all of them at once: one problem is
raised as it is; several become one ``ExportProblemsError`` listing them. An
optional file with problems is left out with one ``left_out_warning``.
"""

from __future__ import annotations

from watchjournal.journal.import_types import ImportFormatError, ImportWarning

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


def left_out_warning(name: str, found: Problems) -> ImportWarning:
    """The warning for an optional file left out: its first problems, without its name."""
    prefixes = (f"{name}, ", f"{name}: ")
    texts = []
    for problem in found[:3]:
        text = str(problem)
        for prefix in prefixes:
            text = text.removeprefix(prefix)
        texts.append(text)
    more = f" (and {len(found) - 3} more problems)" if len(found) > 3 else ""
    return ImportWarning(name, "; ".join(texts) + more)


def short_list(names: list[str], most: int = 8) -> str:
    """``names`` joined by commas, the first ``most`` of them and how many more."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
