"""The directive schemas: YAML bodies of `neuron`, `curve` and `quiz` blocks into typed specs.

Every check of LESSON_FORMAT.md lives here: keys, types, defaults, ranges, expressions that must
parse, widgets whose output must be finite at their start values. A directive with any problem
becomes a `BrokenSpec` carrying its first problem; every problem is reported.
"""

from __future__ import annotations

from tutor.course.expect import expect_steps
from tutor.course.fields import IDENTIFIER, Fields, as_number, describe, did_you_mean, plain
from tutor.course.model import (
    NEURON_ACTIONS,
    CurveSpec,
    NeuronSpec,
    Problem,
    QuizChoice,
    QuizSpec,
    WrongAnswer,
)
from tutor.course.yamlsafe import Located
from tutor.maths.errors import ExprError
from tutor.maths.expr import Expr, parse
from tutor.maths.functions import RESERVED_NAMES
from tutor.maths.nudges import CurveState, NeuronState

NEURON_KEYS = (
    "inputs",
    "f",
    "step",
    "h",
    "seed",
    "actions",
    "update",
    "plot",
    "window",
    "id",
    "expect",
)
NEURON_VIEWS = ("history", "plane", "table")
CURVE_KEYS = ("f", "x", "step", "range", "marks", "id", "expect")
QUIZ_KEYS = ("id", "question", "choices", "answer", "tolerance", "hint", "explain", "wrong")
NEURON_STEPS = NeuronState.ACTIONS
CURVE_STEPS = CurveState.ACTIONS
MAX_INPUTS = 6
MAX_CHOICES = 9
RESERVED = RESERVED_NAMES
"""Names an input may not take: the expression language's functions and constants."""


def _expression(fields: Fields, key: str, text: str, names: tuple[str, ...]) -> Expr | None:
    try:
        return parse(text, names)
    except ExprError as error:
        fields.error_in_value(key, f"'{key}': {error}", error.column)
        return None


def _finite_at(
    fields: Fields, key: str, expr: Expr, env: dict[str, float], where: str, line: int | None = None
) -> bool:
    """Record a problem (at `key`'s line, or `line`) unless f and its gradient are finite."""
    try:
        expr.gradient(env)
    except ExprError as error:
        message = f"'{key}' is not a finite number {where}: {error.message}"
        fields.error(message, fields.line_of(key) if line is None else line)
        return False
    return True


def _widget_id(fields: Fields, required: bool, what: str) -> str | None:
    if required and not fields.require("id", what):
        return None
    return fields.text("id")


def neuron_spec(fields: Fields) -> NeuronSpec | None:
    """Validate a `neuron` body; None when it has problems (recorded in `fields`)."""
    before = len(fields.problems)
    fields.check_keys(NEURON_KEYS, "a neuron")
    inputs: dict[str, float] = {}
    if fields.require("inputs", "a neuron"):
        mapping = fields.mapping_of("inputs")
        if mapping is not None:
            if not 1 <= len(mapping) <= MAX_INPUTS:
                fields.error_at(
                    "inputs", f"'inputs' must have 1 to {MAX_INPUTS} inputs, not {len(mapping)}"
                )
            for name, located in mapping.items():
                line = fields.offset + located.line
                value = as_number(located.value)
                if not IDENTIFIER.match(name) or name in RESERVED:
                    fields.error(
                        f"input name '{name}' must be a name like a or x1 "
                        "(not a function or constant)",
                        line,
                        located.column + 1,
                    )
                elif value is None:
                    fields.error(
                        f"input '{name}' must be a number, not {describe(plain(located))}",
                        line,
                        located.column + 1,
                    )
                else:
                    inputs[name] = value
    inputs_ok = len(fields.problems) == before and bool(inputs)
    f_text = fields.text("f") if fields.has("f") else "a * b"
    if inputs_ok and not fields.has("f") and not {"a", "b"} <= set(inputs):
        fields.error_at(
            "inputs", "without 'f' the gate is a * b, which needs inputs a and b: add an 'f'"
        )
        inputs_ok = False
    f = _expression(fields, "f", f_text, tuple(inputs)) if f_text and inputs_ok else None
    step = fields.number("step", 0.01, positive=True)
    h = fields.number("h", 0.0001, positive=True)
    seed = fields.integer("seed")
    actions = _actions(fields)
    update = fields.choice("update", ("simultaneous", "sequential"), "simultaneous")
    plot, first_view = _plot(fields, len(inputs))
    window = _window(fields, tuple(inputs))
    widget_id = _widget_id(fields, False, "a neuron")
    expect = expect_steps(fields, NEURON_STEPS, inputs=tuple(inputs), has_seed=seed is not None)
    if f is not None and len(fields.problems) == before:
        _finite_at(fields, "f" if fields.has("f") else "inputs", f, inputs, "at the start inputs")
    if len(fields.problems) > before or f is None or step is None or h is None:
        return None
    if actions is None or update is None:
        return None
    return NeuronSpec(
        inputs=inputs,
        f=f,
        line=fields.line,
        step=step,
        h=h,
        seed=seed,
        actions=actions,
        update=update,
        plot=plot,
        id=widget_id,
        id_line=fields.line_of("id") if widget_id else 0,
        expect=expect,
        view=first_view,
        window=window,
    )


