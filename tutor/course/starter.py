"""`backprop-tutor new PATH`: a starter lesson with one of each widget, which passes `check`.

The starter is a working example to edit, not a template to fill: every widget is valid, every
number in its prose is annotated, and the `expect:` lists replay. Open it with
`backprop-tutor PATH --watch` beside an editor and change it.
"""

from __future__ import annotations

import os
from pathlib import Path

STARTER = """\
---
title: My first lesson
summary: A neuron, a curve, two quizzes and a code cell, to edit
---

This page is plain Markdown. A number the lesson computes carries its computation in a
comment, so `check` catches it when an edit makes it wrong: 2 × −3 = -6<!-- = 2*-3 -->.

## A neuron

Nudge the inputs with `r`, `d` or `g` and watch the output grow.

```neuron
id: gate
inputs: {a: 2, b: -3}
f: a * b
step: 0.01
seed: 7
expect:
  - {do: gradient, output: -5.8706, inputs: {a: 1.97, b: -2.98}}
```

```quiz
id: which-input
question: |
  At a = 2, b = -3, which way does the gradient step move **a**?
choices:
  - text: Up
    why: The derivative of a * b by a is b = -3, which is negative.
  - text: Down
    correct: true
hint: The derivative of a * b by a is b.
explain: a goes from 2 to 1.97<!-- = 2 + 0.01*-3 -->.
```

## A curve

Press `g` to climb the hill, `G` to go down.

```curve
id: hill
f: 4 - (x - 2)**2
x: 1
step: 0.1
range: [-0.5, 4.5]
marks: {A: 1, B: 2}
expect:
  - {do: ascent, x: 1.2, y: 3.36}
```

```quiz
id: first-step
question: The slope at x = 1 is 2. Where is x after one step of 0.1 × slope?
answer: 1 + 0.1*2
tolerance: 0.001
wrong:
  - answer: 0.8
    why: That is a step down the hill (descent).
```

## A code cell

Press `Enter` to run it, `e` to edit it.

```python run
a, b = 2, -3
print(a * b)
```
"""
"""The starter lesson's text."""


def write_starter(path: Path) -> None:
    """Write the starter lesson to `path`, never over an existing file.

    Raises:
        FileExistsError: something is already at `path`.
        OSError: the file cannot be written (no such folder, no permission).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    descriptor = os.open(path, flags, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(STARTER)
