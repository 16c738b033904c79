"""The multi-class perceptron: gradient within each region, ties, label forms, training and bad input."""

import numpy as np
import pytest

from derivlib import gradcheck, multiclass_perceptron
from derivlib._validation import check_class_labels
from derivlib.training import ConvergenceWarning

MARGIN = 0.1


def top_two_gaps(scores):
    ordered = np.sort(scores, axis=1)
    return ordered[:, -1] - ordered[:, -2]


def spaced_data(seed, n=40, m=3, c=4):
    """Return X (n, m), class ids (n,) and theta (m, c), each top score MARGIN above the second."""
    rng = np.random.default_rng(seed)
    theta = rng.standard_normal((m, c))
    X = rng.standard_normal((n, m))
    while (close := top_two_gaps(X @ theta) < MARGIN).any():
        X[close] = rng.standard_normal((int(close.sum()), m))
    return X, rng.integers(0, c, size=n), theta


def separable_data(seed, per_class=20):
    """Return X (3 per_class, 3) with a bias column and ids (3 per_class,) of three far-apart blobs."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 4.0], [-4.0, -3.0], [4.0, -3.0]])
    points = np.vstack([centre + rng.uniform(-1, 1, size=(per_class, 2)) for centre in centres])
    ids = np.repeat(np.arange(3), per_class)
    return np.hstack([np.ones((len(ids), 1)), points]), ids


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_finite_differences(seed):
    X, ids, theta = spaced_data(seed)
    check = gradcheck.check_gradient(lambda t: multiclass_perceptron.loss_and_gradient(X, ids, t), theta)
    assert check.passed, check.report()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_per_sample_form(seed):
    X, ids, theta = spaced_data(seed)
    np.testing.assert_allclose(
        multiclass_perceptron.gradient(X, ids, theta),
        multiclass_perceptron.per_sample_gradient(X, ids, theta),
        rtol=1e-12,
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loss_equals_top_minus_true_score(seed):
    X, ids, theta = spaced_data(seed)
    scores = X @ theta
    expected = np.sum(scores.max(axis=1) - scores[np.arange(len(ids)), ids])
    assert multiclass_perceptron.loss(X, ids, theta) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_uses_indicator_not_score(seed):
    X, ids, theta = spaced_data(seed)
    scores = X @ theta
    predicted = scores.argmax(axis=1)
    one_hot = np.eye(theta.shape[1])
    expected = X.T @ (one_hot[predicted] - one_hot[ids])
    np.testing.assert_array_equal(multiclass_perceptron.gradient(X, ids, theta), expected)
    kept_scores = one_hot[predicted] * scores  # h_r = score at the argmax: a wrong gradient
    assert not np.allclose(multiclass_perceptron.gradient(X, ids, theta), X.T @ (kept_scores - one_hot[ids]))


def test_gradient_constant_within_region():
    X, ids, theta = spaced_data(3)
    nudged = theta + 1e-3 * np.random.default_rng(4).standard_normal(theta.shape)
    assert np.array_equal(multiclass_perceptron.predict(X, theta), multiclass_perceptron.predict(X, nudged))
    np.testing.assert_array_equal(
        multiclass_perceptron.gradient(X, ids, theta), multiclass_perceptron.gradient(X, ids, nudged)
    )


# (scores of one sample, true class, predicted class): ties go to the lowest index.
TIE_CASES = [
    ([1.0, 1.0, 0.0], 1, 0),
    ([0.0, 2.0, 2.0], 2, 1),
    ([3.0, 3.0, 3.0], 2, 0),
]


@pytest.mark.parametrize("scores, true_class, expected", TIE_CASES)
def test_tie_goes_to_lowest_class(scores, true_class, expected):
    X = np.array([[1.0]])
    theta = np.array([scores])
    assert multiclass_perceptron.predict(X, theta).tolist() == [expected]
    loss, gradient = multiclass_perceptron.loss_and_gradient(X, [true_class], theta)
    assert loss == 0.0  # the true class ties with the top score
    expected_gradient = np.zeros((1, 3))
    expected_gradient[0, expected] += 1
    expected_gradient[0, true_class] -= 1
    np.testing.assert_array_equal(gradient, expected_gradient)


def test_zero_theta_predicts_class_zero():
    X, ids, _ = spaced_data(5)
    assert np.all(multiclass_perceptron.predict(X, np.zeros((3, 4))) == 0)


def test_one_hot_and_ids_agree():
    X, ids, theta = spaced_data(6)
    from_ids = multiclass_perceptron.loss_and_gradient(X, ids, theta)
    from_one_hot = multiclass_perceptron.loss_and_gradient(X, np.eye(4)[ids], theta)
    assert from_ids[0] == from_one_hot[0]
    np.testing.assert_array_equal(from_ids[1], from_one_hot[1])


def test_float32_stays_float32():
    X, ids, theta = spaced_data(7)
    loss, gradient = multiclass_perceptron.loss_and_gradient(
        X.astype(np.float32), ids, theta.astype(np.float32)
    )
    assert gradient.dtype == np.float32
    assert isinstance(loss, float)


BAD_LABELS = [
    ("id above range", [0, 4, 1], r"y\[1\] is 4; class ids must be in 0\.\.3"),
    ("negative id", [0, 1, -1], r"y\[2\] is -1; class ids must be in 0\.\.3"),
    ("float ids", [0.0, 1.0, 2.0], "must be integers"),
    ("bool ids", [True, False, True], "must be integers"),
    ("too few ids", [0, 1], "y has 2 labels but X has 3 rows"),
    ("column of ids", [[0], [1], [2]], r"For a column of class ids, pass y\.ravel\(\)"),
    ("two 1s in a row", [[1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]], r"row 1 of y is \[0\.0, 1\.0, 1\.0, 0\.0\]"),
    ("soft labels", [[0.5, 0.5, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]], "row 0 of y"),
    ("empty row", [[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]], "a one-hot row contains a single 1"),
    ("wrong class count", np.eye(3), r"one-hot labels need the shape \(3, 4\)"),
    ("NaN in one-hot", [[np.nan, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]], "every entry must be finite"),
    ("3-D labels", np.zeros((3, 4, 1)), r"y has shape \(3, 4, 1\)"),
]


@pytest.mark.parametrize("labels, message", [c[1:] for c in BAD_LABELS], ids=[c[0] for c in BAD_LABELS])
def test_bad_labels_rejected(labels, message):
    X = np.ones((3, 2))
    with pytest.raises(ValueError, match=message):
        multiclass_perceptron.loss_and_gradient(X, labels, np.zeros((2, 4)))


def test_theta_one_dimensional_rejected():
    with pytest.raises(ValueError, match=r"theta has shape \(2,\)"):
        multiclass_perceptron.loss_and_gradient(np.ones((3, 2)), [0, 1, 0], np.zeros(2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_class_labels_one_hot_from_ids(dtype):
    Y = check_class_labels(np.array([2, 0, 1]), 3, 3, dtype=dtype)
    assert Y.dtype == dtype
    assert Y.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]


def test_class_labels_one_hot_passed_through():
    one_hot = np.array([[0, 1], [1, 0]])
    assert check_class_labels(one_hot, 2, 2).tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_class_labels_error_names_source_of_c():
    with pytest.raises(ValueError, match=r"c = 2 = W\.shape\[1\]"):
        check_class_labels(np.array([0, 2]), 2, 2, classes_from="W.shape[1]")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_train_separates_separable_data(seed):
    X, ids = separable_data(seed)
    result = multiclass_perceptron.train(X, ids)
    assert result.converged
    assert result.errors[-1] == 0
    assert np.array_equal(multiclass_perceptron.predict(X, result.theta), ids)
    assert result.theta.shape == (3, 3)


def test_train_accepts_one_hot_labels():
    X, ids = separable_data(3)
    from_ids = multiclass_perceptron.train(X, ids)
    from_one_hot = multiclass_perceptron.train(X, np.eye(3)[ids])
    np.testing.assert_array_equal(from_ids.theta, from_one_hot.theta)


def test_train_warns_on_inseparable_data():
    # The same point labelled with two different classes.
    X = np.array([[1.0, 0.5], [1.0, 0.5], [1.0, -2.0]])
    with pytest.warns(ConvergenceWarning, match="still misclassifies"):
        result = multiclass_perceptron.train(X, [0, 1, 2], max_epochs=30)
    assert not result.converged
    assert result.epochs == 30


def test_train_needs_theta_for_float_labels():
    with pytest.raises(ValueError, match="or a starting theta of shape"):
        multiclass_perceptron.train(np.ones((2, 1)), np.array([0.0, 1.0]))


def test_tie_gradient_is_subgradient():
    # Scores with exact ties: the loss is convex, and the gradient with the lowest-index
    # rule must satisfy L(t + d) >= L(t) + g . d for every direction d.
    rng = np.random.default_rng(11)
    X = rng.integers(-3, 4, size=(10, 2)).astype(float)
    X[:, 0] = 1.0
    theta = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])  # classes 0 and 1 tie in every row
    ids = rng.integers(0, 3, size=10)
    loss, gradient = multiclass_perceptron.loss_and_gradient(X, ids, theta)
    for _ in range(200):
        direction = rng.standard_normal(theta.shape)
        moved = multiclass_perceptron.loss(X, ids, theta + direction)
        assert moved >= loss + (gradient * direction).sum() - 1e-12


# --- The symbolic derivation's helpers -----------------------------------------------


def test_symbolic_multiclass_top_two_gaps():
    from derivlib.symbolic.multiclass_perceptron import top_two_gaps

    scores = np.array([[1.0, 5.0, 3.0], [2.0, 2.0, -1.0], [-4.0, -3.0, -7.0]])
    np.testing.assert_array_equal(top_two_gaps(scores), [2.0, 0.0, 1.0])


def test_symbolic_multiclass_indicator():
    import sympy as sp

    from derivlib.symbolic.multiclass_perceptron import indicator, predicted, r

    assert indicator(r, r) == 1
    assert indicator(sp.Integer(2), sp.Integer(3)) == 0
    # One class index still unknown: the indicator stays as it is.
    assert isinstance(indicator(sp.Integer(2), r), indicator)
    assert isinstance(indicator(r, predicted), indicator)


def test_symbolic_multiclass_region_cases_cover_every_class_triple():
    from itertools import product

    from derivlib.symbolic.multiclass_perceptron import N_CLASSES, predicted, r, region_cases, true_class

    classes = range(1, N_CLASSES + 1)
    triples = [(case[r], case[predicted], case[true_class]) for case in region_cases()]
    assert sorted(triples) == sorted(product(classes, repeat=3))


def test_symbolic_multiclass_score_is_column_of_x_theta():
    # The page prints the score as a sum over j from 1 to m; at m = 3 it must
    # be entry (column) of the row x times theta.
    import sympy as sp

    from derivlib.symbolic.multiclass_perceptron import score
    from derivlib.symbolic.notation import m, theta, x

    for column in (1, 2):
        expected = sum(x[j] * theta[j, column] for j in range(1, 4))
        assert sp.expand(score(column).subs(m, 3).doit() - expected) == 0


def test_symbolic_multiclass_spaced_rows():
    from derivlib.symbolic.multiclass_perceptron import spaced_rows, top_two_gaps

    rng = np.random.default_rng(0)
    theta = np.eye(3)
    X = rng.standard_normal((30, 3))
    X[:4] = [[1.0, 1.0, 0.0], [0.3, 0.0, 0.35], [2.0, -1.0, 2.05], [0.0, 0.0, 0.0]]  # top two within 0.1
    far = top_two_gaps(X @ theta) >= 0.1
    far_rows = X[far].copy()
    spaced = spaced_rows(rng, X.copy(), theta, margin=0.1)
    assert np.all(top_two_gaps(spaced @ theta) >= 0.1)
    np.testing.assert_array_equal(spaced[far], far_rows)
