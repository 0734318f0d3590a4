"""WatchJournal: a local-first desktop film watchlist and review journal."""

from functools import cache

APP_NAME = "WatchJournal"
APP_ID = "io.github.watchjournal.WatchJournal"


@cache
def _installed_version() -> str:
    # Lazy: importlib.metadata costs milliseconds at start-up; only when asked.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("watchjournal")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # Reading the installed metadata costs tens of milliseconds: only when asked.
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
