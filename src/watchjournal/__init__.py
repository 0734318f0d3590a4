"""WatchJournal: a local-first desktop film watchlist and review journal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("watchjournal")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

APP_NAME = "WatchJournal"
APP_ID = "io.github.watchjournal.WatchJournal"
