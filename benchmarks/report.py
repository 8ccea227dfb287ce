"""Statistics and the printed table of results."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def median(values: Sequence[float]) -> float:
    """The median (NaN for no values)."""
    return statistics.median(values) if values else math.nan


def p95(values: Sequence[float]) -> float:
    """The 95th percentile by nearest rank (NaN for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Row:
    """One line of the table.

    Attributes:
        section: The benchmark it belongs to (1-5 in issue 7).
        name: What was measured.
        value: The measurement, formatted.
        target: The target, formatted ("" when there is none).
        ok: True met, False missed, None when there is no target.
        note: Anything needed to read the value (the floor, the run count).
    """

    section: str
    name: str
    value: str
    target: str = ""
    ok: bool | None = None
    note: str = ""


def ms(seconds: float) -> str:
    """Seconds as milliseconds."""
    return f"{seconds * 1000:.1f} ms"


def kb(nbytes: float) -> str:
    """Bytes as KB (1000 bytes), or bytes under 1 KB."""
    return f"{nbytes:.0f} B" if nbytes < 1000 else f"{nbytes / 1000:.1f} KB"


def verdict(ok: bool | None) -> str:
    """The table's verdict column."""
    return "" if ok is None else ("met" if ok else "MISSED")


def table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table (readable in a terminal and pasteable into the docs)."""
    header = ("#", "measure", "value", "target", "verdict", "note")
    lines = [header] + [(r.section, r.name, r.value, r.target, verdict(r.ok), r.note) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

    def fmt(line: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(lines[0]), rule, *(fmt(line) for line in lines[1:])])
