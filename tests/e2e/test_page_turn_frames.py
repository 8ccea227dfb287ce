"""Page turns in one frame: every frame of a walk through the course, read from a real PTY.

No frame may show a blank page body or the new page scrolled away from its top, and the page's
text must be in place from the first frame that shows the new page: later frames never move
or re-flow a line (they may add the scrollbar's thumb, the footer's Tab, or fill rows left
empty). The frames per turn, and the rows filled late, are printed (run with -s).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from frames import FrameReader

from tutor.course.parser import bundled_lessons, load_course

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

KEYS = {"space": b" ", "pagedown": b"\x1b[6~"}
THUMB = "▁▂▃▄▅▆▇█"
"""The characters of the scrollbar's thumb."""
HEADER = re.compile(r"(?:page|第) (\d+)/(\d+)")


def header(shot: list[str]) -> str:
    """The lesson title and page number row."""
    return " ".join(shot[0].split())


def body(shot: list[str]) -> list[str]:
    """The rows between the header and the footer."""
    return shot[1:-1]


def first_line(shot: list[str]) -> str:
    return next((line for line in body(shot) if line.strip()), "")


def text(shot: list[str], cols: int = 80) -> list[str]:
    """The body without the scrollbar's two columns (its thumb may follow a frame later)."""
    return [line[: cols - 1].rstrip(" " + THUMB) for line in body(shot)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_turn_of_the_course_is_one_complete_frame_at_the_top(
    tmp_path: Path, lang: str
) -> None:
    pages = sum(len(lesson.pages) for lesson in load_course(bundled_lessons()).lessons_for(lang))
    reader = FrameReader(tmp_path, ["--lang", lang])
    turns: list[int] = []
    late: list[int] = []  # rows filled after the first frame, per turn
    try:
        shot = reader.until(lambda s: bool(HEADER.search(s[0])))
        here = header(shot)
        for press in range(600):
            if len(turns) == pages - 1:
                break  # on the last page of the course
            key = "space" if press % 2 else "pagedown"
            reader.send(KEYS[key])
            shots = reader.frames()
            new = [s for s in shots if header(s) != here]
            if not new:
                continue  # the key scrolled the page
            top = first_line(new[-1])
            for number, frame in enumerate(new):
                where = f"{header(frame)} after {key}, frame {number + 1}/{len(new)}"
                assert any(line.strip() for line in body(frame)), f"blank body: {where}"
                assert first_line(frame) == top, f"not at its top: {where}\n" + "\n".join(frame)
                # Whole from its first frame: later frames never move or re-flow a line; they
                # may only fill rows the first left empty (a code cell seen a frame late).
                changed = [
                    (a, b) for a, b in zip(text(new[0]), text(frame), strict=True) if a and a != b
                ]
                assert not changed, f"drawn in steps: {where}: {changed[:3]}"
            late.append(sum(1 for a, b in zip(text(new[0]), text(new[-1]), strict=True) if a != b))
            turns.append(len(new))
            here = header(new[-1])
    finally:
        reader.close()
    assert len(turns) == pages - 1, turns  # the walk really went through the course
    print(f"{lang}: {len(turns)} page turns, frames showing the new page: {turns}")
    print(f"{lang}: rows filled after the first frame, per turn: {late}")
