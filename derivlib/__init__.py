"""derivlib: loss gradients of classic models, derived with SymPy and run with NumPy.

The NumPy side (this package's modules other than ``derivlib.symbolic``)
needs only NumPy: ``linear_regression``, ``logistic_regression``, the stable
activations in ``functions`` and the finite-difference checks in
``gradcheck``.
"""

from . import (
    dropout,
    functions,
    gradcheck,
    linear_regression,
    logistic_regression,
    multiclass_perceptron,
    perceptron,
    regularization,
    relu_softmax_network,
    sigmoid_network,
    softmax_regression,
)

__version__ = "0.1.0"
__all__ = [
    "dropout",
    "functions",
    "gradcheck",
    "linear_regression",
    "logistic_regression",
    "multiclass_perceptron",
    "perceptron",
    "regularization",
    "relu_softmax_network",
    "sigmoid_network",
    "softmax_regression",
]
