"""Dropout: masks, expected activations, the fixed-mask gradient, and the derivation."""

import numpy as np
import pytest
import sympy as sp
from sympy import stats

from derivlib import gradcheck, relu_softmax_network, sigmoid_network, verify
from derivlib.dropout import Dropout
from derivlib.symbolic import REGISTRY, core, derivation
from derivlib.symbolic import dropout as symbolic

N, M, B, C = 24, 4, 6, 3
KEEP = 0.6
# Monte-Carlo means: a draw of SAMPLES masks must land within Z_LIMIT standard
# errors of the expectation. With a fixed generator the test is deterministic;
# 4 standard errors would be exceeded by chance about once in 16,000 draws.
SAMPLES = 400_000
Z_LIMIT = 4.0


@pytest.fixture
def rng():
    return np.random.default_rng(5)


# --- Construction -----------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments, message",
    [
        ((0.0,), r"must be in \(0, 1\]"),
        ((1.5,), r"must be in \(0, 1\]"),
        ((-0.2,), r"must be in \(0, 1\]"),
        ((float("nan"),), r"must be in \(0, 1\]"),
        ((True,), "pass a number"),
        (("0.5",), "pass a number"),
        ((0.5, "scaled"), "scaling is 'scaled'"),
        ((0.5, "inverted", "row"), "style is 'row'"),
    ],
)
def test_dropout_rejects_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        Dropout(*arguments)


@pytest.mark.parametrize(
    "scaling, training_scale, test_scale",
    [("inverted", 1 / KEEP, 1.0), ("classic", 1.0, KEEP)],
)
def test_dropout_scales(scaling, training_scale, test_scale):
    dropout = Dropout(KEEP, scaling=scaling)
    assert dropout.training_scale == pytest.approx(training_scale, rel=1e-15)
    assert dropout.test_scale == pytest.approx(test_scale, rel=1e-15)


# --- Masks ------------------------------------------------------------------------


@pytest.mark.parametrize("style, shape", [("element", (N, B)), ("neuron", (1, B))])
def test_mask_shape_per_style(rng, style, shape):
    assert Dropout(KEEP, style=style).mask(rng, (N, B), training=True).shape == shape


@pytest.mark.parametrize("scaling, kept_value", [("inverted", 1 / KEEP), ("classic", 1.0)])
def test_mask_values_per_scaling(rng, scaling, kept_value):
    mask = Dropout(KEEP, scaling=scaling).mask(rng, (N, B), training=True)
    assert set(np.unique(mask).tolist()) == {0.0, kept_value}


def test_mask_off_at_test_time_inverted():
    assert Dropout(KEEP).mask(None, (N, B), training=False) is None


def test_mask_at_test_time_classic():
    mask = Dropout(KEEP, scaling="classic").mask(None, (N, B), training=False)
    np.testing.assert_array_equal(mask, np.full((1, B), KEEP))


def test_mask_keep_one_keeps_every_unit(rng):
    np.testing.assert_array_equal(Dropout(1.0).mask(rng, (N, B), training=True), np.ones((N, B)))


def test_mask_requires_training_flag(rng):
    with pytest.raises(TypeError):
        Dropout(KEEP).mask(rng, (N, B))
    with pytest.raises(ValueError, match="training is 1"):
        Dropout(KEEP).mask(rng, (N, B), training=1)


def test_mask_training_requires_generator():
    with pytest.raises(ValueError, match="numpy.random.Generator"):
        Dropout(KEEP).mask(None, (N, B), training=True)


@pytest.mark.parametrize("shape", [(N,), [N, B], (N, 0), (N, 2.0), (True, B)])
def test_mask_rejects_bad_shape(rng, shape):
    with pytest.raises(ValueError, match="shape is"):
        Dropout(KEEP).mask(rng, shape, training=True)


def test_mask_same_seed_same_mask():
    first = Dropout(KEEP).mask(np.random.default_rng(3), (N, B), training=True)
    second = Dropout(KEEP).mask(np.random.default_rng(3), (N, B), training=True)
    np.testing.assert_array_equal(first, second)


# --- Expected activation (Monte Carlo) ------------------------------------------------


@pytest.mark.parametrize("scaling", ["inverted", "classic"])
@pytest.mark.parametrize("style", ["element", "neuron"])
def test_mean_activation_matches_test_time(scaling, style):
    dropout = Dropout(KEEP, scaling=scaling, style=style)
    z = np.array([0.5, -1.0, 2.0])
    # One row of SAMPLES units is one independent draw per unit in either style.
    draws = dropout.mask(np.random.default_rng(8), (1, SAMPLES), training=True)[0]
    activations = draws[:, np.newaxis] * z  # (SAMPLES, 3): the masked value of each z
    expected = dropout.test_scale * z  # the value the network uses at test time
    standard_error = np.abs(z) * dropout.training_scale * np.sqrt(KEEP * (1 - KEEP) / SAMPLES)
    assert np.all(np.abs(activations.mean(axis=0) - expected) <= Z_LIMIT * standard_error)


def test_mean_activation_wrong_scale_detected():
    # The test above can fail: the classic mask does not average to the inverted test value z.
    dropout = Dropout(KEEP, scaling="classic")
    masks = dropout.mask(np.random.default_rng(8), (SAMPLES, 1), training=True)
    standard_error = np.sqrt(KEEP * (1 - KEEP) / SAMPLES)
    assert abs(masks.mean() - 1.0) > Z_LIMIT * standard_error


def test_inverted_variance_matches_formula():
    masks = Dropout(KEEP).mask(np.random.default_rng(9), (SAMPLES, 1), training=True)
    assert masks.var() == pytest.approx((1 - KEEP) / KEEP, rel=0.02)


