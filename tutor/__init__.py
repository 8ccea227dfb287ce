"""backprop-tutor: an interactive terminal course on the derivative behind backpropagation."""

__version__ = "0.1.0"
