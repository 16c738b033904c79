"""L2 regularization: the penalty, the exempt bias row, the wrapper on every model, and its derivation."""

import numpy as np
import pytest
import sympy as sp

from derivlib import (
    gradcheck,
    linear_regression,
    logistic_regression,
    relu_softmax_network,
    sigmoid_network,
    softmax_regression,
    verify,
)
from derivlib.regularization import l2_penalty, with_l2
from derivlib.symbolic import REGISTRY, derivation
from derivlib.symbolic import l2_regularization as symbolic

N, M, B, C = 30, 4, 5, 3
STRENGTH = 0.8


@pytest.fixture
def rng():
    return np.random.default_rng(11)


def with_bias_column(rng, n=N, m=M):
    return np.hstack([np.ones((n, 1)), rng.standard_normal((n, m - 1))])


# --- l2_penalty -------------------------------------------------------------------


@pytest.mark.parametrize(
    "weights, strength, exclude, penalty, gradient",
    [
        ([[5.0], [1.0], [-2.0]], 0.5, True, 1.25, [[0.0], [0.5], [-1.0]]),
        ([[5.0], [1.0], [-2.0]], 0.5, False, 7.5, [[2.5], [0.5], [-1.0]]),
        ([[1.0, -1.0], [2.0, 3.0]], 2.0, True, 13.0, [[0.0, 0.0], [4.0, 6.0]]),
        ([[1.0, -1.0], [2.0, 3.0]], 0.0, False, 0.0, [[0.0, 0.0], [0.0, 0.0]]),
        ([[3.0]], 1.0, True, 0.0, [[0.0]]),  # only the bias row: nothing to penalize
    ],
)
def test_penalty_values_table(weights, strength, exclude, penalty, gradient):
    value, grad = l2_penalty(np.array(weights), strength, exclude_bias_row=exclude)
    assert value == pytest.approx(penalty, rel=1e-15)
    np.testing.assert_array_equal(grad, np.array(gradient))


@pytest.mark.parametrize("shape", [(M, 1), (M, C), (M, B)])
def test_penalty_ignores_bias_row(rng, shape):
    weights = rng.standard_normal(shape)
    changed = weights.copy()
    changed[0] += rng.standard_normal(shape[1]) * 100
    assert l2_penalty(changed, STRENGTH)[0] == l2_penalty(weights, STRENGTH)[0]


@pytest.mark.parametrize("shape", [(M, 1), (M, C), (M, B)])
def test_penalty_gradient_bias_row_zero(rng, shape):
    weights = rng.standard_normal(shape)
    _, gradient = l2_penalty(weights, STRENGTH)
    np.testing.assert_array_equal(gradient[0], np.zeros(shape[1]))
    np.testing.assert_allclose(gradient[1:], STRENGTH * weights[1:], rtol=1e-15)


def test_penalty_counts_bias_row_when_included(rng):
    weights = rng.standard_normal((M, C))
    changed = weights.copy()
    changed[0] += 1.0
    assert l2_penalty(changed, STRENGTH, exclude_bias_row=False)[0] != l2_penalty(
        weights, STRENGTH, exclude_bias_row=False
    )[0]


def test_penalty_gradient_matches_finite_differences(rng):
    weights = rng.standard_normal((M, C))
    check = gradcheck.check_gradient(lambda w: l2_penalty(w, STRENGTH), weights)
    assert check.passed, check.report()


def test_penalty_keeps_float32(rng):
    weights = rng.standard_normal((M, C)).astype(np.float32)
    _, gradient = l2_penalty(weights, STRENGTH)
    assert gradient.dtype == np.float32


def test_penalty_does_not_modify_weights(rng):
    weights = rng.standard_normal((M, C))
    before = weights.copy()
    l2_penalty(weights, STRENGTH)
    np.testing.assert_array_equal(weights, before)


