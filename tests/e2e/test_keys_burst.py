"""Keys in a burst (a paste, a held key, SSH delivering several at once): every key counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from frames import FrameReader

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_ten_down_arrows_in_one_write_move_the_input_by_one(tmp_path: Path) -> None:
    reader = FrameReader(tmp_path, ["--lang", "en", "--lesson", "neuron"])
    try:
        reader.until(lambda shot: "page 1/" in shot[0])
        for _ in range(20):  # Space (it scrolls first) until the neuron's page
            reader.send(b" ")
            if any("page 2/" in shot[0] for shot in reader.frames()):
                break
        reader.send(b"\t")
        reader.until(lambda shot: any("(focused)" in line for line in shot))
        reader.send(b"\x1b[B" * 10)  # ten ↓ in one write
        shot = reader.until(lambda shot: any("output = 24 " in line for line in shot))
        assert any("a = 4 " in line for line in shot), "\n".join(shot)
    finally:
        reader.close()
