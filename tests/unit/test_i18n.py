"""The reader's chrome in Chinese: every sentence the screens use has a translation."""

from __future__ import annotations

import re
from pathlib import Path

from tutor.i18n import ZH, tr

TUTOR = Path(__file__).resolve().parents[2] / "tutor"


def test_english_is_the_key_and_fields_are_filled() -> None:
    assert tr("en", "page {page}/{pages}", page=2, pages=5) == "page 2/5"
    assert tr("zh", "page {page}/{pages}", page=2, pages=5) == "第 2/5 页"
    assert tr(None, "This is the first page.") == "This is the first page."
    assert tr("zh", "a sentence nobody translated") == "a sentence nobody translated"


def test_translations_keep_every_field() -> None:
    for english, chinese in ZH.items():
        fields = set(re.findall(r"{(\w+)", english))
        assert fields == set(re.findall(r"{(\w+)", chinese)), english


def test_every_sentence_the_screens_translate_has_chinese() -> None:
    sources = [TUTOR / "app.py", *sorted(TUTOR.glob("screens/*.py")), *TUTOR.glob("widgets/*.py")]
    wanted: set[str] = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        wanted |= set(re.findall(r'(?<![A-Za-z])_?tr\(\s*(?:[\w.]+, )?"([^"]+)"', text))
    from tutor.screens.help import KEYS

    for section, rows in KEYS:
        wanted.add(section)
        wanted |= {meaning for _, meaning in rows}
    assert len(wanted) > 30
    assert sorted(text for text in wanted if text not in ZH) == []
