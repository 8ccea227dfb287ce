"""The maths engine: expression language, autodiff, the widgets' state machines, number format.

Pure Python; it never imports Textual.
"""

from tutor.maths.errors import ExprError
from tutor.maths.expr import Expr, parse
from tutor.maths.nudges import Change, CurveState, NeuronState
from tutor.maths.numfmt import fmt

__all__ = ["Change", "CurveState", "Expr", "ExprError", "NeuronState", "fmt", "parse"]