# --- The gradient with a fixed mask ---------------------------------------------------


def network_point(rng):
    X = np.hstack([np.ones((N, 1)), rng.standard_normal((N, M - 1))])
    W = rng.standard_normal((M, B))
    V = rng.standard_normal((B, C))
    return X, W, V


NETWORKS = [
    ("relu-softmax", relu_softmax_network.loss_and_gradient),
    ("sigmoid", sigmoid_network.loss_and_gradient),
]


def targets_for(name, rng):
    return rng.integers(0, C, size=N) if name == "relu-softmax" else rng.uniform(0, 1, size=(N, C))


def gradient_checks(function, X, y, W, V, forward_mask, difference_mask=None):
    """Compare the gradient with forward_mask to differences of the loss with difference_mask."""
    difference_mask = forward_mask if difference_mask is None else difference_mask

    def by_w(W_):
        loss = function(X, y, W_, V, dropout_mask=difference_mask)[0]
        return loss, function(X, y, W_, V, dropout_mask=forward_mask)[1][0]

    def by_v(V_):
        loss = function(X, y, W, V_, dropout_mask=difference_mask)[0]
        return loss, function(X, y, W, V_, dropout_mask=forward_mask)[1][1]

    return gradcheck.check_gradient(by_w, W), gradcheck.check_gradient(by_v, V)


@pytest.mark.parametrize("style", ["element", "neuron"])
@pytest.mark.parametrize("name, function", NETWORKS, ids=[n for n, _ in NETWORKS])
def test_fixed_mask_gradient_matches_differences(rng, name, function, style):
    X, W, V = network_point(rng)
    y = targets_for(name, rng)
    mask = Dropout(KEEP, style=style).mask(rng, (N, B), training=True)
    for check in gradient_checks(function, X, y, W, V, mask):
        assert check.passed, check.report()


@pytest.mark.parametrize("name, function", NETWORKS, ids=[n for n, _ in NETWORKS])
def test_other_mask_gradient_fails_differences(rng, name, function):
    X, W, V = network_point(rng)
    y = targets_for(name, rng)
    dropout = Dropout(KEEP)
    forward_mask = dropout.mask(rng, (N, B), training=True)
    other_mask = dropout.mask(rng, (N, B), training=True)
    for check in gradient_checks(function, X, y, W, V, forward_mask, other_mask):
        assert not check.passed


@pytest.mark.parametrize("name, function", NETWORKS, ids=[n for n, _ in NETWORKS])
def test_dropped_unit_gets_no_gradient(rng, name, function):
    X, W, V = network_point(rng)
    y = targets_for(name, rng)
    mask = np.full((1, B), 1 / KEEP)
    mask[0, 2] = 0.0  # unit 2 dropped for every sample
    _, (dW, dV) = function(X, y, W, V, dropout_mask=mask)
    np.testing.assert_array_equal(dW[:, 2], np.zeros(M))
    np.testing.assert_array_equal(dV[2], np.zeros(C))
    assert np.all(dW[:, [0, 1, 3, 4, 5]] != 0)


@pytest.mark.parametrize("name, function", NETWORKS, ids=[n for n, _ in NETWORKS])
def test_all_ones_mask_is_no_mask(rng, name, function):
    X, W, V = network_point(rng)
    y = targets_for(name, rng)
    plain_loss, (plain_dW, plain_dV) = function(X, y, W, V)
    loss, (dW, dV) = function(X, y, W, V, dropout_mask=np.ones((N, B)))
    assert loss == plain_loss
    np.testing.assert_array_equal(dW, plain_dW)
    np.testing.assert_array_equal(dV, plain_dV)


def test_classic_test_mask_scales_logits(rng):
    X, W, V = network_point(rng)
    mask = Dropout(KEEP, scaling="classic").mask(None, (N, B), training=False)
    scaled = relu_softmax_network.forward(X, W, V, dropout_mask=mask).H_hat
    np.testing.assert_allclose(scaled, KEEP * relu_softmax_network.forward(X, W, V).H_hat, rtol=1e-13)


# --- The derivation ----------------------------------------------------------------


def test_derivation_registered():
    assert "dropout" in REGISTRY
    assert derivation("dropout").key == "dropout"


def test_verify_rows_pass():
    d = derivation("dropout")
    rows = [
        verify.symbolic_steps_row(d),
        verify.batch_row(d),
        verify.numpy_row(d),
        verify.finite_difference_row(d),
    ]
    for row in rows:
        assert row.passed, row


@pytest.mark.parametrize("scaling, test_value", [("inverted", symbolic.z), ("classic", symbolic.keep * symbolic.z)])
def test_stats_expectation_equals_test_value(scaling, test_value):
    factor = 1 / symbolic.keep if scaling == "inverted" else 1
    expectation = stats.E(symbolic.KEPT * factor * symbolic.z)
    assert sp.simplify(expectation - test_value) == 0


@pytest.mark.parametrize("scaling", ["inverted", "classic"])
def test_expectation_steps_proved(scaling):
    d = derivation("dropout")
    result = core.check_equation(d.equation(f"{scaling}-expectation"), d.by_key())
    assert result.status == "proved", result


def test_expectation_against_wrong_test_value_fails():
    # Comparing the classic expectation with the inverted test value z must fail.
    import dataclasses

    d = derivation("dropout")
    equation = d.equation("classic-expectation")
    broken = dataclasses.replace(
        equation, given={symbol: symbolic.z for symbol in equation.given}
    )
    assert core.check_equation(broken, d.by_key()).status == "failed"
