"""A widget's `expect:` list: the steps `tutor check` replays on a neuron or a curve
(LESSON_FORMAT.md), each an action and the values to hold after it. Used by
`tutor.course.directives`.
"""

from __future__ import annotations

from tutor.course.fields import Fields, as_number, did_you_mean
from tutor.course.model import ExpectStep

NEURON_STEP_KEYS = ("do", "output", "inputs", "tol")
CURVE_STEP_KEYS = ("do", "x", "y", "output", "tol")


def expect_steps(
    fields: Fields, actions: tuple[str, ...], *, inputs: tuple[str, ...] | None, has_seed: bool
) -> tuple[ExpectStep, ...]:
    """The `expect:` steps of a neuron (`inputs`: its input names) or a curve (`inputs` None):
    each a `do` among `actions` and the values to hold after it; problems go to `fields`."""
    items = fields.list_of("expect")
    steps: list[ExpectStep] = []
    for index, item in enumerate(items or (), start=1):
        step = fields.nested(item, f"expect step {index}")
        if step is None:
            continue
        step.check_keys(
            NEURON_STEP_KEYS if inputs is not None else CURVE_STEP_KEYS, "an expect step"
        )
        do = step.choice("do", actions, "") if step.require("do", "an expect step") else None
        if do == "random" and not has_seed:
            step.error_at("do", "'random' in expect needs the neuron to have a 'seed'")
        values: dict[str, float] = {}
        for name, located in (step.mapping_of("inputs") or {}).items() if inputs else ():
            number = as_number(located.value)
            if inputs is not None and name not in inputs:
                step.error(
                    f"expect names input '{name}', which the neuron does not have"
                    f"{did_you_mean(name, inputs)}",
                    fields.offset + located.line,
                    located.column + 1,
                )
            elif number is None:
                step.error(
                    f"expected input '{name}' must be a number",
                    fields.offset + located.line,
                    located.column + 1,
                )
            else:
                values[name] = number
        numbers = {key: step.number(key) for key in ("output", "x", "y")}
        tol = step.number("tol", minimum=0.0)
        if do:
            lines = {key: step.line_of(key) for key in step.mapping}
            steps.append(
                ExpectStep(
                    do=do,
                    line=step.line,
                    output=numbers["output"],
                    inputs=values or None,
                    x=numbers["x"],
                    y=numbers["y"],
                    tol=tol,
                    lines=lines,
                    columns={key: step.column_of(key) for key in step.mapping},
                )
            )
    return tuple(steps)
