"""The built wheel and sdist carry everything, and the installed wheel runs on its own.

The wheel is built with ``python -m build`` from a copy of the source tree (as
a fresh checkout would be) and installed, not editable, into a new venv. The
new venv borrows only the third-party packages of the test environment, through
a path line in a .pth file, so the test needs no network; ``watchjournal`` itself
must come from the wheel. The slow test builds the PyInstaller bundle and opens
it under Xvfb: ``.venv/bin/python -m pytest -m slow tests/e2e/test_packaging.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.test_gui_process import display, wait_for_window, window_names

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
SOURCE_ITEMS = ("pyproject.toml", "README.md", "MANIFEST.in", "CHANGELOG.md", "src", "resources")
SOURCE_ITEMS_OPTIONAL = ("packaging",)

__all__ = ["display"]  # the Xvfb fixture, shared with the GUI process tests


@dataclass(frozen=True)
class Dists:
    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class FreshVenv:
    folder: Path
    python: Path
    command: Path  # the watchjournal console script pip made


def shipped_resources() -> list[str]:
    """Every file under resources/, relative to it (what the app reads at run time)."""
    base = ROOT / "resources"
    files = [path for path in base.rglob("*") if path.is_file() and path.name != ".gitkeep"]
    return sorted(path.relative_to(base).as_posix() for path in files)


def migration_files() -> list[str]:
    base = ROOT / "src" / "watchjournal"
    folder = base / "storage" / "migrations"
    files = [*folder.glob("*.py"), *folder.glob("versions/*.py"), folder / "script.py.mako"]
    return sorted(path.relative_to(base).as_posix() for path in files)


def copy_source_tree(target: Path) -> None:
    """The files a clean checkout has (no .venv, build output or caches)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in (*SOURCE_ITEMS, *SOURCE_ITEMS_OPTIONAL):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=True, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """``python -m build``: the sdist, then the wheel built from that sdist."""
    source = tmp_path_factory.mktemp("source")
    copy_source_tree(source)
    out = tmp_path_factory.mktemp("dist")
    # No isolation: the test environment already has setuptools and no network is needed.
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("watchjournal-*.whl")
    (sdist,) = out.glob("watchjournal-*.tar.gz")
    return Dists(wheel, sdist)


