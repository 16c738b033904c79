"""SymPy derivations of every model, checked step by step.

``derivations()`` returns every model's ``Derivation`` in page order, and
``equation(key)`` looks up one display equation by its key, such as
``"logistic-ce.chain"``. Importing this package needs SymPy; the NumPy side
of derivlib does not.
"""

from importlib import import_module

# Model key -> "module:function" that builds its Derivation, in page order.
REGISTRY = {
    "linear-regression": "linear_regression:derivation",
    "logistic-ce": "logistic_regression:cross_entropy",
    "logistic-se": "logistic_regression:squared_error",
    "perceptron": "perceptron:derivation",
    "multiclass-perceptron": "multiclass_perceptron:derivation",
    "softmax-regression": "softmax_regression:derivation",
    "sigmoid-network": "sigmoid_network:derivation",
    "relu-softmax-network": "relu_softmax_network:derivation",
    "l2-regularization": "l2_regularization:derivation",
    "dropout": "dropout:derivation",
}


def derivation(model):
    """Build (once) and return the ``Derivation`` of one model key."""
    if model not in REGISTRY:
        raise KeyError(f"unknown model {model!r}; known models: {', '.join(REGISTRY)}")
    module, function = REGISTRY[model].split(":")
    return getattr(import_module(f"{__name__}.{module}"), function)()


def derivations():
    """Return every model's ``Derivation``, in page order."""
    return [derivation(model) for model in REGISTRY]


def equation(key):
    """Return the ``Equation`` with the key ``"<model>.<name>"``."""
    model = key.split(".", 1)[0]
    equations = derivation(model).by_key()
    if key not in equations:
        raise KeyError(f"unknown equation {key!r}; {model} has {', '.join(equations)}")
    return equations[key]