@pytest.mark.parametrize(
    "strength, message",
    [
        (-0.1, "at least 0"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        (True, "real number"),
        ("0.1", "real number"),
        (None, "real number"),
    ],
)
def test_penalty_rejects_bad_strength(strength, message):
    with pytest.raises(ValueError, match=message):
        l2_penalty(np.ones((2, 1)), strength)


@pytest.mark.parametrize("weights", [np.ones(3), np.ones((2, 2, 2)), np.ones((0, 2))])
def test_penalty_rejects_bad_shape(weights):
    with pytest.raises(ValueError, match="weights has shape"):
        l2_penalty(weights, 1.0)


def test_penalty_rejects_nan_weights():
    with pytest.raises(ValueError, match="weights contains nan"):
        l2_penalty(np.array([[1.0], [np.nan]]), 1.0)


# --- with_l2 on every model ---------------------------------------------------------


def single_parameter_models(rng):
    """Return (name, loss_and_gradient, y, theta) for every model with one parameter matrix."""
    labels = rng.integers(0, 2, size=N)
    return [
        ("linear", linear_regression.loss_and_gradient, rng.standard_normal(N), rng.standard_normal((M, 1))),
        ("logistic-ce", logistic_regression.cross_entropy_loss_and_gradient, labels, rng.standard_normal((M, 1))),
        ("logistic-se", logistic_regression.squared_error_loss_and_gradient, labels, rng.standard_normal((M, 1))),
        ("softmax", softmax_regression.loss_and_gradient, rng.integers(0, C, size=N), rng.standard_normal((M, C))),
    ]


MODEL_NAMES = ["linear", "logistic-ce", "logistic-se", "softmax"]


def model(rng, name):
    return next(entry for entry in single_parameter_models(rng) if entry[0] == name)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_wrapper_adds_penalty_to_loss(rng, name):
    _, function, y, theta = model(rng, name)
    X = with_bias_column(rng)
    base_loss, _ = function(X, y, theta)
    loss, _ = with_l2(function, STRENGTH)(X, y, theta)
    assert loss == pytest.approx(base_loss + 0.5 * STRENGTH * np.sum(theta[1:] ** 2), rel=1e-13)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_wrapper_adds_decay_to_gradient(rng, name):
    _, function, y, theta = model(rng, name)
    X = with_bias_column(rng)
    _, base_gradient = function(X, y, theta)
    _, gradient = with_l2(function, STRENGTH)(X, y, theta)
    expected = base_gradient + STRENGTH * np.vstack([np.zeros((1, theta.shape[1])), theta[1:]])
    np.testing.assert_allclose(gradient, expected, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_wrapper_bias_row_gradient_unregularized(rng, name):
    _, function, y, theta = model(rng, name)
    X = with_bias_column(rng)
    _, base_gradient = function(X, y, theta)
    _, gradient = with_l2(function, STRENGTH)(X, y, theta)
    np.testing.assert_array_equal(gradient[0], base_gradient[0])


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_wrapper_bias_change_leaves_penalty(rng, name):
    _, function, y, theta = model(rng, name)
    X = with_bias_column(rng)
    regularized = with_l2(function, STRENGTH)
    shifted = theta.copy()
    shifted[0] += 3.0
    penalty = regularized(X, y, theta)[0] - function(X, y, theta)[0]
    penalty_shifted = regularized(X, y, shifted)[0] - function(X, y, shifted)[0]
    assert penalty_shifted == pytest.approx(penalty, rel=1e-10)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_wrapper_matches_finite_differences(rng, name):
    _, function, y, theta = model(rng, name)
    X = with_bias_column(rng)
    regularized = with_l2(function, STRENGTH)
    check = gradcheck.check_gradient(lambda t: regularized(X, y, t), theta)
    assert check.passed, check.report()


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_wrapper_zero_strength_is_model(rng, name):
    _, function, y, theta = model(rng, name)
    X = with_bias_column(rng)
    loss, gradient = with_l2(function, 0.0)(X, y, theta)
    base_loss, base_gradient = function(X, y, theta)
    assert loss == base_loss
    np.testing.assert_array_equal(gradient, base_gradient)


def network_inputs(rng):
    X = with_bias_column(rng)
    W = rng.standard_normal((M, B))
    V = rng.standard_normal((B, C))
    return X, W, V


NETWORKS = [
    ("relu-softmax", relu_softmax_network.loss_and_gradient, "ids"),
    ("sigmoid", sigmoid_network.loss_and_gradient, "targets"),
]


def network_targets(rng, kind):
    return rng.integers(0, C, size=N) if kind == "ids" else rng.uniform(0, 1, size=(N, C))


@pytest.mark.parametrize("name, function, kind", NETWORKS, ids=[n for n, _, _ in NETWORKS])
def test_network_wrapper_penalizes_w_and_v(rng, name, function, kind):
    X, W, V = network_inputs(rng)
    y = network_targets(rng, kind)
    base_loss, (base_dW, base_dV) = function(X, y, W, V)
    loss, (dW, dV) = with_l2(function, STRENGTH)(X, y, W, V)
    penalty = 0.5 * STRENGTH * (np.sum(W[1:] ** 2) + np.sum(V**2))
    assert loss == pytest.approx(base_loss + penalty, rel=1e-13)
    np.testing.assert_array_equal(dW[0], base_dW[0])
    np.testing.assert_allclose(dW[1:], base_dW[1:] + STRENGTH * W[1:], rtol=1e-13)
    # V multiplies the hidden activations, which have no bias column: every row is penalized.
    np.testing.assert_allclose(dV, base_dV + STRENGTH * V, rtol=1e-13)


@pytest.mark.parametrize("name, function, kind", NETWORKS, ids=[n for n, _, _ in NETWORKS])
def test_network_wrapper_matches_finite_differences(rng, name, function, kind):
    X, W, V = network_inputs(rng)
    y = network_targets(rng, kind)
    regularized = with_l2(function, STRENGTH)

    def by_w(W_):
        loss, (dW, _) = regularized(X, y, W_, V)
        return loss, dW

    def by_v(V_):
        loss, (_, dV) = regularized(X, y, W, V_)
        return loss, dV

    for check in (gradcheck.check_gradient(by_w, W), gradcheck.check_gradient(by_v, V)):
        assert check.passed, check.report()


def test_network_wrapper_passes_dropout_mask(rng):
    X, W, V = network_inputs(rng)
    ids = rng.integers(0, C, size=N)
    mask = (rng.random((N, B)) < 0.5) * 2.0
    loss, (dW, dV) = with_l2(relu_softmax_network.loss_and_gradient, STRENGTH)(X, ids, W, V, dropout_mask=mask)
    base_loss, (base_dW, base_dV) = relu_softmax_network.loss_and_gradient(X, ids, W, V, dropout_mask=mask)
    assert loss == pytest.approx(base_loss + 0.5 * STRENGTH * (np.sum(W[1:] ** 2) + np.sum(V**2)))
    np.testing.assert_allclose(dV, base_dV + STRENGTH * V, rtol=1e-13)


def test_wrapper_keeps_float32(rng):
    X = with_bias_column(rng).astype(np.float32)
    theta = rng.standard_normal((M, C)).astype(np.float32)
    _, gradient = with_l2(softmax_regression.loss_and_gradient, STRENGTH)(X, rng.integers(0, C, size=N), theta)
    assert gradient.dtype == np.float32


def test_wrapper_rejects_missing_bias_column(rng):
    X = rng.standard_normal((N, M))
    theta = rng.standard_normal((M, 1))
    with pytest.raises(ValueError, match=r"X\[0, 0\] is .*first column of X must be all ones"):
        with_l2(linear_regression.loss_and_gradient, STRENGTH)(X, rng.standard_normal(N), theta)


def test_wrapper_without_exemption_accepts_any_x(rng):
    X = rng.standard_normal((N, M))
    theta = rng.standard_normal((M, 1))
    y = rng.standard_normal(N)
    loss, gradient = with_l2(linear_regression.loss_and_gradient, STRENGTH, exclude_bias_row=False)(X, y, theta)
    base_loss, base_gradient = linear_regression.loss_and_gradient(X, y, theta)
    assert loss == pytest.approx(base_loss + 0.5 * STRENGTH * np.sum(theta**2))
    np.testing.assert_allclose(gradient, base_gradient + STRENGTH * theta, rtol=1e-13)


def test_wrapper_model_errors_come_first(rng):
    X = with_bias_column(rng)
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains nan"):
        with_l2(linear_regression.loss_and_gradient, STRENGTH)(X, np.zeros(N), np.zeros((M, 1)))


def test_wrapper_rejects_bad_strength():
    with pytest.raises(ValueError, match="at least 0"):
        with_l2(linear_regression.loss_and_gradient, -1.0)


def test_wrapper_names_itself():
    regularized = with_l2(linear_regression.loss_and_gradient, 0.5)
    assert regularized.__name__ == "loss_and_gradient_with_l2"
    assert "lambda = 0.5" in regularized.__doc__


# --- The derivation ---------------------------------------------------------------


def test_derivation_registered():
    assert "l2-regularization" in REGISTRY
    assert derivation("l2-regularization").key == "l2-regularization"


def test_verify_rows_pass():
    d = derivation("l2-regularization")
    rows = [
        verify.symbolic_steps_row(d),
        verify.batch_row(d),
        verify.numpy_row(d),
        verify.finite_difference_row(d),
    ]
    for row in rows:
        assert row.passed, row


def test_symbolic_bias_gradient_has_no_strength():
    batch = derivation("l2-regularization").batch()
    for name in ("theta", "W"):
        gradient = batch.symbolic_gradient(name)
        for column in range(gradient.cols):
            assert symbolic.strength not in gradient[0, column].free_symbols, (name, column)
            assert symbolic.strength in gradient[1, column].free_symbols, (name, column)


def test_symbolic_v_gradient_has_strength_everywhere():
    gradient = derivation("l2-regularization").batch().symbolic_gradient("V")
    for entry in gradient:
        assert symbolic.strength in entry.free_symbols


def test_batch_check_fails_when_bias_penalized():
    # With D = I the formula would penalize the bias too: only the bias entry may then differ.
    batch = derivation("l2-regularization").batch()
    batch.env["D_linear"] = sp.eye(symbolic.LINEAR_FEATURES)
    compared, mismatches = batch.run()
    assert compared > 0
    assert any("batch-linear entry 0" in mismatch for mismatch in mismatches)
    assert not any("batch-linear entry 1" in mismatch for mismatch in mismatches)
