"""2 and 3. A neuron keypress and a page turn: latency and bytes, beside the changed cells.

One reader session is opened at a page with a neuron; Tab focuses it; `g` is pressed again and
again (each press is one sample; `0` resets the neuron every few presses, unmeasured), then the
page is turned forward and back (each turn one sample: End, unmeasured, then Space turns to
the next page; b at its top turns back).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pyte

from benchmarks.pty_harness import (
    SETTLE,
    Frame,
    Output,
    PtyProcess,
    Snapshot,
    changed_cells,
    differs_from,
    shows,
    snapshot,
)
from benchmarks.reader import (
    LEARNER,
    METHOD2_FIRST_G,
    METHOD2_PAGE,
    PLOT_FIRST_G,
    PLOT_PAGE,
    new_home,
    seed_position,
    start_reader,
)
from benchmarks.report import Row, kb, median, ms, p95

RESET_EVERY = 10
"""Presses of `g` between two (unmeasured) resets, so values stay in the same range."""


@dataclass
class Sample:
    """One measured frame: key → last byte, bytes written, and its changed-cells floor."""

    latency: float
    first_byte: float | None
    nbytes: int
    cells: int
    floor: int
    max_gap: float
    bursts: int
    screen: Snapshot


@dataclass
class SessionResult:
    """Everything one session measured."""

    first_paint: Sample
    tab: Sample | None = None
    keypresses: list[Sample] = field(default_factory=list)
    page_turns: list[Sample] = field(default_factory=list)
    same: list[bool] = field(default_factory=list)
    """After each frame: the screen equals the one Textual's own output draws (the tee)."""


class Mirror:
    """Textual's own output (the reader's tee file) drawn on a second emulated screen."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.output = Output()

    def same_as(self, proc: PtyProcess) -> bool:
        """Catch up with the tee; whether its screen equals what the terminal shows."""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        self.offset += len(data)
        self.output.feed(data)
        return snapshot(self.output.screen) == snapshot(proc.output.screen)


def press(proc: PtyProcess, key: bytes, expect: str | None = None) -> Sample:
    """Press `key` and wait for the finished frame (the screen changed, or shows `expect`)."""
    before = snapshot(proc.output.screen)
    ready = shows(expect) if expect else differs_from(before)
    sent = proc.send(key)
    frame = proc.wait_frame(ready, sent)
    return sample(frame, before, proc.output.screen)


def sample(frame: Frame, before: Snapshot, screen: pyte.Screen) -> Sample:
    """One frame's measures, with the screen it left."""
    after = snapshot(screen)
    cells, floor = changed_cells(before, after)
    return Sample(
        frame.last_byte,
        frame.first_byte,
        frame.nbytes,
        cells,
        floor,
        frame.max_gap,
        frame.bursts,
        after,
    )


def session(
    page: tuple[str, int],
    first_g: str,
    presses: int,
    turns: int,
    *,
    term: str = "xterm",
    truecolor: bool = False,
    raw: bool = False,
    views: int = 0,
) -> SessionResult:
    """Open the reader at `page`, press `v` `views` times (the views cycle history → plane →
    table from the lesson's start view), press g `presses` times, turn the page `turns` times.

    `raw`: Textual's own output, without the changed-cells writer (tutor/output.py).
    """
    home = new_home()
    seed_position(home, LEARNER, *page)
    blank = snapshot(Output().screen)
    mirror = Mirror(home / "textual-output.txt")
    env = {"BACKPROP_TUTOR_RAW_OUTPUT": "1"} if raw else {}
    env["BACKPROP_TUTOR_OUTPUT_TEE"] = str(mirror.path)
    proc, frame = start_reader(home, term=term, truecolor=truecolor, env=env)
    try:
        result = SessionResult(sample(frame, blank, proc.output.screen))
        proc.drain()
        result.same.append(mirror.same_as(proc))
        result.tab = press(proc, b"\t")
        proc.drain()
        result.same.append(mirror.same_as(proc))
        for _ in range(views):
            press(proc, b"v")
            proc.drain()
        for index in range(presses):
            if index and index % RESET_EVERY == 0:
                press(proc, b"0")
                proc.drain()
            result.keypresses.append(press(proc, b"g", first_g if index == 0 else None))
            result.same.append(mirror.same_as(proc))
        press(proc, b"\x1b")  # Escape: the page takes the focus back, so Space turns pages
        proc.drain(quiet=0.3)
        for index in range(turns):
            if index % 2 == 0:  # End first: at the page's bottom Space turns the page (no scroll)
                proc.send(END)
                proc.drain()
            # Space: lesson 4 page 8; b at its top: page 7 again, at its top.
            result.page_turns.append(press(proc, b" " if index % 2 == 0 else b"b"))
            proc.drain()
            result.same.append(mirror.same_as(proc))
        return result
    finally:
        proc.close()


END = b"\x1b[F"
"""The End key (xterm): the bottom of the page."""
KEY_TARGET = 0.016
KEY_BYTES_TARGET = 1500
TURN_BYTES_TARGET = 6000
FLOOR_FACTOR = 3.0


