"""The models of the benchmark: one adapter entry per model.

An entry names derivlib's vectorized and per-sample functions and lists the
matrix products that the gradient cannot avoid, which are the floor. It also
writes the loss once for the autograd contenders, and the hand formula for
PyTorch. Both go through an ``ops`` namespace, so the same code runs on
PyTorch tensors and on JAX arrays. To benchmark a new model, add one ``Model`` to
``MODELS`` and its configurations to ``grid.py``.

Shapes use the letters of the pages: X (n, m), c outputs, b hidden units.
"""

from dataclasses import dataclass
from importlib import import_module
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Dims:
    """One problem size: n samples, m features, c outputs, b hidden units, and the dtype name."""

    n: int
    m: int
    c: int
    b: int
    dtype: str


@dataclass(frozen=True)
class Problem:
    """The arrays of one benchmark problem.

    ``targets`` is what PyTorch, JAX and the hand formula get: y (n, 1) or
    one-hot Y (n, c), in the dtype of X. ``labels`` is what derivlib gets:
    the same y (n, 1), or the class ids (n,) for a multi-class model, its
    cheapest documented input.
    """

    dims: Dims
    X: np.ndarray
    targets: np.ndarray
    labels: np.ndarray
    parameters: tuple[np.ndarray, ...]


@dataclass(frozen=True)
class Model:
    """How to build, run and bound one model in the benchmark.

    ``loss(ops, X, T, *parameters)`` returns the summed loss as a scalar of
    the backend; ``formula`` returns ``(loss, gradients)`` from the hand
    formula. ``shapes(dims)`` gives the shape of every array named in
    ``products`` and of every parameter. ``target_floor`` is the floor that
    the page sets the target against: ``"bandwidth"`` or ``"products"``.
    """

    key: str
    title: str
    title_zh: str
    module: str
    vectorized: str
    per_sample: str
    parameters: tuple[str, ...]
    targets: str
    uses_hidden: bool
    loss: Callable
    formula: Callable
    shapes: Callable[[Dims], dict]
    products: tuple[str, ...]
    target_floor: str

    def functions(self):
        """Return derivlib's (vectorized, per-sample) functions; raise ImportError if absent."""
        module = import_module(self.module)
        missing = [name for name in (self.vectorized, self.per_sample) if not hasattr(module, name)]
        if missing:
            raise ImportError(f"{self.module} has no function {', '.join(missing)}")
        return getattr(module, self.vectorized), getattr(module, self.per_sample)

    def make_problem(self, dims, seed=0):
        """Draw X, targets and parameters of the given size from a fixed seed."""
        rng = np.random.default_rng(seed)
        dtype = np.dtype(dims.dtype)
        X = rng.standard_normal((dims.n, dims.m), dtype=dtype)
        if self.targets == "real":
            targets = rng.standard_normal((dims.n, 1), dtype=dtype)
            labels = targets
        elif self.targets == "binary":
            targets = rng.integers(0, 2, size=(dims.n, 1)).astype(dtype)
            labels = targets
        else:
            labels = rng.integers(0, dims.c, size=dims.n)
            targets = np.eye(dims.c, dtype=dtype)[labels]
        shapes = self.shapes(dims)
        parameters = tuple(
            (rng.standard_normal(shapes[name], dtype=dtype) / np.sqrt(shapes[name][0])).astype(dtype)
            for name in self.parameters
        )
        return Problem(dims, X, targets, labels, parameters)

    def product_operands(self, product):
        """Split ``"X.T @ r"`` into ((name, transposed), (name, transposed))."""
        left, right = (operand.strip() for operand in product.split("@"))
        return tuple((name.removesuffix(".T"), name.endswith(".T")) for name in (left, right))

    def floor_counts(self, dims):
        """Return (floating-point operations, bytes read) of the floor's matrix products."""
        shapes = self.shapes(dims)
        itemsize = np.dtype(dims.dtype).itemsize
        operations = 0
        bytes_read = 0
        for product in self.products:
            (left, left_t), (right, right_t) = self.product_operands(product)
            rows, inner = shapes[left][::-1] if left_t else shapes[left]
            columns = shapes[right][0] if right_t else shapes[right][1]
            operations += 2 * rows * inner * columns
            bytes_read += (np.prod(shapes[left]) + np.prod(shapes[right])) * itemsize
        return int(operations), int(bytes_read)


# ---------------------------------------------------------------------------
# Losses and hand formulas, written once for PyTorch and JAX through `ops`.
# Every loss is a sum over the batch, as on the model pages.
# ---------------------------------------------------------------------------


def linear_loss(ops, X, y, theta):
    residual = X @ theta - y
    return 0.5 * ops.sum(residual * residual)


def linear_formula(ops, X, y, theta):
    residual = X @ theta - y
    return 0.5 * ops.sum(residual * residual), (X.T @ residual,)


def logistic_loss(ops, X, y, theta):
    h_hat = X @ theta
    return ops.sum(ops.softplus(h_hat) - y * h_hat)


def logistic_formula(ops, X, y, theta):
    h_hat = X @ theta
    loss = ops.sum(ops.softplus(h_hat) - y * h_hat)
    return loss, (X.T @ (ops.sigmoid(h_hat) - y),)


def softmax_loss(ops, X, Y, theta):
    h_hat = X @ theta
    return ops.sum(ops.logsumexp(h_hat)) - ops.sum(Y * h_hat)


