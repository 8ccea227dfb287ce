"""Reverse-mode automatic differentiation, micrograd-style and teaching-sized.

A `Value` holds a number (``data``), the derivative of the final output with respect to it
(``grad``), the values it was computed from and a ``_backward`` closure that applies the
chain rule one step back. ``backward()`` visits the graph in reverse topological order.

    >>> a, b = Value(5.0), Value(6.0)
    >>> f = a * b
    >>> f.backward()
    >>> a.grad, b.grad   # ∂f/∂a = b, ∂f/∂b = a
    (6.0, 5.0)

Conventions where a function has a kink: relu'(0) = 0, abs'(0) = 0, and for max/min the
whole gradient goes to the first argument that attains the extremum. ∂(x**y)/∂y is taken
as 0 where x <= 0 (x**y is not differentiable in y there).

The class does no range checking: `tutor.maths.expr` checks every operation before it
builds the graph, so a `Value` only ever sees numbers it can compute with.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable


def sigmoid(x: float) -> float:
    """The logistic function 1 / (1 + e^-x), computed without overflow for any finite x."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _sign(x: float) -> float:
    """-1, 0 or 1: the derivative of abs, with abs'(0) = 0."""
    return float((x > 0) - (x < 0))


class Value:
    """A number in a computation graph that can carry its gradient back to its inputs.

    Attributes:
        data: The number.
        grad: ∂(output)/∂(this value), filled in by `backward` on the output.
    """

    def __init__(self, data: float, _children: tuple[Value, ...] = (), _op: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None
        self._prev = _children
        self._op = _op

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __truediv__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward() -> None:
            self.grad += out.grad / other.data
            other.grad += -out.data / other.data * out.grad  # d(a/b)/db = -a/b² = -(a/b)/b

        out._backward = _backward
        return out

    def __pow__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data**other.data, (self, other), "**")

        def _backward() -> None:
            if other.data != 0:
                self.grad += other.data * self.data ** (other.data - 1) * out.grad
            if self.data > 0:
                other.grad += out.data * math.log(self.data) * out.grad

        out._backward = _backward
        return out

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Value | float) -> Value:
        return self + (-_as_value(other))

    def __radd__(self, other: float) -> Value:
        return self + other

    def __rmul__(self, other: float) -> Value:
        return self * other

    def __rsub__(self, other: float) -> Value:
        return _as_value(other) - self

    def __rtruediv__(self, other: float) -> Value:
        return _as_value(other) / self

    def __abs__(self) -> Value:
        return self._unary(abs(self.data), _sign(self.data), "abs")

    def exp(self) -> Value:
        """e to the power of this value; its derivative is itself."""
        y = math.exp(self.data)
        return self._unary(y, y, "exp")

    def log(self) -> Value:
        """The natural logarithm; derivative 1/x."""
        return self._unary(math.log(self.data), 1.0 / self.data, "log")

    def sqrt(self) -> Value:
        """The square root; derivative 1/(2·√x), infinite at 0."""
        y = math.sqrt(self.data)
        return self._unary(y, 0.5 / y if y > 0 else math.inf, "sqrt")

    def sin(self) -> Value:
        """The sine; derivative cos x."""
        return self._unary(math.sin(self.data), math.cos(self.data), "sin")

    def cos(self) -> Value:
        """The cosine; derivative −sin x."""
        return self._unary(math.cos(self.data), -math.sin(self.data), "cos")

    def tanh(self) -> Value:
        """The hyperbolic tangent; derivative 1 − tanh²."""
        t = math.tanh(self.data)
        return self._unary(t, 1.0 - t * t, "tanh")

    def sigmoid(self) -> Value:
        """The logistic function σ; derivative σ·(1 − σ)."""
        s = sigmoid(self.data)
        return self._unary(s, s * (1.0 - s), "sigmoid")

    def relu(self) -> Value:
        """max(0, x); derivative 1 for x > 0, else 0 (relu'(0) = 0)."""
        return self._unary(max(0.0, self.data), float(self.data > 0), "relu")

    def _unary(self, y: float, dy_dx: float, op: str) -> Value:
        """A one-input operation with output y and local derivative dy/dx."""
        out = Value(y, (self,), op)

        def _backward() -> None:
            self.grad += dy_dx * out.grad

        out._backward = _backward
        return out

    def backward(self) -> None:
        """Fill in ``grad`` on every value this one was computed from (∂self/∂value)."""
        for node in _topological_order(self):
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(_topological_order(self)):
            node._backward()


def maximum(*values: Value) -> Value:
    """The largest of two or more values; the gradient goes to the first one that is largest."""
    return _select(values, max, "max")


def minimum(*values: Value) -> Value:
    """The smallest of two or more values; the gradient goes to the first one that is smallest."""
    return _select(values, min, "min")


def _select(values: tuple[Value, ...], pick: Callable[[Iterable[float]], float], op: str) -> Value:
    """The value chosen by ``pick`` (max or min), passing the gradient to its first holder."""
    best = pick(v.data for v in values)
    winner = next(v for v in values if v.data == best)
    out = Value(best, values, op)

    def _backward() -> None:
        winner.grad += out.grad

    out._backward = _backward
    return out


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _topological_order(root: Value) -> list[Value]:
    """Every value ``root`` depends on, each after all of its inputs (iterative DFS)."""
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev)
    return order
