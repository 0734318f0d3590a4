"""The diary.default_where setting: where a viewing was watched unless the user says."""

from __future__ import annotations

import pytest

from watchjournal.cli.main import main
from watchjournal.config import Config, ConfigError, configured_default_where, save_config
from watchjournal.paths import AppPaths, resolve_paths


def test_the_setting_is_checked() -> None:
    assert Config().with_value("diary.default_where", "  Cinema \t Paris ").diary_default_where == (
        "Cinema Paris"
    )
    with pytest.raises(ConfigError, match="one short line"):
        Config().with_value("diary.default_where", "x" * 201)


def test_watched_uses_it_unless_told(
    app_dirs: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    save_config(Config().with_value("diary.default_where", "Cinema"), app_dirs.config_file)
    assert configured_default_where(app_dirs.config_file) == "Cinema"
    journal = str(resolve_paths().journal)
    assert main(["--db", journal, "add", "Paterson", "--year", "2016"]) == 0
    assert main(["--db", journal, "watched", "Paterson"]) == 0
    assert main(["--db", journal, "watched", "Paterson", "--where", "Blu-ray"]) == 0
    capsys.readouterr()
    from watchjournal.journal import JournalService

    service = JournalService.open(resolve_paths(journal).journal, app_dirs.backup_dir)
    try:
        film = service.resolve_film("Paterson")
        assert sorted(v.where or "" for v in film.viewings) == ["Blu-ray", "Cinema"]
    finally:
        service.close()


def test_a_broken_settings_file_logs_without_a_place(app_dirs: AppPaths) -> None:
    app_dirs.config_file.parent.mkdir(parents=True, exist_ok=True)
    app_dirs.config_file.write_text("[]")
    assert configured_default_where(app_dirs.config_file) is None