def _plot(fields: Fields, count: int) -> tuple[bool, str]:
    """`plot:` as (whether to plot, the first view): true, false, history, plane or table."""
    value = fields.raw("plot") if fields.has("plot") else True
    if isinstance(value, bool):
        return value, "history"
    if value not in NEURON_VIEWS:
        fields.error_at(
            "plot",
            f"'plot' must be true, false or one of {', '.join(NEURON_VIEWS)}, "
            f"not {describe(value)}",
        )
        return True, "history"
    if value == "plane" and count < 2:
        fields.error_at("plot", "'plot: plane' needs a neuron with at least two inputs")
    return True, str(value)


def _window(fields: Fields, names: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """`window: {a: [lo, hi], b: [lo, hi]}`: the plane's fixed ranges, by input name."""
    window: dict[str, tuple[float, float]] = {}
    for name, located in (fields.mapping_of("window") or {}).items():
        line = fields.offset + located.line
        items = located.value if isinstance(located.value, list) else None
        values = [as_number(item.value) for item in items or ()]
        if names and name not in names:
            fields.error(f"'window' names '{name}', which is not an input of the neuron", line)
        elif len(values) != 2 or values[0] is None or values[1] is None:
            fields.error(f"'window' of '{name}' must be two numbers [lo, hi]", line)
        elif not values[0] < values[1]:
            fields.error(
                f"'window' of '{name}' must have lo < hi, not [{values[0]:g}, {values[1]:g}]",
                line,
            )
        else:
            window[name] = (values[0], values[1])
    return window


def _actions(fields: Fields) -> tuple[str, ...] | None:
    items = fields.list_of("actions")
    if items is None:
        return None if fields.has("actions") else NEURON_ACTIONS
    actions: list[str] = []
    for item in items:
        if item.value not in NEURON_ACTIONS:
            fields.error(
                f"unknown action {describe(plain(item))}{did_you_mean(item.value, NEURON_ACTIONS)}"
                f" (known: {', '.join(NEURON_ACTIONS)})",
                fields.offset + item.line,
                item.column + 1,
            )
            return None
        if item.value in actions:
            fields.error(
                f"action '{item.value}' is listed twice", fields.offset + item.line, item.column + 1
            )
            return None
        actions.append(item.value)
    return tuple(actions)  # may be empty: a neuron the learner only changes by hand


def curve_spec(fields: Fields) -> CurveSpec | None:
    """Validate a `curve` body; None when it has problems (recorded in `fields`)."""
    before = len(fields.problems)
    fields.check_keys(CURVE_KEYS, "a curve")
    f_text = fields.text("f") if fields.require("f", "a curve") else None
    f = _expression(fields, "f", f_text, ("x",)) if f_text else None
    x = fields.number("x") if fields.require("x", "a curve") else None
    step = fields.number("step", 0.1, positive=True)
    bounds = _range(fields) if fields.require("range", "a curve") else None
    marks: dict[str, float] = {}
    for label, located in (fields.mapping_of("marks") or {}).items():
        value = as_number(located.value)
        line = fields.offset + located.line
        if value is None:
            message = f"mark '{label}' must be a number, not {describe(plain(located))}"
            fields.error(message, line, located.column + 1)
        elif bounds and not bounds[0] <= value <= bounds[1]:
            message = f"mark '{label}' at {value:g} is outside the range"
            fields.error(message, line, located.column + 1)
        else:
            marks[label] = value
    if x is not None and bounds and not bounds[0] <= x <= bounds[1]:
        fields.error_at(
            "x", f"'x' ({x:g}) must lie within the range [{bounds[0]:g}, {bounds[1]:g}]"
        )
    widget_id = _widget_id(fields, False, "a curve")
    expect = expect_steps(fields, CURVE_STEPS, inputs=None, has_seed=False)
    if f is not None and x is not None and len(fields.problems) == before:
        _finite_at(fields, "f", f, {"x": x}, f"at x = {x:g}")
        mark_lines = {
            k: fields.offset + v.line for k, v in (fields.mapping_of("marks") or {}).items()
        }
        for label, value in marks.items():
            where = f"at mark '{label}'"
            _finite_at(fields, "marks", f, {"x": value}, where, mark_lines[label])
    if len(fields.problems) > before or f is None or x is None or step is None or not bounds:
        return None
    return CurveSpec(
        f=f,
        x=x,
        range=bounds,
        line=fields.line,
        step=step,
        marks=marks,
        id=widget_id,
        id_line=fields.line_of("id") if widget_id else 0,
        expect=expect,
    )


def _range(fields: Fields) -> tuple[float, float] | None:
    items = fields.list_of("range")
    if items is None:
        return None
    values = [as_number(item.value) for item in items]
    if len(values) != 2 or values[0] is None or values[1] is None:
        fields.error_at("range", "'range' must be two numbers [lo, hi]")
        return None
    if not values[0] < values[1]:
        fields.error_at("range", f"'range' must have lo < hi, not [{values[0]:g}, {values[1]:g}]")
        return None
    return values[0], values[1]


def quiz_spec(fields: Fields) -> QuizSpec | None:
    """Validate a `quiz` body; None when it has problems (recorded in `fields`)."""
    before = len(fields.problems)
    fields.check_keys(QUIZ_KEYS, "a quiz")
    quiz_id = _widget_id(fields, True, "a quiz")
    question = fields.text("question") if fields.require("question", "a quiz") else None
    choices = _choices(fields)
    answer = _answer(fields)
    if fields.has("choices") and fields.has("answer"):
        # Point at the second of the two keys: the one to remove (or move to another quiz).
        second = max(("choices", "answer"), key=fields.line_of)
        fields.error_at(second, "a quiz needs exactly one of 'choices' or 'answer', not both")
    elif not fields.has("choices") and not fields.has("answer"):
        fields.error("a quiz needs exactly one of 'choices' or 'answer'")
    tolerance = fields.number("tolerance", minimum=0.0)
    hint = fields.text("hint")
    explain = fields.text("explain")
    wrong = _wrong(fields, answer, tolerance)
    if len(fields.problems) > before or quiz_id is None or question is None:
        return None
    return QuizSpec(
        id=quiz_id,
        question=question,
        line=fields.line,
        choices=choices,
        answer=answer,
        tolerance=tolerance,
        hint=hint,
        explain=explain,
        id_line=fields.line_of("id"),
        wrong=wrong,
    )


def _wrong(
    fields: Fields, answer: float | None, tolerance: float | None
) -> tuple[WrongAnswer, ...]:
    """A numeric quiz's `wrong:` list of `{answer, why}`: common wrong answers and their why."""
    items = fields.list_of("wrong")
    if items is None:
        return ()
    if not fields.has("answer"):
        fields.error_at("wrong", "'wrong' belongs to a numeric quiz (one with 'answer')")
        return ()
    right = QuizSpec("", "", 0, answer=answer, tolerance=tolerance)
    found: list[WrongAnswer] = []
    for index, item in enumerate(items, start=1):
        entry = fields.nested(item, f"wrong answer {index}")
        if entry is None:
            continue
        entry.check_keys(("answer", "why"), "a wrong answer")
        value = _answer(entry) if entry.require("answer", f"wrong answer {index}") else None
        why = entry.text("why") if entry.require("why", f"wrong answer {index}") else None
        if value is not None and answer is not None and right.accepts(value):
            entry.error_at("answer", f"wrong answer {value:g} is accepted as the right answer")
        elif value is not None and why is not None:
            found.append(WrongAnswer(value, why))
    return tuple(found)


def _choices(fields: Fields) -> tuple[QuizChoice, ...]:
    items = fields.list_of("choices")
    before = len(fields.problems)
    if items is None:
        return ()
    choices: list[QuizChoice] = []
    for index, item in enumerate(items, start=1):
        choice = fields.nested(item, f"choice {index}")
        if choice is None:
            continue
        choice.check_keys(("text", "correct", "why"), "a choice")
        text = choice.text("text") if choice.require("text", f"choice {index}") else None
        correct = choice.boolean("correct", False)
        why = choice.text("why")
        if text is not None:
            choices.append(QuizChoice(text=text, correct=correct, why=why))
    if len(items) < 2:
        fields.error_at("choices", "'choices' must have at least 2 choices")
    elif len(items) > MAX_CHOICES:
        fields.error_at("choices", f"'choices' can have at most {MAX_CHOICES} (keys 1-9)")
    elif len(fields.problems) == before and not any(choice.correct for choice in choices):
        fields.error_at("choices", "at least one choice must have 'correct: true'")
    return tuple(choices)


def _answer(fields: Fields) -> float | None:
    if not fields.has("answer"):
        return None
    value = fields.raw("answer")
    number = as_number(value)
    if number is not None:
        return number
    if not isinstance(value, str) or isinstance(value, bool):
        fields.error_at(
            "answer", f"'answer' must be a number or an expression, not {describe(value)}"
        )
        return None
    expr = _expression(fields, "answer", value, ())
    if expr is None:
        return None
    try:
        return expr.evaluate({})
    except ExprError as error:
        fields.error_at("answer", f"'answer' is not a finite number: {error.message}")
        return None


def located_fields(
    body: Located | None,
    *,
    file: str,
    offset: int,
    fence_line: int,
    kind: str,
    problems: list[Problem],
) -> Fields | None:
    """`Fields` for a directive body, or None with a problem when it is not a mapping."""
    if body is None or not isinstance(body.value, dict):
        got = "nothing" if body is None else describe(plain(body))
        problems.append(
            Problem(file, fence_line, f"a {kind} body must be a YAML mapping, not {got}")
        )
        return None
    return Fields(body.value, file=file, offset=offset, line=fence_line, problems=problems)
