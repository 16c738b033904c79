"""The contenders: what each one runs for a model, in the worker process of its own.

``prepare(model, problem, threads)`` returns a function of no arguments that
evaluates the loss and gradient once and returns the library's own result.
``to_numpy`` turns that result into ``(loss or None, gradients)`` for the
agreement check. PyTorch and JAX are imported inside ``prepare`` only, so
importing this module needs NumPy alone.
"""

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Contender:
    """One way to compute the loss and gradient, or the floor that bounds them."""

    key: str
    label: str
    label_zh: str
    requires: str | None
    prepare: Callable
    to_numpy: Callable
    # The per-sample loop is timed only up to the grid's per_sample_max_n.
    capped: bool = False
    # The model keys that the contender applies to; None for every model.
    models: tuple[str, ...] | None = None


# ---------------------------------------------------------------------------
# NumPy: derivlib, the per-sample loop, and the floor
# ---------------------------------------------------------------------------


def prepare_derivlib(model, problem, threads):
    vectorized, _ = model.functions()
    return lambda: vectorized(problem.X, problem.labels, *problem.parameters)


def prepare_per_sample(model, problem, threads):
    _, per_sample = model.functions()
    return lambda: per_sample(problem.X, problem.labels, *problem.parameters)


def derivlib_to_numpy(output):
    loss, gradients = output
    if isinstance(gradients, np.ndarray):
        gradients = (gradients,)
    return float(loss), tuple(gradients)


def per_sample_to_numpy(output):
    """The per-sample functions return the gradient(s) without the loss."""
    if isinstance(output, np.ndarray):
        output = (output,)
    return None, tuple(output)


def prepare_gram(model, problem, threads):
    """Precompute X^T X, X^T y and y^T y once; the timed call is one O(m^2) descent step.

    The seconds of the precomputation are attached to the call as
    ``setup_seconds``.
    """
    from .. import linear_regression

    start = time.perf_counter()
    XtX, Xty, yty = linear_regression.gram_matrices(problem.X, problem.labels)
    setup_seconds = time.perf_counter() - start
    (theta,) = problem.parameters

    def call():
        return linear_regression.gram_loss_and_gradient(XtX, Xty, yty, theta)

    call.setup_seconds = setup_seconds
    return call


def prepare_products(model, problem, threads):
    """Run the model's unavoidable matrix products alone, into preallocated outputs.

    The operands have the shapes, dtype and memory layout of the real ones
    (X is C-ordered and ``X.T`` is a view of it), so only the arithmetic of
    the gradient around the products is left out.
    """
    rng = np.random.default_rng(1)
    arrays = {"X": problem.X}
    for name, shape in model.shapes(problem.dims).items():
        if name not in arrays:
            arrays[name] = rng.standard_normal(shape, dtype=problem.X.dtype)
    steps = []
    for product in model.products:
        (left, left_t), (right, right_t) = model.product_operands(product)
        a = arrays[left].T if left_t else arrays[left]
        b = arrays[right].T if right_t else arrays[right]
        steps.append((a, b, np.empty((a.shape[0], b.shape[1]), dtype=a.dtype)))

    def call():
        for a, b, out in steps:
            np.matmul(a, b, out=out)

    return call


def no_output(output):
    return None, ()


# ---------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------


class TorchOps:
    """The operations that the models' losses and formulas use, on PyTorch tensors."""

    def __init__(self, torch):
        self.torch = torch

    def sum(self, a):
        return self.torch.sum(a)

    def sigmoid(self, a):
        return self.torch.sigmoid(a)

    def softplus(self, a):
        return self.torch.nn.functional.softplus(a)

    def logsumexp(self, a):
        return self.torch.logsumexp(a, dim=1)

    def softmax(self, a):
        return self.torch.softmax(a, dim=1)

    def relu(self, a):
        return self.torch.relu(a)

    def step(self, a):
        return (a > 0).to(a.dtype)


def import_torch(threads):
    import torch

    torch.set_num_threads(threads)
    return torch


def torch_tensors(torch, problem, requires_grad):
    X = torch.from_numpy(problem.X)
    targets = torch.from_numpy(problem.targets)
    parameters = [torch.from_numpy(p.copy()).requires_grad_(requires_grad) for p in problem.parameters]
    return X, targets, parameters