def softmax_formula(ops, X, Y, theta):
    h_hat = X @ theta
    loss = ops.sum(ops.logsumexp(h_hat)) - ops.sum(Y * h_hat)
    return loss, (X.T @ (ops.softmax(h_hat) - Y),)


def sigmoid_network_loss(ops, X, Y, W, V):
    Z = ops.sigmoid(X @ W)
    error = ops.sigmoid(Z @ V) - Y
    return 0.5 * ops.sum(error * error)


def sigmoid_network_formula(ops, X, Y, W, V):
    Z = ops.sigmoid(X @ W)
    H = ops.sigmoid(Z @ V)
    error = H - Y
    output_term = error * H * (1 - H)
    hidden_term = (output_term @ V.T) * Z * (1 - Z)
    return 0.5 * ops.sum(error * error), (X.T @ hidden_term, Z.T @ output_term)


def relu_softmax_network_loss(ops, X, Y, W, V):
    h_hat = ops.relu(X @ W) @ V
    return ops.sum(ops.logsumexp(h_hat)) - ops.sum(Y * h_hat)


def relu_softmax_network_formula(ops, X, Y, W, V):
    z_hat = X @ W
    Z = ops.relu(z_hat)
    h_hat = Z @ V
    loss = ops.sum(ops.logsumexp(h_hat)) - ops.sum(Y * h_hat)
    output_term = ops.softmax(h_hat) - Y
    hidden_term = (output_term @ V.T) * ops.step(z_hat)
    return loss, (X.T @ hidden_term, Z.T @ output_term)


def single_output_shapes(dims):
    return {"X": (dims.n, dims.m), "theta": (dims.m, 1), "r": (dims.n, 1)}


def softmax_shapes(dims):
    return {"X": (dims.n, dims.m), "theta": (dims.m, dims.c), "D": (dims.n, dims.c)}


def network_shapes(dims):
    return {
        "X": (dims.n, dims.m),
        "W": (dims.m, dims.b),
        "Z": (dims.n, dims.b),
        "V": (dims.b, dims.c),
        "D": (dims.n, dims.c),
        "G": (dims.n, dims.b),
    }


# The products of the forward pass and of backpropagation. In the networks,
# D is the output-layer term (n, c) and G the hidden-layer term (n, b).
SINGLE_OUTPUT_PRODUCTS = ("X @ theta", "X.T @ r")
SOFTMAX_PRODUCTS = ("X @ theta", "X.T @ D")
NETWORK_PRODUCTS = ("X @ W", "Z @ V", "D @ V.T", "X.T @ G", "Z.T @ D")

MODELS = (
    Model(
        key="linear-regression",
        title="Linear regression",
        title_zh="线性回归",
        module="derivlib.linear_regression",
        vectorized="loss_and_gradient",
        per_sample="per_sample_gradient",
        parameters=("theta",),
        targets="real",
        uses_hidden=False,
        loss=linear_loss,
        formula=linear_formula,
        shapes=single_output_shapes,
        products=SINGLE_OUTPUT_PRODUCTS,
        target_floor="bandwidth",
    ),
    Model(
        key="logistic-regression",
        title="Logistic regression (cross-entropy)",
        title_zh="逻辑回归（交叉熵）",
        module="derivlib.logistic_regression",
        vectorized="cross_entropy_loss_and_gradient",
        per_sample="cross_entropy_per_sample_gradient",
        parameters=("theta",),
        targets="binary",
        uses_hidden=False,
        loss=logistic_loss,
        formula=logistic_formula,
        shapes=single_output_shapes,
        products=SINGLE_OUTPUT_PRODUCTS,
        target_floor="bandwidth",
    ),
    Model(
        key="softmax-regression",
        title="Softmax regression",
        title_zh="Softmax 回归",
        module="derivlib.softmax_regression",
        vectorized="loss_and_gradient",
        per_sample="per_sample_gradient",
        parameters=("theta",),
        targets="classes",
        uses_hidden=False,
        loss=softmax_loss,
        formula=softmax_formula,
        shapes=softmax_shapes,
        products=SOFTMAX_PRODUCTS,
        target_floor="products",
    ),
    Model(
        key="sigmoid-network",
        title="Two-layer network, sigmoid and squared error",
        title_zh="两层网络：sigmoid 与平方误差",
        module="derivlib.sigmoid_network",
        vectorized="loss_and_gradient",
        per_sample="per_sample_gradient",
        parameters=("W", "V"),
        targets="classes",
        uses_hidden=True,
        loss=sigmoid_network_loss,
        formula=sigmoid_network_formula,
        shapes=network_shapes,
        products=NETWORK_PRODUCTS,
        target_floor="products",
    ),
    Model(
        key="relu-softmax-network",
        title="Two-layer network, ReLU and softmax",
        title_zh="两层网络：ReLU 与 softmax",
        module="derivlib.relu_softmax_network",
        vectorized="loss_and_gradient",
        per_sample="per_sample_gradient",
        parameters=("W", "V"),
        targets="classes",
        uses_hidden=True,
        loss=relu_softmax_network_loss,
        formula=relu_softmax_network_formula,
        shapes=network_shapes,
        products=NETWORK_PRODUCTS,
        target_floor="products",
    ),
)

MODELS_BY_KEY = {model.key: model for model in MODELS}
