"""`serve web`: a browser's learner id, the launcher's arguments, the page's template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutor.serve.web import learner_of, new_token, web_argv

TEMPLATE = Path(__file__).resolve().parents[2] / "tutor/serve/templates/app_index.html"


@pytest.mark.abuse
def test_a_token_gives_a_stable_id_that_is_not_the_token() -> None:
    token = new_token()
    learner = learner_of(token)
    assert learner is not None and learner.startswith("web-")
    assert learner == learner_of(token) and token not in learner
    assert learner_of(new_token()) != learner


@pytest.mark.abuse
def test_a_missing_or_malformed_cookie_is_no_learner() -> None:
    for bad in (None, "", "short", "x" * 65, "a" * 31 + "!", "../" * 20):
        assert learner_of(bad) is None


def test_the_launcher_gets_the_learner_and_the_course(tmp_path: Path) -> None:
    argv = web_argv(tmp_path, None, False, tmp_path / "course", "web-abc")
    assert argv[-4:] == ["--learner", "web-abc", "--course", str(tmp_path / "course")]
    assert "--learner" not in web_argv(tmp_path, None, False)


def test_the_page_loads_nothing_from_another_host_and_takes_the_keyboard() -> None:
    page = TEMPLATE.read_text()
    loads = re.findall(r'(?:href|src)="([^"]*)"|url\("([^"]*)"\)', page)
    urls = [href or url for href, url in loads]
    assert len(urls) >= 5
    assert all(url.startswith("{{ config.static.url }}") for url in urls), urls
    assert "googleapis" not in page
    assert "fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert ".xterm-helper-textarea" in page and "focus(" in page