def latency_rows(name: str, samples: list[Sample]) -> list[Row]:
    """Section 2: key → finished frame, median and p95, with the first byte for reference."""
    last = [s.latency for s in samples]
    first = [s.first_byte for s in samples if s.first_byte is not None]
    gap = max((s.max_gap for s in samples), default=0.0)
    median_ok = median(last) <= KEY_TARGET
    return [
        Row(
            "2",
            f"{name}: g → frame finished, median",
            ms(median(last)),
            f"≤ {ms(KEY_TARGET)}",
            median_ok,
            f"n={len(last)}; first byte {ms(median(first))}",
        ),
        Row(
            "2",
            f"{name}: g → frame finished, p95",
            ms(p95(last)),
            note=f"largest gap inside a frame {ms(gap)} (settle {ms(SETTLE)})",
        ),
    ]


def _bytes(samples: list[Sample]) -> tuple[float, float, float]:
    """Median bytes, floor and changed cells."""
    return (
        median([s.nbytes for s in samples]),
        median([s.floor for s in samples]),
        median([s.cells for s in samples]),
    )


def bytes_rows(label: str, after: SessionResult, before: SessionResult, targets: bool) -> list[Row]:
    """Section 3: bytes per frame, Textual's own output → through tutor/output.py, with the floor.

    Also checks that both runs showed the same screens, frame by frame (pyte cells).
    """
    rows: list[Row] = []
    for what, new, old, target in (
        ("first paint", [after.first_paint], [before.first_paint], None),
        ("Tab (focus to the neuron)", [after.tab], [before.tab], TURN_BYTES_TARGET),
        ("neuron g (plot)", after.keypresses, before.keypresses, KEY_BYTES_TARGET),
        ("page turn", after.page_turns, before.page_turns, TURN_BYTES_TARGET),
    ):
        new_samples = [s for s in new if s is not None]
        old_samples = [s for s in old if s is not None]
        nbytes, floor, cells = _bytes(new_samples)
        old_bytes = _bytes(old_samples)[0]
        factor = nbytes / floor if floor else math.inf
        ok = nbytes <= target and factor <= FLOOR_FACTOR if targets and target else None
        limit = f"≤ {kb(target)}, " if target and what != "Tab (focus to the neuron)" else ""
        rows.append(
            Row(
                "3",
                f"{label}: {what}",
                f"{kb(old_bytes)} → {kb(nbytes)}",
                f"{limit}≤ {FLOOR_FACTOR:g}x floor" if targets and target else "",
                ok,
                f"floor {kb(floor)} ({cells:.0f} cells) → {factor:.1f}x; "
                f"median of {len(new_samples)}",
            )
        )
    rows.append(same_screens_row(label, after))
    return rows


def same_screens_row(label: str, after: SessionResult) -> Row:
    """Whether the writer's screens equal Textual's own, cell for cell, after every frame."""
    same = sum(after.same)
    return Row(
        "3",
        f"{label}: screens equal to Textual's own output",
        f"{same}/{len(after.same)}",
        "all",
        same == len(after.same),
        "pyte cells (character, colours, attributes) after each frame, vs the raw output",
    )


def turn_frames_row(result: SessionResult) -> Row:
    """Frames (output bursts) per page turn."""
    bursts = [s.bursts for s in result.page_turns]
    return Row(
        "3",
        "frames per page turn (output bursts)",
        f"{median(bursts):.0f}",
        "1",
        median(bursts) <= 1,
        f"max {max(bursts, default=0)}; a burst: chunks < 4 ms apart",
    )


def view_rows(view: str, samples: list[Sample]) -> list[Row]:
    """One view of the plotted neuron at 16 colours: g → frame (median, p95) and bytes per g."""
    nbytes = median([s.nbytes for s in samples])
    floor = median([s.floor for s in samples])
    factor = nbytes / floor if floor else math.inf
    return [
        *latency_rows(f"plotted neuron, {view} view", samples),
        Row(
            "3",
            f"16 colours (TERM=xterm): neuron g ({view} view)",
            kb(nbytes),
            f"≤ {kb(KEY_BYTES_TARGET)}",
            nbytes <= KEY_BYTES_TARGET,
            f"floor {kb(floor)} → {factor:.1f}x; median of {len(samples)}",
        ),
    ]


def run(presses: int, turns: int) -> list[Row]:
    """Sections 2 and 3: the plotted neuron at 16 colours and truecolor (each with and without
    the changed-cells writer), the Method 2 neuron."""
    plain = session(PLOT_PAGE, PLOT_FIRST_G, presses, turns)
    plain_raw = session(PLOT_PAGE, PLOT_FIRST_G, presses, turns, raw=True)
    method2 = session(METHOD2_PAGE, METHOD2_FIRST_G, max(3, presses // 3), 0)
    few = max(3, presses // 3)
    # The plotted neuron (lesson 4's `compare`) starts in the plane view: v → table → history.
    table = session(PLOT_PAGE, PLOT_FIRST_G, few, 0, views=1)
    history = session(PLOT_PAGE, PLOT_FIRST_G, presses, 0, views=2)
    truecolor = [
        session(PLOT_PAGE, PLOT_FIRST_G, few, turns, term="xterm-256color", truecolor=True, raw=raw)
        for raw in (False, True)
    ]
    return [
        *latency_rows("plotted neuron, plane view (lesson 4 p7)", plain.keypresses),
        *latency_rows("Method 2 neuron, no plot (lesson 3 p5)", method2.keypresses),
        *bytes_rows("16 colours", plain, plain_raw, targets=True),
        turn_frames_row(plain),
        *bytes_rows("truecolor", truecolor[0], truecolor[1], targets=False),
        *view_rows("table", table.keypresses),
        *view_rows("history", history.keypresses),
    ]
