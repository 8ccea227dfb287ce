"""The lesson expression language: a tokenizer, a small Pratt parser and an evaluator.

The language (docs/lesson-format.md): numbers, the names a widget declares, ``pi``, ``e``,
``+ - * / **``, unary minus, parentheses, and the functions ``exp log sqrt sin cos tanh
sigmoid relu abs max min`` (the table in `tutor.maths.functions`). ``**`` is
right-associative and binds tighter than unary minus, as in Python: ``-2**2 == -4``,
``2**3**2 == 512``. A declared name shadows the constants ``pi`` and ``e``. Nothing is ever
handed to Python's eval/exec/compile or ast.

Every failure, while parsing or evaluating, is an `ExprError` with a message and a column.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from tutor.maths import safeops
from tutor.maths.autodiff import Value, maximum, minimum
from tutor.maths.errors import ExprError
from tutor.maths.functions import CONSTANTS, FUNCTIONS
from tutor.maths.lexer import MAX_LENGTH, Token, tokenize

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "Expr", "ExprError", "parse"]

MAX_DEPTH = 64
"""The deepest nesting accepted (parentheses, calls, unary minus, right operands of ``**``)."""


@dataclass(frozen=True)
class Num:
    """A number literal or a constant."""

    value: float


@dataclass(frozen=True)
class Var:
    """A declared name."""

    name: str


@dataclass(frozen=True)
class Neg:
    """Unary minus."""

    operand: Node


@dataclass(frozen=True)
class Binary:
    """``left op right``; ``column`` is the operator's column."""

    op: str
    left: Node
    right: Node
    column: int


@dataclass(frozen=True)
class Call:
    """A function call; ``column`` is the function name's column."""

    func: str
    args: tuple[Node, ...]
    column: int


Node = Num | Var | Neg | Binary | Call

_INFIX_POWER = {"+": 10, "-": 10, "*": 20, "/": 20, "**": 40}
_UNARY_POWER = 30  # between * and **: -a*b is (-a)*b, -a**b is -(a**b)


@dataclass(frozen=True)
class Expr:
    """A parsed expression, immutable and safe to evaluate any number of times.

    Attributes:
        source: The text it was parsed from.
        names: The declared names it uses.
    """

    source: str
    names: frozenset[str]
    _root: Node = field(repr=False, compare=False)
    _columns: Mapping[str, int] = field(repr=False, compare=False)

    def __str__(self) -> str:
        return self.source

    def evaluate(self, env: Mapping[str, float]) -> float:
        """The expression's value with each name bound to ``env[name]``.

        Raises:
            ExprError: A name has no finite value in ``env``, or an operation fails
                (division by zero, log of a non-positive number, overflow, ...).
        """
        values = self._bind(env)
        return _evaluate(self._root, values)

    def gradient(self, env: Mapping[str, float]) -> tuple[float, dict[str, float]]:
        """The value and the exact partial derivative for every name in ``env``.

        Names in ``env`` that the expression does not use get 0.0. Derivatives use
        reverse-mode autodiff (`tutor.maths.autodiff`), with its kink conventions.

        Raises:
            ExprError: As `evaluate`, or a derivative that is not finite at this point
                (e.g. sqrt at 0); the latter has column 0.
        """
        values = self._bind(env)
        leaves = {name: Value(x) for name, x in values.items()}
        try:
            out = _trace(self._root, leaves)
            out.backward()
        except (ArithmeticError, ValueError) as error:
            raise ExprError(f"the derivative is not defined here ({error})") from None
        partials = {name: leaves[name].grad if name in leaves else 0.0 for name in env}
        for name, partial in partials.items():
            if not math.isfinite(partial):
                raise ExprError(f"the derivative with respect to '{name}' is not finite here")
        return out.data, partials

    def _bind(self, env: Mapping[str, float]) -> dict[str, float]:
        """The values of the names used, as finite floats."""
        values: dict[str, float] = {}
        for name in sorted(self.names, key=lambda n: self._columns[n]):
            if name not in env:
                raise ExprError(f"no value for '{name}'", self._columns[name])
            x = float(env[name])
            if not math.isfinite(x):
                raise ExprError(f"'{name}' is not a finite number", self._columns[name])
            values[name] = x
        return values


def parse(text: str, names: Collection[str]) -> Expr:
    """Parse ``text``, allowing the variables ``names``.

    Raises:
        ExprError: Unknown name, syntax error, wrong number of function arguments, more
            than 500 characters or more than 64 levels deep.
    """
    parser = _Parser(tokenize(text), frozenset(names))
    root = parser.parse()
    return Expr(text, frozenset(parser.columns), root, dict(parser.columns))