@pytest.fixture(scope="module")
def fresh_venv(dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> FreshVenv:
    folder = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # A plain path line: the test env's own .pth files (the editable install) stay unread.
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "_watchjournal_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(dists.wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return FreshVenv(folder, python, folder / "bin" / "watchjournal")


def test_wheel_carries_the_runtime_files(dists: Dists) -> None:
    names = set(zipfile.ZipFile(dists.wheel).namelist())
    assert shipped_resources(), "resources/ is empty"
    for relative in shipped_resources():
        assert f"watchjournal/resources/{relative}" in names
    for relative in migration_files():
        assert f"watchjournal/{relative}" in names
    assert "watchjournal/py.typed" in names
    assert "watchjournal/resources/icons/app.svg" in names
    metadata = zipfile.ZipFile(dists.wheel).read(f"watchjournal-{VERSION}.dist-info/METADATA")
    assert f"\nVersion: {VERSION}\n" in metadata.decode()
    assert not any(name.startswith(("tests/", "packaging/")) for name in names)


def test_sdist_holds_real_copies_of_the_resources(dists: Dists) -> None:
    prefix = f"watchjournal-{VERSION}/"
    with tarfile.open(dists.sdist) as archive:
        members = {member.name: member for member in archive.getmembers()}
    for relative in shipped_resources():
        member = members[f"{prefix}src/watchjournal/resources/{relative}"]
        assert member.isfile(), f"{relative} is not a regular file in the sdist"
    for relative in migration_files():
        assert f"{prefix}src/watchjournal/{relative}" in members
    assert f"{prefix}CHANGELOG.md" in members


def test_installed_wheel_is_imported_from_the_fresh_venv(fresh_venv: FreshVenv) -> None:
    script = (
        "import json, sys, watchjournal;"
        " from watchjournal.resource_files import resource_path;"
        " print(json.dumps([watchjournal.__file__, str(resource_path('icons', 'app.svg')),"
        " watchjournal.__version__, sys.path]))"
    )
    out = subprocess.run(
        [str(fresh_venv.python), "-c", script], check=True, capture_output=True, text=True
    ).stdout
    package_file, app_svg, version, path = json.loads(out)
    assert Path(package_file).is_relative_to(fresh_venv.folder)
    assert Path(app_svg).is_relative_to(fresh_venv.folder)
    assert Path(app_svg).read_text().lstrip().startswith("<svg")
    assert version == VERSION
    assert str(ROOT / "src") not in path


def test_installed_command_reports_the_version(fresh_venv: FreshVenv) -> None:
    result = subprocess.run(
        [str(fresh_venv.command), "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"watchjournal {VERSION}"


def test_cli_journey_with_the_installed_wheel(fresh_venv: FreshVenv, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite"

    def run(*args: str) -> str:
        result = subprocess.run(
            [str(fresh_venv.command), "--db", str(journal), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("add", "Paterson", "--year", "2016", "--director", "Jim Jarmusch", "--watchlist")
    run("watched", "Paterson (2016)", "--on", "2024-05-01", "--where", "cinema")
    run("review", "Paterson (2016)", "--rating", "8.5", "--headline", "poems", "--tag", "quiet")
    film = json.loads(run("show", "Paterson (2016)", "--json"))
    assert film["directors"] == ["Jim Jarmusch"]
    assert film["on_watchlist"] is False
    assert [v["watched_on"] for v in film["viewings"]] == ["2024-05-01"]
    assert [(r["rating"], r["headline"], r["tags"]) for r in film["reviews"]] == [
        (8.5, "poems", ["quiet"])
    ]
    assert "Paterson" in run("search", "jarmusch")


def stop_when_started(app: subprocess.Popen[bytes], started: Callable[[], bool]) -> int:
    """SIGTERM once the app is up; again if the first one came before its window showed."""
    deadline = time.monotonic() + 60
    while not started():
        if app.poll() is not None or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    while app.poll() is None and time.monotonic() < deadline:
        app.send_signal(signal.SIGTERM)
        try:
            return app.wait(3)
        except subprocess.TimeoutExpired:
            continue
    app.kill()
    return app.wait()


def test_demo_runs_offscreen_from_the_installed_wheel(
    fresh_venv: FreshVenv, tmp_path: Path
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temp)}
    app = subprocess.Popen(
        [str(fresh_venv.command), "--demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    ui_ini = Path(os.environ["XDG_CONFIG_HOME"]) / "watchjournal" / "ui.ini"

    def demo_journal_exists() -> bool:
        return any(temp.glob("watchjournal-demo-*/*"))

    code = stop_when_started(app, demo_journal_exists)
    stderr = app.communicate()[1].decode()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    # Closed properly, and trying the demo never changes how your own journal's window
    # opens: the demo saves no window geometry (issue 15).
    assert not ui_ini.exists() or "geometry" not in ui_ini.read_text()
    assert not list(temp.glob("watchjournal-demo-*")), "the demo folder was left behind"


# --- the desktop bundle (slow: minutes, and PyPI on the first run) -------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    dist = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build-bundle"), "--dist", str(dist)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(result.stdout.splitlines()[-3:])
    yield dist / "WatchJournal"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Xvfb: Linux only")
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_bundle_opens_the_demo_window_under_xvfb(
    bundle: Path, display: str, tmp_path: Path
) -> None:
    executable = bundle / "watchjournal"
    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"watchjournal {VERSION}", version.stderr
    journal = tmp_path / "journal.sqlite"  # the migrations ran from the bundle
    added = subprocess.run(
        [str(executable), "--db", str(journal), "add", "Paterson", "--year", "2016"],
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    not_shipped = [
        p.name for p in bundle.rglob("*") if "Qt6Quick" in p.name or "WebEngine" in p.name
    ]
    assert not_shipped == []
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        [str(executable), "--demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        wait_for_window(display, "Demo journal", app)
        assert "WatchJournal" in window_names(display)
    finally:
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=30)
    assert app.returncode == 0, err.decode()
