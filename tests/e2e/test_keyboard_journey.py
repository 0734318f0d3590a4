"""The whole journey of two same-titled films, with the keyboard only, in the real app.

The real ``watchjournal`` process runs on a private Xvfb screen and every step
is a key press or typed text sent with xdotool through the X server (XTEST),
as a keyboard would: add "Ballerina" (2023, Lee Chung-hyun) and "Ballerina"
(2025, Len Wiseman), find each with the search field, mark the first watched,
rate and review it, open the second, use the shortcuts window, quit with
Ctrl+Q. Each step waits on a condition: the title of the window that has the
keyboard focus (a dialog names its film: "Log Ballerina (2023)") or the
journal's contents read with the CLI (SQLite lets it read while the app
writes). At the end the journal must hold each action on the right film.

The screen runs a window manager (openbox), as a desktop does: it gives the
focus to a dialog that opens and back to the main window when it closes, so
the keys go where a user's would, and nothing here moves the focus.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult
from tests.e2e.test_gui_process import start_app, wait_for_window

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed"),
    pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed"),
    pytest.mark.skipif(shutil.which("openbox") is None, reason="openbox is not installed"),
]

MAIN = "journal — WatchJournal"
TIMEOUT_S = 30.0
RETRY_S = 3.0
SUFFIX = " — WatchJournal"


def name_pattern(title: str) -> str:
    """An xdotool (POSIX extended) regular expression for exactly this window title."""
    literal = re.sub(r"([][(){}.*+?^$|\\])", r"\\\1", title)
    return f"^{literal}({SUFFIX})?$"


class Keyboard:
    """xdotool on one X display: keys, text and the title of the focused window."""

    def __init__(self, display_name: str, app: subprocess.Popen[bytes]) -> None:
        self.display_name = display_name
        self.app = app

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["xdotool", *args],
            env={**os.environ, "DISPLAY": self.display_name},
            capture_output=True,
            text=True,
            check=check,
            timeout=30,
        )
        return result.stdout.strip()

    def key(self, *keys: str) -> None:
        self.run("key", "--clearmodifiers", "--delay", "80", *keys)

    def type(self, text: str) -> None:
        self.run("type", "--delay", "40", text)

    def focused_title(self) -> str:
        """The focused window's title, without the " — WatchJournal" Qt adds to dialogs."""
        window = self.run("getwindowfocus", check=False)
        if not window.isdigit():
            return ""
        name = self.run("getwindowname", window, check=False)
        return name if name == MAIN else name.removesuffix(SUFFIX)

    def wait_focus(self, title: str) -> None:
        """Wait until the window named exactly ``title`` has the keyboard focus."""
        started = time.monotonic()
        while time.monotonic() - started < TIMEOUT_S:
            if self.app.poll() is not None:
                raise AssertionError(f"the app exited: {self.app.communicate()[1].decode()}")
            focused = self.focused_title()
            if focused == title:
                return
            time.sleep(0.1)
        raise AssertionError(f"{title!r} never had the focus (it is {self.focused_title()!r})")

    def open_window(self, key: str, title: str) -> None:
        """Press ``key`` until the window ``title`` has the focus.

        The key is pressed again only while nothing happened (the main window
        still has the focus: the film was not selected yet, the search still
        running); any other window means the key acted on the wrong film.
        """
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            self.key(key)
            waited = time.monotonic() + RETRY_S
            while time.monotonic() < waited:
                focused = self.focused_title()
                if focused == title:
                    return
                assert focused in ("", MAIN), f"{key} opened {focused!r}, not {title!r}"
                time.sleep(0.1)
        raise AssertionError(f"{key} never opened {title!r}")

    def wait_gone(self, title: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            if not self.run("search", "--onlyvisible", "--name", name_pattern(title), check=False):
                return
            time.sleep(0.1)
        raise AssertionError(f"{title!r} did not close")


@pytest.fixture
def desktop(app_dirs: object) -> Iterator[str]:
    """A private Xvfb screen with a window manager (openbox) on it; its display name."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        name = f":{pipe.readline().strip()}"
    env = {**os.environ, "DISPLAY": name}
    manager = subprocess.Popen(
        ["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while "window id" not in _root_property(env, "_NET_SUPPORTING_WM_CHECK"):
            assert manager.poll() is None, "openbox did not start"
            assert time.monotonic() < deadline, "openbox did not take the screen"
            time.sleep(0.1)
        yield name
    finally:
        manager.terminate()
        manager.wait(10)
        server.terminate()
        server.wait(10)


def _root_property(env: dict[str, str], name: str) -> str:
    found = subprocess.run(
        ["xprop", "-root", name], env=env, capture_output=True, text=True, check=False
    )
    return found.stdout


def films(run_cli: Callable[..., CliResult]) -> dict[int, Any]:
    """The journal's films by year, read with the CLI."""
    listed = run_cli("list", "--json")
    assert listed.returncode == 0, listed.stderr
    return {film["year"]: film for film in json.loads(listed.stdout)}


def wait_journal(
    run_cli: Callable[..., CliResult], check: Callable[[dict[int, Any]], bool]
) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if check(films(run_cli)):
            return
        time.sleep(0.3)
    raise AssertionError(f"the journal never got there: {films(run_cli)}")


def add_film(keys: Keyboard, year: str, director: str) -> None:
    keys.key("ctrl+n")
    keys.wait_focus("Add a film")  # the focus is in Title
    keys.type("Ballerina")
    keys.key("alt+y", "ctrl+a")
    keys.type(year)
    keys.key("alt+d")
    keys.type(director)
    keys.key("Return")


def open_by_search(keys: Keyboard, query: str) -> None:
    """Ctrl+F, the query, Enter (to the results), Enter (the film, in the Films list)."""
    keys.key("ctrl+f")
    keys.type(query)
    keys.key("Return", "Return")  # the second opens the first result, even before it came


def test_two_same_titled_films_with_the_keyboard_only(
    desktop: str, run_cli: Callable[..., CliResult], journal_path: Path
) -> None:
    app = start_app(desktop, "--db", str(journal_path))
    keys = Keyboard(desktop, app)
    try:
        wait_for_window(desktop, MAIN, app)
        keys.wait_focus(MAIN)

        add_film(keys, "2023", "Lee Chung-hyun")
        wait_journal(run_cli, lambda f: 2023 in f)
        keys.wait_focus(MAIN)
        add_film(keys, "2025", "Len Wiseman")
        # Another year: not a duplicate, so the dialog does not ask; both are "Ballerina".
        wait_journal(run_cli, lambda f: 2025 in f)
        keys.wait_focus(MAIN)

        # Mark the 2023 film watched: the dialog names the film it is about.
        open_by_search(keys, "director:lee")
        keys.open_window("ctrl+m", "Log Ballerina (2023)")
        keys.key("Return")
        wait_journal(run_cli, lambda f: len(f[2023]["viewings"]) == 1)
        keys.wait_focus(MAIN)

        # Rate it 6.4 and write a verdict; Escape saves and goes back to the film.
        keys.key("ctrl+r")  # the editor opens on the film in the pane, focus in the rating
        keys.key("Prior", "Prior", "Right", "Right", "Right", "Right")  # 5.0, 6.0, 6.4
        keys.key("alt+d")
        keys.type("stream it")
        keys.key("Escape")
        wait_journal(
            run_cli,
            lambda f: (
                [(r["rating"], r["headline"]) for r in f[2023]["reviews"]] == [(6.4, "stream it")]
            ),
        )

        # Open the other one: Edit Film (F2) names it; Escape leaves it unchanged.
        open_by_search(keys, "director:wiseman")
        keys.open_window("F2", "Edit Ballerina (2025)")
        keys.key("Escape")
        keys.wait_focus(MAIN)

        # The shortcuts window opens with F1 and closes with Ctrl+W.
        keys.open_window("F1", "Keyboard Shortcuts")
        keys.key("ctrl+w")
        keys.wait_gone("Keyboard Shortcuts")
        keys.wait_focus(MAIN)
        keys.key("ctrl+q")
        app.communicate(timeout=TIMEOUT_S)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate(timeout=20)
    assert app.returncode == 0

    journal = films(run_cli)
    assert sorted(journal) == [2023, 2025]
    first, second = journal[2023], journal[2025]
    assert (first["title"], first["directors"]) == ("Ballerina", ["Lee Chung-hyun"])
    assert (second["title"], second["directors"]) == ("Ballerina", ["Len Wiseman"])
    assert len(first["viewings"]) == 1 and second["viewings"] == []
    assert [(r["rating"], r["headline"]) for r in first["reviews"]] == [(6.4, "stream it")]
    assert second["reviews"] == [] and second["rating"] is None
