"""Linear regression: NumPy functions, their agreement with the derivation, and bad input."""

import numpy as np
import pytest

from derivlib import gradcheck, linear_regression


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((30, 4))
    y = rng.standard_normal((30, 1))
    theta = rng.standard_normal((4, 1))
    return X, y, theta


def test_loss_matches_definition(data):
    X, y, theta = data
    expected = 0.5 * sum((X[k] @ theta[:, 0] - y[k, 0]) ** 2 for k in range(len(X)))
    assert linear_regression.loss(X, y, theta) == pytest.approx(expected, rel=1e-12)


def test_gradient_matches_finite_differences(data):
    X, y, theta = data
    check = gradcheck.check_gradient(lambda t: linear_regression.loss_and_gradient(X, y, t), theta)
    assert check.passed, check.report()
    assert check.relative_error < 1e-8


def test_gradient_matches_per_sample_form(data):
    X, y, theta = data
    np.testing.assert_allclose(
        linear_regression.gradient(X, y, theta),
        linear_regression.per_sample_gradient(X, y, theta),
        rtol=1e-12,
    )


def test_loss_and_gradient_match_separate_calls(data):
    X, y, theta = data
    loss, gradient = linear_regression.loss_and_gradient(X, y, theta)
    assert loss == linear_regression.loss(X, y, theta)
    np.testing.assert_array_equal(gradient, linear_regression.gradient(X, y, theta))


def test_gradient_zero_at_least_squares(data):
    X, y, _ = data
    solution, *_ = np.linalg.lstsq(X, y, rcond=None)
    np.testing.assert_allclose(linear_regression.gradient(X, y, solution), 0, atol=1e-10)


def test_one_dimensional_targets_read_as_column(data):
    X, y, theta = data
    loss_1d, gradient_1d = linear_regression.loss_and_gradient(X, y[:, 0], theta)
    loss_2d, gradient_2d = linear_regression.loss_and_gradient(X, y, theta)
    assert gradient_1d.shape == (4, 1)
    assert loss_1d == loss_2d
    np.testing.assert_array_equal(gradient_1d, gradient_2d)


def test_float32_stays_float32(data):
    X, y, theta = (a.astype(np.float32) for a in data)
    _, gradient = linear_regression.loss_and_gradient(X, y, theta)
    assert gradient.dtype == np.float32


def test_single_sample():
    loss, gradient = linear_regression.loss_and_gradient([[2.0, 1.0]], [1.0], [[1.0], [1.0]])
    assert loss == 2.0
    assert gradient.ravel().tolist() == [4.0, 2.0]


BAD_INPUTS = [
    ("targets for another n", dict(y=np.zeros(29)), "y has 29 rows but X has 30"),
    ("targets as a row", dict(y=np.zeros((1, 30))), r"y has shape \(1, 30\)"),
    ("theta 1-D", dict(theta=np.zeros(4)), r"theta has shape \(4,\).*reshape\(4, -1\)"),
    ("theta wrong rows", dict(theta=np.zeros((3, 1))), r"theta has shape \(3, 1\); expected \(4, 1\)"),
    ("X 1-D", dict(X=np.zeros(30)), r"X has shape \(30,\).*2-D"),
    ("empty batch", dict(X=np.zeros((0, 4)), y=np.zeros((0, 1))), "the batch is empty"),
    ("NaN in X", dict(X=np.full((30, 4), np.nan)), "X contains nan at index"),
    ("infinity in y", dict(y=np.full((30, 1), np.inf)), "y contains inf"),
    ("strings", dict(X=np.full((30, 4), "a")), "X has dtype <U1; expected real numbers"),
]


@pytest.mark.parametrize("case, change, message", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_raises(data, case, change, message):
    arguments = dict(zip(("X", "y", "theta"), data))
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        linear_regression.loss_and_gradient(**arguments)


# X is scanned for NaN and infinity only when the loss is not finite, so a
# bad entry must reach the loss even where theta and the residuals are zero.
NON_FINITE_ENTRIES = [("NaN", np.nan, "nan"), ("infinity", np.inf, "inf"), ("minus infinity", -np.inf, "-inf")]


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("name, value, shown", NON_FINITE_ENTRIES, ids=[e[0] for e in NON_FINITE_ENTRIES])
def test_non_finite_entry_rejected_at_zero_theta(name, value, shown, order):
    X = np.ones((50, 4))
    X[37, 2] = value
    X = np.asarray(X, order=order)
    with pytest.raises(ValueError, match=rf"X contains {shown} at index \(37, 2\)"):
        linear_regression.loss_and_gradient(X, np.zeros(50), np.zeros((4, 1)))


def test_overflowing_loss_with_finite_input_returned():
    with pytest.warns(RuntimeWarning, match="overflow"):
        loss, gradient = linear_regression.loss_and_gradient([[1e200]], [0.0], [[1e200]])
    assert loss == np.inf
    assert gradient.shape == (1, 1)


def test_gram_matches_loss_and_gradient(data):
    X, y, theta = data
    XtX, Xty, yty = linear_regression.gram_matrices(X, y)
    loss, gradient = linear_regression.gram_loss_and_gradient(XtX, Xty, yty, theta)
    expected_loss, expected_gradient = linear_regression.loss_and_gradient(X, y, theta)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(gradient, expected_gradient, rtol=1e-12, atol=1e-12)


def test_gram_reads_one_dimensional_targets(data):
    X, y, _ = data
    XtX_1d, Xty_1d, yty_1d = linear_regression.gram_matrices(X, y[:, 0])
    XtX_2d, Xty_2d, yty_2d = linear_regression.gram_matrices(X, y)
    np.testing.assert_array_equal(Xty_1d, Xty_2d)
    assert Xty_1d.shape == (4, 1)
    assert yty_1d == yty_2d


def test_gram_float32_stays_float32(data):
    X, y, theta = (a.astype(np.float32) for a in data)
    XtX, Xty, yty = linear_regression.gram_matrices(X, y)
    _, gradient = linear_regression.gram_loss_and_gradient(XtX, Xty, yty, theta)
    assert XtX.dtype == np.float32
    assert gradient.dtype == np.float32


GRAM_BAD_INPUTS = [
    ("XtX not square", dict(XtX=np.zeros((4, 3))), r"XtX has shape \(4, 3\); expected a square matrix"),
    ("Xty wrong rows", dict(Xty=np.zeros((3, 1))), r"Xty has shape \(3, 1\); expected \(4, 1\)"),
    ("theta 1-D", dict(theta=np.zeros(4)), r"theta has shape \(4,\)"),
    ("NaN in theta", dict(theta=np.full((4, 1), np.nan)), "theta contains nan"),
]


@pytest.mark.parametrize("case, change, message", GRAM_BAD_INPUTS, ids=[c[0] for c in GRAM_BAD_INPUTS])
def test_gram_bad_input_raises(data, case, change, message):
    X, y, theta = data
    XtX, Xty, yty = linear_regression.gram_matrices(X, y)
    arguments = dict(XtX=XtX, Xty=Xty, yty=yty, theta=theta)
    arguments.update(change)
    with pytest.raises(ValueError, match=message):
        linear_regression.gram_loss_and_gradient(**arguments)
