"""Make the README's screenshot: the neuron of lesson 1 with its plot, as an SVG.

    python scripts/screenshot.py [--output docs/images/neuron.svg] [--size 100x34]

The reader runs headless (Textual's test driver) on the bundled course with an empty, temporary
progress folder; the script turns to the neuron's page, focuses it, changes the inputs a few
times so the plot has a line, and saves Textual's SVG screenshot. Run it again after a change
to the reader's look, and commit the new SVG.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tutor.app import Options, make_app  # noqa: E402
from tutor.course.parser import bundled_course  # noqa: E402
from tutor.progress import ProgressStore  # noqa: E402

KEYS = ["up", "up", "shift+up", "right", "shift+up", "up", "up", "shift+up"]
"""What the learner does on the page: raise a, then b, so the output climbs."""


async def screenshot(output: Path, width: int, height: int) -> None:
    """Run the reader headless at `width` x `height` and save the neuron page to `output`."""
    from tutor.widgets.neuron import Neuron

    with tempfile.TemporaryDirectory(prefix="backprop-tutor-shot-") as home:
        progress = ProgressStore.open(home=Path(home), learner="screenshot")
        options = Options(lang="en", lesson="neuron", animations=False)
        app = make_app(bundled_course(), progress, options)
        async with app.run_test(size=(width, height)) as pilot:
            for _ in range(50):  # turn pages until the neuron is on screen
                if app.screen.query(Neuron):
                    break
                await pilot.press("space")
                await pilot.pause()
            else:
                raise SystemExit("screenshot: no neuron in the first pages of lesson 1")
            await pilot.press("tab", *KEYS)
            await pilot.pause()
            app.save_screenshot(output.name, str(output.parent))
        progress.close()


def main() -> int:
    """Parse the arguments, write the SVG, print where."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "images" / "neuron.svg")
    parser.add_argument("--size", default="100x34", help="columns x rows (100x34)")
    args = parser.parse_args()
    width, _, height = args.size.partition("x")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(screenshot(args.output, int(width), int(height)))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
