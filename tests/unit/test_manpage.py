"""The man page is generated from the real parser: every command and option is in it."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from watchjournal.cli.main import build_parser
from watchjournal.cli.manpage import render, roff_text


def all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += all_parsers(child)
    return found


@pytest.fixture(scope="module")
def page() -> str:
    return render(build_parser())


def test_every_command_and_option_of_the_parser_is_documented(page: str) -> None:
    parsers = all_parsers(build_parser())
    assert len(parsers) > 20  # the commands and config's actions are all reached
    for parser in parsers[1:]:
        assert f'.SS "{roff_text(parser.prog)} ' in page, parser.prog
    for parser in parsers:
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            for option in action.option_strings:
                assert f"\\fB{roff_text(option)}\\fR" in page, (parser.prog, option)
            if action.help and "%(" not in action.help:
                assert roff_text(action.help) in page, (parser.prog, action.help)


def test_header_names_the_page_and_the_version(page: str) -> None:
    from watchjournal import __version__

    assert '.TH WATCHJOURNAL 1 "" "watchjournal ' + __version__ + '"' in page
    assert "\n.SH NAME\nwatchjournal \\- " in page


@pytest.mark.parametrize(
    ("text", "roff"),
    [
        ("--year", "\\-\\-year"),
        (".hidden starts with a dot", "\\&.hidden starts with a dot"),
        ("'quoted start", "\\&'quoted start"),
        ("a \\ backslash", "a \\e backslash"),
        ("two\n.lines", "two\n\\&.lines"),
    ],
)
def test_roff_text_escapes_what_roff_would_interpret(text: str, roff: str) -> None:
    assert roff_text(text) == roff


def test_output_is_the_same_whatever_the_terminal_width(tmp_path: Path) -> None:
    outputs = []
    for columns in ("40", "200"):
        target = tmp_path / f"watchjournal-{columns}.1"
        subprocess.run(
            [sys.executable, "-m", "watchjournal.cli.manpage", str(target)],
            env={"COLUMNS": columns, "PATH": "/usr/bin:/bin"},
            check=True,
            timeout=60,
        )
        outputs.append(target.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] == render(build_parser())


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_groff_formats_the_page_without_warnings(page: str, tmp_path: Path) -> None:
    source = tmp_path / "watchjournal.1"
    source.write_text(page, encoding="utf-8")
    result = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-z", str(source)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == ""
