"""The learner's theme travels with a progress export; older files without it still import."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from tutor.app import Options, make_app
from tutor.cli_progress import add_progress_parser, reader_themes, run_progress
from tutor.course.parser import bundled_lessons, load_course
from tutor.progress import ProgressError, ProgressStore


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="backprop-tutor")
    add_progress_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["progress", *argv])


def exported(home: Path, theme: str | None = "nord") -> dict[str, object]:
    """Alice's export: one page seen, the language zh and (unless None) `theme`."""
    with ProgressStore.open(home, "alice") as store:
        store.record_page("neuron", 1)
        store.set_language("zh")
        if theme is not None:
            store.set_theme(theme)
        return store.export_data()


def test_export_carries_the_theme_and_import_restores_it(tmp_path: Path) -> None:
    data = exported(tmp_path / "desk")
    entry = data["theme"]
    assert isinstance(entry, dict) and entry["value"] == "nord" and entry["at"]
    json.dumps(data)
    with ProgressStore.open(tmp_path / "laptop", "alice") as other:
        assert other.import_data(data, reader_themes()) is None
        assert other.theme() == "nord" and other.language() == "zh"
        assert other.export_data()["theme"] == data["theme"]


def test_no_theme_chosen_exports_null_and_imports_nothing(tmp_path: Path) -> None:
    data = exported(tmp_path / "desk", theme=None)
    assert data["theme"] is None
    with ProgressStore.open(tmp_path / "laptop", "alice") as other:
        other.set_theme("gruvbox")
        other.import_data(data)
        assert other.theme() == "gruvbox"


def test_an_older_export_without_a_theme_imports_and_keeps_the_theme(tmp_path: Path) -> None:
    data = exported(tmp_path / "desk")
    del data["theme"]  # as written before the theme was exported
    with ProgressStore.open(tmp_path / "laptop", "alice") as other:
        other.set_theme("gruvbox")
        other.import_data(data, reader_themes())
        assert other.theme() == "gruvbox"
        assert other.last_position() == ("neuron", 1) and other.language() == "zh"


def test_the_later_theme_wins(tmp_path: Path) -> None:
    data = exported(tmp_path / "desk")
    with ProgressStore.open(tmp_path / "laptop", "alice") as other:
        other.set_theme("gruvbox")  # chosen after the export was made
        other.import_data(data)
        assert other.theme() == "gruvbox"
    with ProgressStore.open(tmp_path / "desk", "alice") as desk:
        desk.set_theme("dracula")
        newer = desk.export_data()
    with ProgressStore.open(tmp_path / "laptop", "alice") as other:
        other.import_data(newer)
        assert other.theme() == "dracula"


@pytest.mark.parametrize(
    ("theme", "message"),
    [
        ("nord", "theme: expected an object"),
        ({"value": 7, "at": "2025-01-31T12:00:00Z"}, "theme.value: expected a non-empty text"),
        ({"value": "", "at": "2025-01-31T12:00:00Z"}, "theme.value: expected a non-empty text"),
        ({"value": "no\x1bd", "at": "2025-01-31T12:00:00Z"}, "theme.value: not valid text"),
        ({"value": "nord", "at": "yesterday"}, "theme.at: expected an ISO 8601 time"),
    ],
)
def test_a_malformed_theme_refuses_the_file_in_one_line(
    tmp_path: Path, theme: object, message: str
) -> None:
    data = {**exported(tmp_path / "desk"), "theme": theme}
    with ProgressStore.open(tmp_path / "laptop", "alice") as other:
        with pytest.raises(ProgressError, match=re.escape(message)) as caught:
            other.import_data(data, reader_themes())
        assert "\n" not in str(caught.value)
        assert other.all_lessons() == {} and other.theme() is None


def test_a_theme_this_reader_lacks_is_left_out_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = exported(tmp_path / "desk", theme="solarized-neon")
    file = tmp_path / "progress.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("BACKPROP_TUTOR_HOME", str(tmp_path / "laptop"))
    with ProgressStore.open(tmp_path / "laptop", "bob") as bob:
        bob.set_theme("gruvbox")
    assert run_progress(parse("--learner", "bob", "import", str(file)), None) == 0
    out, err = capsys.readouterr()
    assert "Imported the progress of 1 lesson(s) into bob's." in out
    assert err == (
        f"progress import: {file}: no theme 'solarized-neon' here; the theme was not imported\n"
    )
    with ProgressStore.open(tmp_path / "laptop", "bob") as bob:
        assert bob.theme() == "gruvbox"  # kept
        assert bob.last_position() == ("neuron", 1) and bob.language() == "zh"  # the rest came


def test_the_reader_starts_in_the_imported_theme_and_offers_the_themes_import_takes(
    tmp_path: Path,
) -> None:
    data = exported(tmp_path / "desk", theme="dracula")
    with ProgressStore.open(tmp_path / "laptop", "alice") as store:
        store.import_data(data, reader_themes())
        app = make_app(load_course(bundled_lessons()), store, Options())
        assert app.theme == "dracula"
        assert set(reader_themes()) == set(app.available_themes)
