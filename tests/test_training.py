"""Gradient descent: convergence, the warning when it stops early, and bad arguments."""

import warnings

import numpy as np
import pytest

from derivlib.training import ConvergenceWarning, gradient_descent


def quadratic(scales):
    def loss_and_gradient(theta):
        return 0.5 * float(np.sum(scales * theta**2)), scales * theta
    return loss_and_gradient


def test_converges_on_quadratic():
    run = gradient_descent(quadratic(np.array([[1.0], [2.0]])), [[1.0], [1.0]], 0.4, 500, tolerance=1e-10)
    assert run.converged
    assert np.abs(run.theta).max() < 1e-9
    assert np.all(np.diff(run.losses) < 0)


def test_nesterov_beats_plain_on_ill_conditioned():
    scales = np.array([[1.0], [1e-3]])
    plain = gradient_descent(quadratic(scales), [[1.0], [1.0]], 1.0, 300)
    fast = gradient_descent(quadratic(scales), [[1.0], [1.0]], 1.0, 300, momentum=0.94)
    assert fast.losses[-1] < 1e-3 * plain.losses[-1]


def test_warns_when_not_converged():
    with pytest.warns(ConvergenceWarning, match="above the tolerance"):
        run = gradient_descent(quadratic(np.array([[1.0]])), [[1.0]], 0.01, 5, tolerance=1e-12)
    assert not run.converged


def test_no_warning_without_tolerance():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gradient_descent(quadratic(np.array([[1.0]])), [[1.0]], 0.01, 5)


def test_divergence_raises():
    with np.errstate(over="ignore"), pytest.raises(FloatingPointError, match="lower learning_rate"):
        gradient_descent(quadratic(np.array([[1.0]])), [[1.0]], 3.0, 2000)


def test_start_not_modified():
    start = np.array([[1.0]])
    gradient_descent(quadratic(np.array([[1.0]])), start, 0.5, 10)
    assert start[0, 0] == 1.0


@pytest.mark.parametrize(
    "arguments, message",
    [
        (dict(learning_rate=0.0), "learning_rate is 0.0"),
        (dict(learning_rate=-1.0), "learning_rate is -1.0"),
        (dict(max_steps=0), "max_steps is 0"),
        (dict(momentum=1.0), "momentum is 1.0"),
    ],
)
def test_bad_arguments_rejected(arguments, message):
    settings = dict(learning_rate=0.1, max_steps=10) | arguments
    with pytest.raises(ValueError, match=message):
        gradient_descent(quadratic(np.array([[1.0]])), [[1.0]], **settings)