class _Parser:
    """A Pratt parser over a token list."""

    def __init__(self, tokens: list[Token], names: frozenset[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.names = names
        self.depth = 0
        self.columns: dict[str, int] = {}  # first column of each declared name used

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExprError("empty expression", 1)
        node = self.expression(0)
        if self.peek().kind != "end":
            raise self.unexpected(self.peek())
        return node

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def expression(self, right_power: int) -> Node:
        """An expression whose operators all bind tighter than ``right_power``."""
        left = self.prefix(self.advance())
        while True:
            token = self.peek()
            power = _INFIX_POWER.get(token.text) if token.kind == "op" else None
            if power is None or power <= right_power:
                return left
            self.advance()
            # ** is right-associative (2**3**2 == 2**(3**2)), so its right operand nests.
            right = self.nested(token, power - 1) if token.text == "**" else self.expression(power)
            left = Binary(token.text, left, right, token.column)

    def nested(self, opener: Token, right_power: int) -> Node:
        """A sub-expression one level deeper than the current one."""
        if self.depth >= MAX_DEPTH:
            raise ExprError(f"too deeply nested (more than {MAX_DEPTH} levels)", opener.column)
        self.depth += 1
        node = self.expression(right_power)
        self.depth -= 1
        return node

    def prefix(self, token: Token) -> Node:
        if token.kind == "number":
            return Num(token.value)
        if token.kind == "name":
            return self.name(token)
        if token.text == "-":
            return Neg(self.nested(token, _UNARY_POWER))
        if token.text == "(":
            inner = self.nested(token, 0)
            self.expect_close(token)
            return inner
        raise self.unexpected(token)

    def name(self, token: Token) -> Node:
        name = token.text
        if self.peek().text == "(":
            if name not in FUNCTIONS:
                close = difflib.get_close_matches(name, list(FUNCTIONS), n=1, cutoff=0.6)
                hint = f": did you mean '{close[0]}'?" if close else ""
                raise ExprError(f"'{name}' is not a function{hint}", token.column)
            return self.call(token)
        if name in self.names:
            self.columns.setdefault(name, token.column)
            return Var(name)
        if name in CONSTANTS:
            return Num(CONSTANTS[name])
        if name in FUNCTIONS:
            raise ExprError(f"'{name}' is a function: write {name}(...)", token.column)
        raise ExprError(
            f"unknown name '{name}'{self.suggest(name)} ({self.allowed()})", token.column
        )

    def suggest(self, name: str) -> str:
        """`: did you mean 'b'?` for the closest allowed name or function, else nothing."""
        known = [*self.names, *CONSTANTS, *FUNCTIONS]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        return f": did you mean '{close[0]}'?" if close else ""

    def call(self, name: Token) -> Call:
        opener = self.advance()
        args = [self.nested(opener, 0)] if self.peek().text != ")" else []
        while self.peek().text == ",":
            self.advance()
            args.append(self.nested(opener, 0))
        self.expect_close(opener)
        least, most = FUNCTIONS[name.text]
        if len(args) < least or (most is not None and len(args) > most):
            wanted = f"exactly {least}" if least == most else f"{least} or more"
            plural = "" if least == most == 1 else "s"
            raise ExprError(
                f"{name.text} takes {wanted} argument{plural} (got {len(args)})", name.column
            )
        return Call(name.text, tuple(args), name.column)

    def expect_close(self, opener: Token) -> None:
        token = self.advance()
        if token.text != ")":
            raise ExprError(
                f"expected ')' to close '(' at column {opener.column}, found {token.describe()}",
                token.column,
            )

    def unexpected(self, token: Token) -> ExprError:
        return ExprError(f"unexpected {token.describe()}", token.column)

    def allowed(self) -> str:
        names = ", ".join([*sorted(self.names), *CONSTANTS])
        return f"allowed names: {names}; functions: {', '.join(FUNCTIONS)}"


def _evaluate(node: Node, env: Mapping[str, float]) -> float:
    """The value of ``node``, every operation checked by `safeops`."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Var):
        return env[node.name]
    if isinstance(node, Neg):
        return -_evaluate(node.operand, env)
    if isinstance(node, Binary):
        left, right = _evaluate(node.left, env), _evaluate(node.right, env)
        return safeops.binary(node.op, left, right, node.column)
    args = [_evaluate(arg, env) for arg in node.args]
    return safeops.call(node.func, args, node.column)


def _trace(node: Node, leaves: Mapping[str, Value]) -> Value:
    """The autodiff graph of ``node``; each step is checked by `safeops` before it is built."""
    if isinstance(node, Num):
        return Value(node.value)
    if isinstance(node, Var):
        return leaves[node.name]
    if isinstance(node, Neg):
        return -_trace(node.operand, leaves)
    if isinstance(node, Binary):
        left, right = _trace(node.left, leaves), _trace(node.right, leaves)
        safeops.binary(node.op, left.data, right.data, node.column)
        return _BINARY[node.op](left, right)
    args = [_trace(arg, leaves) for arg in node.args]
    safeops.call(node.func, [arg.data for arg in args], node.column)
    if node.func == "max":
        return maximum(*args)
    if node.func == "min":
        return minimum(*args)
    return args[0].apply(node.func)


_BINARY = {
    "+": Value.__add__,
    "-": Value.__sub__,
    "*": Value.__mul__,
    "/": Value.__truediv__,
    "**": Value.__pow__,
}
