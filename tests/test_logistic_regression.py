"""Logistic regression: both losses, stability at saturation, and bad input."""

import numpy as np
import pytest

from derivlib import gradcheck, logistic_regression
from derivlib.functions import sigmoid

LOSSES = {
    "cross-entropy": (
        logistic_regression.cross_entropy_loss_and_gradient,
        logistic_regression.cross_entropy_per_sample_gradient,
    ),
    "squared error": (
        logistic_regression.squared_error_loss_and_gradient,
        logistic_regression.squared_error_per_sample_gradient,
    ),
}


@pytest.fixture
def data():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((40, 3))
    y = (rng.random((40, 1)) < 0.5).astype(float)
    theta = rng.standard_normal((3, 1))
    return X, y, theta


@pytest.mark.parametrize("name", LOSSES)
def test_gradient_matches_finite_differences(data, name):
    X, y, theta = data
    function, _ = LOSSES[name]
    check = gradcheck.check_gradient(lambda t: function(X, y, t), theta)
    assert check.passed, check.report()


@pytest.mark.parametrize("name", LOSSES)
def test_gradient_matches_per_sample_form(data, name):
    X, y, theta = data
    function, per_sample = LOSSES[name]
    np.testing.assert_allclose(function(X, y, theta)[1], per_sample(X, y, theta), rtol=1e-12)


def test_cross_entropy_matches_textbook_form(data):
    X, y, theta = data
    h = 1 / (1 + np.exp(-(X @ theta)))
    expected = -np.sum(y * np.log(h) + (1 - y) * np.log(1 - h))
    loss, _ = logistic_regression.cross_entropy_loss_and_gradient(X, y, theta)
    assert loss == pytest.approx(expected, rel=1e-12)


def test_squared_error_matches_textbook_form(data):
    X, y, theta = data
    h = 1 / (1 + np.exp(-(X @ theta)))
    loss, _ = logistic_regression.squared_error_loss_and_gradient(X, y, theta)
    assert loss == pytest.approx(0.5 * np.sum((h - y) ** 2), rel=1e-12)


@pytest.mark.parametrize("z", [-1000.0, -40.0, 0.0, 40.0, 1000.0])
def test_sigmoid_matches_reference(z):
    expected = 1 / (1 + np.exp(-np.longdouble(z))) if abs(z) < 100 else float(z > 0)
    assert sigmoid(np.array(z)) == pytest.approx(float(expected), rel=1e-15, abs=1e-300)


@pytest.mark.parametrize("logit", [-1000.0, 1000.0])
@pytest.mark.parametrize("label", [0.0, 1.0])
def test_cross_entropy_finite_at_saturation(logit, label):
    X = np.array([[logit]])
    loss, gradient = logistic_regression.cross_entropy_loss_and_gradient(X, [label], [[1.0]])
    wrong = (logit > 0) != (label == 1)
    assert loss == (1000.0 if wrong else 0.0)
    assert np.isfinite(gradient).all()
    assert gradient[0, 0] == (logit * (float(logit > 0) - label))


def test_squared_error_gradient_vanishes_when_saturated():
    X = np.array([[-20.0]])  # confidently wrong: h is about 2e-9 while y = 1
    _, gradient_ce = logistic_regression.cross_entropy_loss_and_gradient(X, [1], [[1.0]])
    _, gradient_se = logistic_regression.squared_error_loss_and_gradient(X, [1], [[1.0]])
    assert abs(gradient_ce[0, 0]) > 19.9
    assert abs(gradient_se[0, 0]) < 1e-6


def test_predict_uses_logit_sign():
    X = np.array([[-1.0], [0.0], [2.0]])
    assert logistic_regression.predict(X, [[1.0]]).ravel().tolist() == [0.0, 1.0, 1.0]


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("labels", [[0, 2, 1], [-1, 1, 1], [0.5, 1, 0]])
def test_labels_outside_zero_one_rejected(name, labels):
    function, _ = LOSSES[name]
    with pytest.raises(ValueError, match="a binary model needs labels 0 and 1"):
        function(np.ones((3, 1)), labels, [[0.0]])


@pytest.mark.parametrize("name", LOSSES)
def test_one_dimensional_labels_not_broadcast(data, name):
    X, y, theta = data
    function, _ = LOSSES[name]
    loss_1d, gradient_1d = function(X, y[:, 0], theta)
    loss_2d, gradient_2d = function(X, y, theta)
    assert gradient_1d.shape == theta.shape
    assert loss_1d == loss_2d
    np.testing.assert_array_equal(gradient_1d, gradient_2d)


@pytest.mark.parametrize("name", LOSSES)
def test_mismatched_rows_rejected(data, name):
    X, y, theta = data
    function, _ = LOSSES[name]
    with pytest.raises(ValueError, match="y has 39 rows but X has 40"):
        function(X, y[:-1], theta)


@pytest.mark.parametrize("name", LOSSES)
def test_float32_with_integer_labels_stays_float32(data, name):
    X, y, theta = data
    function, _ = LOSSES[name]
    _, gradient = function(X.astype(np.float32), y.astype(int), theta.astype(np.float32))
    assert gradient.dtype == np.float32


# The cross-entropy scans X for NaN and infinity only when the loss is not
# finite, so a bad entry must reach the loss for either label, even where
# theta is zero; the squared error scans X first.
NON_FINITE_ENTRIES = [("NaN", np.nan, "nan"), ("infinity", np.inf, "inf"), ("minus infinity", -np.inf, "-inf")]


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("label", [0.0, 1.0])
@pytest.mark.parametrize("theta_entry", [0.0, 1.0, -1.0])
@pytest.mark.parametrize("case, value, shown", NON_FINITE_ENTRIES, ids=[e[0] for e in NON_FINITE_ENTRIES])
def test_non_finite_entry_in_X_rejected(name, label, theta_entry, case, value, shown):
    function, _ = LOSSES[name]
    X = np.ones((20, 3))
    X[11, 1] = value
    y = np.full(20, label)
    theta = np.array([[0.0], [theta_entry], [0.0]])
    with pytest.raises(ValueError, match=rf"X contains {shown} at index \(11, 1\)"):
        function(X, y, theta)


@pytest.mark.parametrize("logit", [-50.0, -1.0, 0.0, 2.0, 50.0])
@pytest.mark.parametrize("label", [0.0, 1.0])
def test_cross_entropy_matches_stable_functions(logit, label):
    from derivlib.functions import softplus

    loss, gradient = logistic_regression.cross_entropy_loss_and_gradient([[1.0]], [label], [[logit]])
    assert loss == pytest.approx(float(softplus(logit) - label * logit), rel=1e-15, abs=1e-300)
    assert gradient.item() == pytest.approx(float(sigmoid(np.array(logit))) - label, rel=1e-15, abs=1e-300)


# --- The symbolic derivation's checks -----------------------------------------------


@pytest.mark.parametrize("wrong_label", [0, 1])
def test_symbolic_logistic_loss_checked_at_both_labels(wrong_label):
    # A loss form that is wrong at one label only must fail, so the check must
    # visit y = 0 and y = 1. (The squared error's loss has a single form.)
    import dataclasses

    from derivlib.symbolic import core, equation
    from derivlib.symbolic.logistic_regression import y

    loss = equation("logistic-ce.loss")
    assert len(loss.forms) >= 2
    wrong = loss.forms[-1] + (y if wrong_label else 1 - y)
    result = core.check_equation(dataclasses.replace(loss, forms=[*loss.forms[:-1], wrong]), {})
    assert result.status == "failed", result
