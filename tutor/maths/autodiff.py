"""Reverse-mode automatic differentiation, micrograd-style and teaching-sized.

A `Value` holds a number (``data``) and, after ``backward()`` on some output, the derivative of
that output with respect to it (``grad``). Every operation on values builds a new value that
remembers its inputs (``_prev``) and a ``_backward`` closure: the chain rule for one step, which
adds "my local derivative × the output's derivative with respect to me" to each input's grad.

    >>> a, b = Value(5.0), Value(6.0)
    >>> f = a * b
    >>> f.backward()
    >>> a.grad, b.grad   # ∂f/∂a = b, ∂f/∂b = a
    (6.0, 5.0)

That is backpropagation: one pass from the output back to the inputs gives the derivative with
respect to *every* input at once, however many there are. (Nudging each input in turn and
watching the output, the numerical way, costs one more evaluation per input.)

The functions (``exp``, ``tanh``, ``relu``...) come from one table, `tutor.maths.functions`,
with their derivatives; `Value.apply` turns any of them into a graph node.

Conventions where a function has a kink: relu'(0) = 0, abs'(0) = 0, and for max/min the
whole gradient goes to the first argument that attains the extremum. ∂(x**y)/∂y is taken
as 0 where x <= 0 (x**y is not differentiable in y there).

The class does no range checking: `tutor.maths.expr` checks every operation before it
builds the graph, so a `Value` only ever sees numbers it can compute with.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from tutor.maths.functions import EXTREMA, UNARY


class Value:
    """A number in a computation graph that can carry its gradient back to its inputs.

    Attributes:
        data: The number.
        grad: ∂(output)/∂(this value), filled in by `backward` on the output.
    """

    def __init__(self, data: float, _children: tuple[Value, ...] = (), _op: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0
        self._backward: Callable[[], None] = lambda: None  # a leaf has nothing to pass back
        self._prev = _children
        self._op = _op

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # --- the four operations and the power: each with its local derivatives -------------------

    def __add__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:  # d(a+b)/da = 1, d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __truediv__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward() -> None:  # d(a/b)/da = 1/b, d(a/b)/db = -a/b² = -(a/b)/b
            self.grad += out.grad / other.data
            other.grad += -out.data / other.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, other: Value | float) -> Value:
        other = _as_value(other)
        out = Value(self.data**other.data, (self, other), "**")

        def _backward() -> None:  # d(a^b)/da = b·a^(b-1), d(a^b)/db = a^b·ln a
            if other.data != 0:
                self.grad += other.data * self.data ** (other.data - 1) * out.grad
            if self.data > 0:
                other.grad += out.data * math.log(self.data) * out.grad

        out._backward = _backward
        return out

    # --- the rest of the arithmetic, built from the operations above --------------------------

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

    # --- functions -----------------------------------------------------------------------------

    def apply(self, name: str) -> Value:
        """The one-argument function ``name`` of `tutor.maths.functions.UNARY` at this value.

        The node's chain-rule step multiplies the output's gradient by the function's local
        derivative dy/dx, computed now, at this point.
        """
        function = UNARY[name]
        y = function.value(self.data)
        dy_dx = function.slope(self.data, y)
        out = Value(y, (self,), name)

        def _backward() -> None:
            self.grad += dy_dx * out.grad

        out._backward = _backward
        return out

    def __abs__(self) -> Value:
        return self.apply("abs")

    def exp(self) -> Value:
        """e to the power of this value (micrograd's name; the same as ``apply("exp")``)."""
        return self.apply("exp")

    def tanh(self) -> Value:
        """The hyperbolic tangent (micrograd's name; the same as ``apply("tanh")``)."""
        return self.apply("tanh")

    def relu(self) -> Value:
        """max(0, x) (micrograd's name; the same as ``apply("relu")``)."""
        return self.apply("relu")

    # --- backpropagation -------------------------------------------------------------------------

    def backward(self) -> None:
        """Fill in ``grad`` on every value this one was computed from (∂self/∂value).

        One pass: order the graph so that every value comes after its inputs, then walk that
        order from this output back to the leaves. When a node's ``_backward`` runs, every use
        of it has already added its share to its ``grad``, so the node passes on its complete
        derivative. All the inputs' derivatives come out of this single pass.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0  # forget an earlier pass: backward twice gives the same result
        self.grad = 1.0  # ∂self/∂self
        for node in reversed(order):
            node._backward()


def maximum(*values: Value) -> Value:
    """The largest of two or more values; the gradient goes to the first one that is largest."""
    return _select(values, "max")


def minimum(*values: Value) -> Value:
    """The smallest of two or more values; the gradient goes to the first one that is smallest."""
    return _select(values, "min")


def _select(values: tuple[Value, ...], name: str) -> Value:
    """The value chosen by `EXTREMA[name]`, passing the whole gradient to its first holder."""
    best = EXTREMA[name](v.data for v in values)
    winner = next(v for v in values if v.data == best)
    out = Value(best, values, name)

    def _backward() -> None:  # d max/d winner = 1; the others do not move the output
        winner.grad += out.grad

    out._backward = _backward
    return out


def _as_value(x: Value | float) -> Value:
    return x if isinstance(x, Value) else Value(x)


def topological_order(root: Value) -> list[Value]:
    """Every value ``root`` depends on, each listed after all of its inputs; ``root`` last.

    A depth-first search: a value is appended once all of its inputs have been (post-order),
    so reading the list backwards visits every value before any of the values it came from.
    micrograd writes this as a recursive ``build_topo``; an explicit stack does the same
    without Python's recursion limit (a chain of 5,000 additions is fine). Each stack entry
    says whether the value's inputs are already done; ``seen`` makes a value shared by
    several paths appear once.
    """
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)  # its inputs were appended before: post-order
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))  # come back to it after its inputs
            stack.extend((child, False) for child in node._prev)
    return order
