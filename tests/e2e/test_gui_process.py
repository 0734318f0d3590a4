"""The real ``watchjournal`` app process on a virtual X screen (Xvfb)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, CliResult, watchjournal_command

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed"),
]


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A private Xvfb server; its display number is chosen by Xvfb itself."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(10)


def window_names(display: str) -> str:
    result = subprocess.run(
        ["xwininfo", "-root", "-tree", "-display", display],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def screenshot(display: str, path: Path) -> None:
    script = (
        "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]);"
        " ok = app.primaryScreen().grabWindow(0).save(sys.argv[1]); sys.exit(0 if ok else 1)"
    )
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run([sys.executable, "-c", script, str(path)], env=env, check=True, timeout=60)


def start_app(display: str, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    return subprocess.Popen(
        [*watchjournal_command(), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def painted_screenshot(display: str, path: Path, app: subprocess.Popen[bytes]) -> None:
    """Screenshots into ``path`` until one shows a painted window (over 20 kB; a blank
    screen compresses to far less)."""

    def painted() -> str | None:
        screenshot(display, path)
        return "painted" if path.stat().st_size > 20_000 else None

    try:
        _poll(app, painted, 0.2)
    except TimeoutError:
        raise AssertionError("the window was never painted") from None


def saved_review(journal: Path) -> tuple[str, str] | None:
    """(headline, body) of the journal's one review, read without changing anything."""
    connection = sqlite3.connect(f"{journal.as_uri()}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT headline, body FROM reviews").fetchall()
    except sqlite3.OperationalError:  # not there yet, or the app holds a lock for a moment
        return None
    finally:
        connection.close()
    return (rows[0][0], rows[0][1]) if len(rows) == 1 else None


def stop(app: subprocess.Popen[bytes]) -> tuple[int, str]:
    """Ask the app to close (SIGTERM closes its windows properly) and collect its output."""
    app.send_signal(signal.SIGTERM)
    _out, err = app.communicate(timeout=20)
    return app.returncode, err.decode()


def _poll(app: subprocess.Popen[bytes], found: Callable[[], str | None], interval: float) -> str:
    """What ``found()`` gives once it is not None (asked every ``interval`` s for up
    to 30 s); AssertionError if the app exits first or it never comes."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if (answer := found()) is not None:
            return answer
        if app.poll() is not None:
            raise AssertionError(f"the app exited early: {app.communicate()[1].decode()}")
        time.sleep(interval)
    raise TimeoutError


def wait_for_window(display: str, title: str, app: subprocess.Popen[bytes]) -> None:
    try:
        _poll(app, lambda: title if title in window_names(display) else None, 0.2)
    except TimeoutError:
        raise AssertionError(f"no window named {title!r} appeared") from None


def visible_window(display: str, title: str, app: subprocess.Popen[bytes]) -> str:
    """The id of the window named ``title`` once it is mapped (xdotool can act on it).

    ``wait_for_window`` sees the window as soon as it exists; it is shown a moment
    later, and on a loaded machine that moment has been long enough for
    ``xdotool search --onlyvisible`` to find nothing.
    """
    wait_for_window(display, title, app)

    def shown() -> str | None:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", title],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
            check=False,
        )
        ids = found.stdout.split() if found.returncode == 0 else []
        return ids[-1] if ids else None

    try:
        return _poll(app, shown, 0.1)
    except TimeoutError:
        raise AssertionError(f"the window named {title!r} was never shown") from None


def test_app_starts_shows_its_window_and_closes_cleanly(
    display: str, run_cli: Callable[..., CliResult], journal_path: Path, app_dirs: object
) -> None:
    assert (
        run_cli("add", "Ballerina", "--year", "2023", "--director", "Lee Chung-hyun").returncode
        == 0
    )
    assert run_cli("add", "Paterson", "--year", "2016", "--watchlist").returncode == 0
    app = start_app(display, "--db", str(journal_path))
    try:
        wait_for_window(display, "WatchJournal", app)
        assert "journal" in window_names(display)
        ARTIFACTS.mkdir(exist_ok=True)
        painted_screenshot(display, ARTIFACTS / "app_under_xvfb.png", app)
    finally:
        code, stderr = stop(app)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    ui_ini = Path(os.environ["XDG_CONFIG_HOME"]) / "watchjournal" / "ui.ini"
    assert "geometry" in ui_ini.read_text()


def test_demo_opens_a_filled_journal(display: str) -> None:
    app = start_app(display, "--demo")
    try:
        wait_for_window(display, "Demo journal", app)
        ARTIFACTS.mkdir(exist_ok=True)
        painted_screenshot(display, ARTIFACTS / "demo_under_xvfb.png", app)
    finally:
        code, stderr = stop(app)
    assert code == 0, stderr


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed")
def test_review_typed_in_the_app_survives_sigkill(
    display: str, run_cli: Callable[..., CliResult], journal_path: Path, app_dirs: object
) -> None:
    """Type a review through the real UI, kill -9 the app, and find the review saved."""
    assert run_cli("add", "Paterson", "--year", "2016").returncode == 0
    app = start_app(display, "--db", str(journal_path))
    try:
        window = visible_window(display, "WatchJournal", app)
        xdotool = ["xdotool"]
        env = {**os.environ, "DISPLAY": display}
        subprocess.run([*xdotool, "windowfocus", "--sync", window], env=env, check=True)
        # Nothing outside the app shows that the list has selected its first film,
        # nor that the editor is open with the focus in the rating: a pause for each.
        time.sleep(0.5)
        subprocess.run([*xdotool, "key", "--window", window, "ctrl+r"], env=env, check=True)
        time.sleep(0.8)
        subprocess.run([*xdotool, "key", "Tab"], env=env, check=True)  # to the verdict
        subprocess.run([*xdotool, "type", "--delay", "30", "stream it"], env=env, check=True)
        # Past the Write/Preview tabs to the body.
        subprocess.run([*xdotool, "key", "Tab", "Tab"], env=env, check=True)
        words = "A bus driver writes poems between stops."
        subprocess.run([*xdotool, "type", "--delay", "30", words], env=env, check=True)
        # Killed once the autosave has reached the journal file (read there, read-only).
        try:
            _poll(
                app,
                lambda: "yes" if saved_review(journal_path) == ("stream it", words) else None,
                0.1,
            )
        except TimeoutError:
            raise AssertionError(f"never saved: {saved_review(journal_path)}") from None
    finally:
        app.kill()  # SIGKILL: no chance to save anything more
        app.communicate(timeout=20)
    shown = run_cli("show", "Paterson", "--json")
    assert shown.returncode == 0, shown.stderr
    import json

    (review,) = json.loads(shown.stdout)["reviews"]
    assert review["body"] == words, review
    assert review["headline"] == "stream it"
