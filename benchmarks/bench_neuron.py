"""2 and 3. A neuron keypress and a page turn: latency and bytes, beside the changed cells.

One reader session is opened at a page with a neuron; Tab focuses it; `v` chooses its view
(history, the plane, the table: each view is measured in a session of its own); `g` is pressed
again and again (each press is one sample; `0` resets the neuron every few presses, unmeasured),
then the page is turned forward and back (each turn one sample).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from benchmarks.pty_harness import (
    SETTLE,
    Output,
    PtyProcess,
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


@dataclass
class SessionResult:
    """Everything one session measured."""

    first_paint: Sample
    keypresses: list[Sample] = field(default_factory=list)
    page_turns: list[Sample] = field(default_factory=list)


def press(proc: PtyProcess, key: bytes, expect: str | None = None) -> Sample:
    """Press `key` and wait for the finished frame (the screen changed, or shows `expect`)."""
    before = snapshot(proc.output.screen)
    ready = shows(expect) if expect else differs_from(before)
    sent = proc.send(key)
    frame = proc.wait_frame(ready, sent)
    cells, floor = changed_cells(before, snapshot(proc.output.screen))
    return Sample(frame.last_byte, frame.first_byte, frame.nbytes, cells, floor, frame.max_gap)


def session(
    page: tuple[str, int],
    first_g: str,
    presses: int,
    turns: int,
    *,
    term: str = "xterm",
    truecolor: bool = False,
    views: int = 0,
) -> SessionResult:
    """Open the reader at `page`, press `v` `views` times (0: history, 1: the plane, 2: the
    table), press g `presses` times, turn the page `turns` times."""
    home = new_home()
    seed_position(home, LEARNER, *page)
    blank = snapshot(Output().screen)
    proc, frame = start_reader(home, term=term, truecolor=truecolor)
    try:
        cells, floor = changed_cells(blank, snapshot(proc.output.screen))
        result = SessionResult(
            Sample(frame.last_byte, frame.first_byte, frame.nbytes, cells, floor, frame.max_gap)
        )
        proc.drain()
        press(proc, b"\t")
        proc.drain()
        for _ in range(views):
            press(proc, b"v")
            proc.drain()
        for index in range(presses):
            if index and index % RESET_EVERY == 0:
                press(proc, b"0")
                proc.drain()
            result.keypresses.append(press(proc, b"g", first_g if index == 0 else None))
        press(proc, b"\x1b")  # Escape: the page takes the focus back, so Space turns pages
        proc.drain(quiet=0.3)
        for index in range(turns):
            result.page_turns.append(press(proc, b" " if index % 2 == 0 else b"b"))
            proc.drain()
        return result
    finally:
        proc.close()


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


def bytes_rows(label: str, result: SessionResult, targets: bool) -> list[Row]:
    """Section 3: bytes for first paint, a keypress and a page turn, beside their floors."""
    rows = [
        Row(
            "3",
            f"{label}: first paint",
            kb(result.first_paint.nbytes),
            note=f"floor {kb(result.first_paint.floor)} ({result.first_paint.cells} cells)",
        ),
    ]
    for what, samples, target in (
        ("neuron g (plot)", result.keypresses, KEY_BYTES_TARGET),
        ("page turn", result.page_turns, TURN_BYTES_TARGET),
    ):
        nbytes = median([s.nbytes for s in samples])
        floor = median([s.floor for s in samples])
        cells = median([s.cells for s in samples])
        factor = nbytes / floor if floor else math.inf
        ok = nbytes <= target and factor <= FLOOR_FACTOR if targets else None
        rows.append(
            Row(
                "3",
                f"{label}: {what}",
                kb(nbytes),
                f"≤ {kb(target)}, ≤ {FLOOR_FACTOR:g}x floor" if targets else "",
                ok,
                f"floor {kb(floor)} ({cells:.0f} cells) → {factor:.1f}x; median of {len(samples)}",
            )
        )
    return rows


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
    """Sections 2 and 3: the plotted neuron in each view at 16 colours and at truecolor, the
    Method 2 neuron."""
    plain = session(PLOT_PAGE, PLOT_FIRST_G, presses, turns)
    plane = session(PLOT_PAGE, PLOT_FIRST_G, presses, 0, views=1)
    table = session(PLOT_PAGE, PLOT_FIRST_G, max(3, presses // 3), 0, views=2)
    method2 = session(METHOD2_PAGE, METHOD2_FIRST_G, max(3, presses // 3), 0)
    truecolor = session(
        PLOT_PAGE,
        PLOT_FIRST_G,
        max(3, presses // 3),
        turns,
        term="xterm-256color",
        truecolor=True,
    )
    return [
        *latency_rows("plotted neuron (lesson 4 p7)", plain.keypresses),
        *latency_rows("Method 2 neuron, no plot (lesson 3 p5)", method2.keypresses),
        *bytes_rows("16 colours (TERM=xterm)", plain, targets=True),
        *bytes_rows("truecolor", truecolor, targets=False),
        *view_rows("plane", plane.keypresses),
        *view_rows("table", table.keypresses),
    ]
