"""Property tests: every model's vectorized gradient against finite differences.

Hypothesis draws the shapes (n samples 1..50, m features 1..20, c classes
2..10, b hidden units 1..20), a seed for the values and their scale. Each
example checks, with ``derivlib.gradcheck.check_gradient``, that

- the loss is a finite float and the gradient is finite and in the shape of
  the parameters;
- the gradient agrees with centred finite differences (step ``FD_STEP``):
  the relative error is at most ``FD_RTOL``, or the largest absolute error is
  at most ``FD_ATOL``.

Three models have kinks, where the loss has no derivative and a difference
quotient straddling the kink measures neither side. The examples keep every
kink at least ``KINK_MARGIN`` away: |x theta| for the perceptron, the gap
between the two top scores for the multi-class perceptron, and |Z_hat| for
the ReLU network. A parameter step of FD_STEP moves those values by at most
FD_STEP times the largest |x| (below 10 here), far less than the margin.

The profile is derandomized and keeps no example database, so every run
draws the same examples.
"""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from derivlib import (
    gradcheck,
    linear_regression,
    logistic_regression,
    multiclass_perceptron,
    perceptron,
    relu_softmax_network,
    sigmoid_network,
    softmax_regression,
)

EXAMPLES = 200
FD_STEP = 1e-6
# The centred difference has a truncation error of order FD_STEP^2 times the
# third derivative and a rounding error of order 1e-16 |L| / FD_STEP. With
# |L| up to a few thousand the rounding term is near 1e-6 in absolute value.
FD_RTOL = 1e-6
FD_ATOL = 1e-5
KINK_MARGIN = 1e-4

PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

samples = st.integers(1, 50)
features = st.integers(1, 20)
classes = st.integers(2, 10)
hidden = st.integers(1, 20)
seeds = st.integers(0, 2**32 - 1)
scales = st.sampled_from([0.1, 0.5, 1.0, 2.0, 4.0])


def assert_finite_and_close(loss_and_gradient, theta):
    """Check finiteness and the finite-difference agreement at ``theta``."""
    loss, gradient = loss_and_gradient(theta)
    assert isinstance(loss, float), f"loss is a {type(loss).__name__}, not a float"
    assert np.isfinite(loss), f"loss is {loss}"
    assert gradient.shape == theta.shape, f"gradient shape {gradient.shape} != {theta.shape}"
    assert np.all(np.isfinite(gradient)), "gradient has a non-finite entry"
    check = gradcheck.check_gradient(
        loss_and_gradient, theta, step=FD_STEP, rtol=FD_RTOL, atol=FD_ATOL
    )
    assert check.passed, check.report()


def pack(W, V):
    return np.concatenate([W.ravel(), V.ravel()])


def network_objective(module, X, Y, shape_w, shape_v):
    """Return theta -> (loss, gradient) of a network over its flattened (W, V)."""
    size_w = shape_w[0] * shape_w[1]

    def loss_and_gradient(theta):
        W = theta[:size_w].reshape(shape_w)
        V = theta[size_w:].reshape(shape_v)
        loss, (dW, dV) = module.loss_and_gradient(X, Y, W, V)
        assert dW.shape == shape_w, f"dW shape {dW.shape} != {shape_w}"
        assert dV.shape == shape_v, f"dV shape {dV.shape} != {shape_v}"
        return loss, pack(dW, dV)

    return loss_and_gradient


def top_two_gap(scores):
    """Return the smallest gap between the largest and second largest score of a row."""
    ordered = np.sort(scores, axis=1)
    return float(np.min(ordered[:, -1] - ordered[:, -2]))


# --- Single-output models ----------------------------------------------------------


@PROPERTY_SETTINGS
@given(n=samples, m=features, seed=seeds, scale=scales)
def test_linear_regression_matches_finite_differences(n, m, seed, scale):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, m))
    y = scale * rng.standard_normal((n, 1))
    theta = rng.standard_normal((m, 1))
    assert_finite_and_close(lambda t: linear_regression.loss_and_gradient(X, y, t), theta)