def prepare_torch_autograd(model, problem, threads):
    torch = import_torch(threads)
    ops = TorchOps(torch)
    X, targets, parameters = torch_tensors(torch, problem, requires_grad=True)

    def call():
        loss = model.loss(ops, X, targets, *parameters)
        gradients = torch.autograd.grad(loss, parameters)
        return loss.item(), gradients

    return call


def prepare_torch_formula(model, problem, threads):
    torch = import_torch(threads)
    ops = TorchOps(torch)
    X, targets, parameters = torch_tensors(torch, problem, requires_grad=False)

    def call():
        with torch.no_grad():
            loss, gradients = model.formula(ops, X, targets, *parameters)
        return loss.item(), gradients

    return call


def torch_to_numpy(output):
    loss, gradients = output
    return float(loss), tuple(g.detach().numpy() for g in gradients)


# ---------------------------------------------------------------------------
# JAX
# ---------------------------------------------------------------------------


class JaxOps:
    """The operations that the models' losses use, on JAX arrays."""

    def __init__(self, jax):
        self.jax = jax
        self.jnp = jax.numpy

    def sum(self, a):
        return self.jnp.sum(a)

    def sigmoid(self, a):
        return self.jax.nn.sigmoid(a)

    def softplus(self, a):
        return self.jax.nn.softplus(a)

    def logsumexp(self, a):
        return self.jax.nn.logsumexp(a, axis=1)

    def softmax(self, a):
        return self.jax.nn.softmax(a, axis=1)

    def relu(self, a):
        return self.jax.nn.relu(a)

    def step(self, a):
        return (a > 0).astype(a.dtype)


def prepare_jax(model, problem, threads):
    """Compile ``jit(value_and_grad(loss))`` for this problem's shapes before it is timed."""
    import jax

    # Without x64, JAX silently computes float64 input in float32.
    jax.config.update("jax_enable_x64", True)
    ops = JaxOps(jax)

    def loss(parameters, X, targets):
        return model.loss(ops, X, targets, *parameters)

    value_and_grad = jax.jit(jax.value_and_grad(loss))
    X = jax.device_put(problem.X)
    targets = jax.device_put(problem.targets)
    parameters = tuple(jax.device_put(p) for p in problem.parameters)

    def call():
        return jax.block_until_ready(value_and_grad(parameters, X, targets))

    call()
    return call


def jax_to_numpy(output):
    loss, gradients = output
    return float(loss), tuple(np.asarray(g) for g in gradients)


# The order in which the runner starts them: the floor first, because its
# worker also measures the read bandwidth.
CONTENDERS = (
    Contender(
        key="floor-products",
        label="matrix products alone (NumPy)",
        label_zh="仅矩阵乘积（NumPy）",
        requires=None,
        prepare=prepare_products,
        to_numpy=no_output,
    ),
    Contender(
        key="derivlib",
        label="derivlib",
        label_zh="derivlib",
        requires=None,
        prepare=prepare_derivlib,
        to_numpy=derivlib_to_numpy,
    ),
    Contender(
        key="derivlib-gram",
        label="derivlib, precomputed Gram matrix",
        label_zh="derivlib，预先计算 Gram 矩阵",
        requires=None,
        prepare=prepare_gram,
        to_numpy=derivlib_to_numpy,
        models=("linear-regression",),
    ),
    Contender(
        key="per-sample",
        label="per-sample loop",
        label_zh="逐样本循环",
        requires=None,
        prepare=prepare_per_sample,
        to_numpy=per_sample_to_numpy,
        capped=True,
    ),
    Contender(
        key="torch-autograd",
        label="PyTorch autograd",
        label_zh="PyTorch 自动微分",
        requires="torch",
        prepare=prepare_torch_autograd,
        to_numpy=torch_to_numpy,
    ),
    Contender(
        key="torch-formula",
        label="PyTorch, hand formula",
        label_zh="PyTorch 手写公式",
        requires="torch",
        prepare=prepare_torch_formula,
        to_numpy=torch_to_numpy,
    ),
    Contender(
        key="jax-jit",
        label="JAX jit(value_and_grad)",
        label_zh="JAX jit(value_and_grad)",
        requires="jax",
        prepare=prepare_jax,
        to_numpy=jax_to_numpy,
    ),
)

CONTENDERS_BY_KEY = {contender.key: contender for contender in CONTENDERS}
