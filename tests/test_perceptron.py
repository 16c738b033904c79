"""The binary perceptron: gradient within each region, the tie at 0, training and bad input."""

import numpy as np
import pytest

from derivlib import gradcheck, perceptron
from derivlib.training import ConvergenceWarning

MARGIN = 0.1


def spaced_data(seed, n=40, m=3):
    """Return X (n, m), y (n, 1) and theta (m, 1) with every |x theta| >= MARGIN."""
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal((m, 1))
    X = rng.standard_normal((n, m))
    while (close := np.abs(X @ theta)[:, 0] < MARGIN).any():
        X[close] = rng.standard_normal((int(close.sum()), m))
    y = (rng.random((n, 1)) < 0.5).astype(float)
    return X, y, theta


def separable_data(seed, n=60):
    """Return X (n, 3) with a bias column and labels y (n,) split by a known line with margin."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(-3, 3, size=(4 * n, 2))
    side = points @ np.array([1.0, -2.0]) + 0.5
    points = points[np.abs(side) > 0.5][:n]
    labels = (points @ np.array([1.0, -2.0]) + 0.5 > 0).astype(int)
    return np.hstack([np.ones((n, 1)), points]), labels


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_finite_differences(seed):
    X, y, theta = spaced_data(seed)
    check = gradcheck.check_gradient(lambda t: perceptron.loss_and_gradient(X, y, t), theta)
    assert check.passed, check.report()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_per_sample_form(seed):
    X, y, theta = spaced_data(seed)
    np.testing.assert_allclose(
        perceptron.gradient(X, y, theta), perceptron.per_sample_gradient(X, y, theta), rtol=1e-12
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loss_equals_wrongly_judged_sums(seed):
    X, y, theta = spaced_data(seed)
    scores = (X @ theta)[:, 0]
    judged_one = scores >= 0
    labels = y[:, 0] == 1
    expected = scores[judged_one & ~labels].sum() - scores[~judged_one & labels].sum()
    assert perceptron.loss(X, y, theta) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loss_equals_notes_form(seed):
    X, y, theta = spaced_data(seed)
    h_hat = X @ theta
    h = (h_hat >= 0).astype(float)
    expected = np.sum((1 - y) * h * h_hat - y * (1 - h) * h_hat)
    assert perceptron.loss(X, y, theta) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loss_never_negative(seed):
    X, y, theta = spaced_data(seed)
    assert perceptron.loss(X, y, theta) >= 0


def test_predict_judges_boundary_one():
    X = np.array([[-1.0], [0.0], [1e-300], [-1e-300]])
    assert perceptron.predict(X, [[1.0]]).ravel().tolist() == [0.0, 1.0, 1.0, 0.0]


# (label, expected loss, expected gradient) for one sample x = (1, 2) with x theta = 0 exactly.
BOUNDARY_CASES = [
    (0, 0.0, [1.0, 2.0]),  # judged 1 but labelled 0: wrong, on the boundary, loss 0
    (1, 0.0, [0.0, 0.0]),  # judged 1 and labelled 1: right
]


@pytest.mark.parametrize("label, expected_loss, expected_gradient", BOUNDARY_CASES)
def test_boundary_sample_judged_one(label, expected_loss, expected_gradient):
    X = np.array([[1.0, 2.0]])
    theta = np.array([[2.0], [-1.0]])  # x theta = 2 - 2 = 0
    loss, gradient = perceptron.loss_and_gradient(X, [label], theta)
    assert loss == expected_loss
    assert gradient.ravel().tolist() == expected_gradient


def test_gradient_constant_within_region():
    X, y, theta = spaced_data(3)
    nudged = theta + 1e-3 * np.random.default_rng(4).standard_normal(theta.shape)
    assert np.array_equal(perceptron.predict(X, theta), perceptron.predict(X, nudged))
    np.testing.assert_array_equal(perceptron.gradient(X, y, theta), perceptron.gradient(X, y, nudged))


def test_float32_stays_float32():
    X, y, theta = spaced_data(5)
    labels = y[:, 0].astype(int)
    loss, gradient = perceptron.loss_and_gradient(X.astype(np.float32), labels, theta.astype(np.float32))
    assert gradient.dtype == np.float32
    assert isinstance(loss, float)
    assert perceptron.predict(X.astype(np.float32), theta.astype(np.float32)).dtype == np.float32


def test_one_dimensional_labels_not_broadcast():
    X, y, theta = spaced_data(6)
    loss_1d, gradient_1d = perceptron.loss_and_gradient(X, y[:, 0], theta)
    loss_2d, gradient_2d = perceptron.loss_and_gradient(X, y, theta)
    assert gradient_1d.shape == theta.shape
    assert loss_1d == loss_2d
    np.testing.assert_array_equal(gradient_1d, gradient_2d)


BAD_INPUTS = [
    ("labels outside 0 and 1", np.ones((3, 1)), [0, 2, 1], [[0.0]], "a binary model needs labels 0 and 1"),
    ("labels -1 and 1", np.ones((3, 1)), [-1, 1, 1], [[0.0]], "a binary model needs labels 0 and 1"),
    ("theta 1-D", np.ones((3, 2)), [0, 1, 1], [0.0, 0.0], r"theta has shape \(2,\)"),
    ("rows differ", np.ones((3, 1)), [0, 1], [[0.0]], "y has 2 rows but X has 3"),
    ("NaN feature", [[1.0], [np.nan]], [0, 1], [[0.0]], "every entry must be finite"),
    ("empty batch", np.ones((0, 2)), np.ones((0, 1)), np.zeros((2, 1)), "the batch is empty"),
]


@pytest.mark.parametrize(
    "X, y, theta, message", [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input_rejected(X, y, theta, message):
    with pytest.raises(ValueError, match=message):
        perceptron.loss_and_gradient(X, y, theta)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_train_separates_separable_data(seed):
    X, labels = separable_data(seed)
    result = perceptron.train(X, labels)
    assert result.converged
    assert result.errors[-1] == 0
    assert np.array_equal(perceptron.predict(X, result.theta)[:, 0], labels)
    assert len(result.errors) == result.epochs + 1
    assert len(result.losses) == result.epochs + 1


def test_train_epochs_independent_of_learning_rate():
    X, labels = separable_data(7)
    unit = perceptron.train(X, labels, learning_rate=1.0)
    scaled = perceptron.train(X, labels, learning_rate=0.01)
    assert unit.epochs == scaled.epochs
    np.testing.assert_array_equal(unit.errors, scaled.errors)
    np.testing.assert_allclose(scaled.theta, 0.01 * unit.theta, rtol=1e-12)


def test_train_stops_on_errors_not_loss():
    # At theta = 0 every sample is judged 1 and lies on the boundary: loss 0, yet the
    # samples labelled 0 are wrong.
    X = np.array([[1.0, -1.0], [1.0, 1.0]])
    result = perceptron.train(X, [0, 1])
    assert result.losses[0] == 0.0
    assert result.errors[0] == 1
    assert result.epochs >= 1
    assert result.converged


def test_train_leaves_start_unchanged():
    X, labels = separable_data(8)
    start = np.zeros((3, 1))
    perceptron.train(X, labels, theta=start)
    assert np.array_equal(start, np.zeros((3, 1)))


def test_train_warns_on_inseparable_data():
    # XOR with a bias column: no line separates the labels.
    X = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    with pytest.warns(ConvergenceWarning, match="not be linearly separable"):
        result = perceptron.train(X, [0, 0, 1, 1], max_epochs=50)
    assert not result.converged
    assert result.epochs == 50
    assert result.errors[-1] > 0


@pytest.mark.parametrize(
    "options, message",
    [
        ({"learning_rate": 0.0}, "learning_rate is 0.0"),
        ({"learning_rate": float("nan")}, "learning_rate is nan"),
        ({"max_epochs": 0}, "max_epochs is 0"),
        ({"max_epochs": 2.5}, "max_epochs is 2.5"),
    ],
)
def test_train_rejects_bad_options(options, message):
    X, labels = separable_data(9)
    with pytest.raises(ValueError, match=message):
        perceptron.train(X, labels, **options)


def test_boundary_gradient_is_subgradient():
    # Samples exactly on the boundary, with both labels: the loss is convex, and the
    # gradient with the tie rule h = 1 must satisfy L(t + d) >= L(t) + g . d for every d.
    rng = np.random.default_rng(10)
    theta = np.array([[1.0], [-1.0], [0.5]])
    X = rng.integers(-4, 5, size=(12, 3)).astype(float)  # whole numbers keep x theta exact
    X[:6, 0] = X[:6, 1] - 0.5 * X[:6, 2]  # x theta = 0 for the first six rows
    assert np.all(X[:6] @ theta == 0)
    y = np.tile([0, 1], 6)
    loss, gradient = perceptron.loss_and_gradient(X, y, theta)
    for _ in range(200):
        direction = rng.standard_normal(theta.shape)
        moved = perceptron.loss(X, y, theta + direction)
        assert moved >= loss + (gradient * direction).sum() - 1e-12


# --- The symbolic derivation's checks -----------------------------------------------


def indicator_of_case(h_value, y_value):
    """Return a polynomial in h and y that is 1 at (h_value, y_value) and 0 at the other three label cases."""
    from derivlib.symbolic.perceptron import h, y

    h_factor = h if h_value else 1 - h
    y_factor = y if y_value else 1 - y
    return h_factor * y_factor


@pytest.mark.parametrize("h_value, y_value", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_symbolic_perceptron_loss_checked_at_each_label_case(h_value, y_value):
    # A loss form that is wrong at one prediction and label only must fail, so
    # the check must visit all four cases.
    import dataclasses

    from derivlib.symbolic import core, equation

    loss = equation("perceptron.loss")
    wrong = loss.forms[1] + indicator_of_case(h_value, y_value)
    result = core.check_equation(dataclasses.replace(loss, forms=[loss.forms[0], wrong]), {})
    assert result.status == "failed", result


@pytest.mark.parametrize("n", [1, 2, 3])
def test_symbolic_perceptron_patterns_are_every_prediction(n):
    from itertools import product

    from derivlib.symbolic.perceptron import prediction_patterns

    patterns = prediction_patterns(n)
    assert len(patterns) == 2**n
    assert set(patterns) == set(product((0, 1), repeat=n))


def test_symbolic_perceptron_spaced_rows():
    from derivlib.symbolic.perceptron import spaced_rows

    rng = np.random.default_rng(0)
    theta = np.array([[1.0], [-1.0]])
    X = rng.standard_normal((30, 2))
    X[:5] = [[0.5, 0.5], [1.0, 1.01], [0.0, 0.0], [2.0, 2.05], [-1.0, -1.0]]  # |x theta| < 0.1
    far_rows = X[5:][np.abs(X[5:] @ theta)[:, 0] >= 0.1].copy()
    spaced = spaced_rows(rng, X.copy(), theta, margin=0.1)
    assert np.all(np.abs(spaced @ theta) >= 0.1)
    # Rows far enough from the boundary are kept as they were.
    far = np.abs(X @ theta)[:, 0] >= 0.1
    np.testing.assert_array_equal(spaced[far], far_rows)


@pytest.mark.parametrize("variable", ["h", "y"])
def test_symbolic_perceptron_loss_checked_at_one(variable):
    # t (2 - t) is 0 at t = 0 and t = 2 but 1 at t = 1: the check must use
    # the value 1 of both the prediction and the label.
    import dataclasses

    from derivlib.symbolic import core, equation
    from derivlib.symbolic import perceptron as symbolic

    t = getattr(symbolic, variable)
    loss = equation("perceptron.loss")
    wrong = loss.forms[1] + t * (2 - t)
    result = core.check_equation(dataclasses.replace(loss, forms=[loss.forms[0], wrong]), {})
    assert result.status == "failed", result