@PROPERTY_SETTINGS
@given(n=samples, m=features, seed=seeds, scale=scales, flat_labels=st.booleans())
def test_logistic_cross_entropy_matches_finite_differences(n, m, seed, scale, flat_labels):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, m))
    y = rng.integers(0, 2, size=n if flat_labels else (n, 1))
    theta = rng.standard_normal((m, 1))
    objective = lambda t: logistic_regression.cross_entropy_loss_and_gradient(X, y, t)  # noqa: E731
    assert_finite_and_close(objective, theta)


@PROPERTY_SETTINGS
@given(n=samples, m=features, seed=seeds, scale=scales, flat_labels=st.booleans())
def test_logistic_squared_error_matches_finite_differences(n, m, seed, scale, flat_labels):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, m))
    y = rng.integers(0, 2, size=n if flat_labels else (n, 1))
    theta = rng.standard_normal((m, 1))
    objective = lambda t: logistic_regression.squared_error_loss_and_gradient(X, y, t)  # noqa: E731
    assert_finite_and_close(objective, theta)


@PROPERTY_SETTINGS
@given(n=samples, m=features, seed=seeds, scale=scales)
def test_perceptron_matches_finite_differences_off_kinks(n, m, seed, scale):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, m))
    y = rng.integers(0, 2, size=n)
    theta = rng.standard_normal((m, 1))
    assume(np.min(np.abs(X @ theta)) >= KINK_MARGIN)
    assert_finite_and_close(lambda t: perceptron.loss_and_gradient(X, y, t), theta)


# --- Multi-class models -------------------------------------------------------------


@PROPERTY_SETTINGS
@given(n=samples, m=features, c=classes, seed=seeds, scale=scales, one_hot=st.booleans())
def test_multiclass_perceptron_matches_finite_differences_off_ties(n, m, c, seed, scale, one_hot):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, m))
    ids = rng.integers(0, c, size=n)
    y = np.eye(c)[ids] if one_hot else ids
    theta = rng.standard_normal((m, c))
    assume(top_two_gap(X @ theta) >= KINK_MARGIN)
    assert_finite_and_close(lambda t: multiclass_perceptron.loss_and_gradient(X, y, t), theta)


@PROPERTY_SETTINGS
@given(n=samples, m=features, c=classes, seed=seeds, scale=scales, one_hot=st.booleans())
def test_softmax_regression_matches_finite_differences(n, m, c, seed, scale, one_hot):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, m))
    ids = rng.integers(0, c, size=n)
    y = np.eye(c)[ids] if one_hot else ids
    theta = rng.standard_normal((m, c))
    assert_finite_and_close(lambda t: softmax_regression.loss_and_gradient(X, y, t), theta)


# --- Networks -----------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(n=samples, m=features, b=hidden, c=classes, seed=seeds, scale=scales)
def test_sigmoid_network_matches_finite_differences(n, m, b, c, seed, scale):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, m))
    Y = rng.uniform(0, 1, size=(n, c))
    W = rng.standard_normal((m, b))
    V = rng.standard_normal((b, c))
    objective = network_objective(sigmoid_network, X, Y, W.shape, V.shape)
    assert_finite_and_close(objective, pack(W, V))


@PROPERTY_SETTINGS
@given(n=samples, m=features, b=hidden, c=classes, seed=seeds, scale=scales, one_hot=st.booleans())
def test_relu_network_matches_finite_differences_off_kinks(n, m, b, c, seed, scale, one_hot):
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((n, m))
    ids = rng.integers(0, c, size=n)
    Y = np.eye(c)[ids] if one_hot else ids
    W = rng.standard_normal((m, b))
    V = rng.standard_normal((b, c))
    assume(np.min(np.abs(X @ W)) >= KINK_MARGIN)
    objective = network_objective(relu_softmax_network, X, Y, W.shape, V.shape)
    assert_finite_and_close(objective, pack(W, V))
