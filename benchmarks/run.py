"""Run the benchmarks of issue 7 and print one table: `python benchmarks/run.py [--full]`.

Sections: 1 start-up against a bare Textual app; 2 neuron keypress latency; 3 bytes written
(first paint, keypress, page turn) beside the changed-cells floor; 4 SSH; 5 page mount time
against page length. `--quick` (the default) takes a few minutes at most; `--full` gives the
numbers in docs/performance.md. Every run is in a real PTY (80x24), 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `tutor` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import Row, table


@dataclass(frozen=True)
class Sizes:
    """Repeat counts for one run."""

    starts: int
    presses: int
    turns: int
    connects: int
    levels: tuple[int, ...]
    load_presses: int
    passes: int


QUICK = Sizes(starts=5, presses=20, turns=6, connects=5, levels=(1, 10), load_presses=5, passes=2)
FULL = Sizes(
    starts=15,
    presses=60,
    turns=12,
    connects=15,
    levels=(1, 10, 50, 100),
    load_presses=10,
    passes=5,
)


def benchmarks(sizes: Sizes) -> dict[str, Callable[[], list[Row]]]:
    """The benchmarks by name, each a function returning its rows."""
    from benchmarks import bench_mount, bench_neuron, bench_ssh, bench_startup

    return {
        "startup": lambda: bench_startup.run(sizes.starts),
        "neuron": lambda: bench_neuron.run(sizes.presses, sizes.turns),
        "ssh": lambda: bench_ssh.run(sizes.connects, list(sizes.levels), sizes.load_presses),
        "mount": lambda: bench_mount.run(sizes.passes),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run the chosen benchmarks, print the table; 0 when all ran."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small repeat counts (default)")
    size.add_argument("--full", action="store_true", help="the repeat counts of the docs")
    parser.add_argument(
        "--only",
        action="append",
        choices=("startup", "neuron", "ssh", "mount"),
        help="run only this benchmark (repeatable)",
    )
    args = parser.parse_args(argv)
    sizes = FULL if args.full else QUICK
    chosen = benchmarks(sizes)
    rows: list[Row] = []
    failed = False
    started = time.perf_counter()
    for name in args.only or list(chosen):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            rows += chosen[name]()
        except (OSError, RuntimeError, TimeoutError) as err:
            failed = True
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            rows.append(Row("-", f"{name}: not measured", "-", note=first))
    print(table(rows))
    mode = "full" if args.full else "quick"
    print(f"\n{mode} run, {time.perf_counter() - started:.0f} s; settle interval 100 ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
