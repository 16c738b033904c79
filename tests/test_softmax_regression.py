"""Softmax regression: gradients, both label forms, bad labels, extreme logits, and both derivations."""

import dataclasses

import numpy as np
import pytest
from sklearn.metrics import log_loss

from derivlib import gradcheck, softmax_regression
from derivlib.symbolic import core
from derivlib.symbolic import softmax_regression as symbolic

N, M, C = 40, 4, 3


@pytest.fixture
def data():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((N, M))
    ids = rng.integers(0, C, size=N)
    theta = rng.standard_normal((M, C))
    return X, ids, theta


def one_hot(ids, classes=C):
    return np.eye(classes)[ids]


# --- Values and gradients ---------------------------------------------------------


def test_loss_matches_definition(data):
    X, ids, theta = data
    logits = X @ theta
    H = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = -np.sum(np.log(H[np.arange(N), ids]))
    assert softmax_regression.loss(X, ids, theta) == pytest.approx(expected, rel=1e-12)


def test_loss_matches_sklearn_log_loss(data):
    X, ids, theta = data
    H = softmax_regression.predict_proba(X, theta)
    expected = log_loss(ids, H, normalize=False, labels=list(range(C)))
    assert softmax_regression.loss(X, ids, theta) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("labels", ["class ids", "one-hot"])
def test_gradient_matches_finite_differences(data, labels):
    X, ids, theta = data
    y = ids if labels == "class ids" else one_hot(ids)
    check = gradcheck.check_gradient(lambda t: softmax_regression.loss_and_gradient(X, y, t), theta)
    assert check.passed, check.report()
    assert check.relative_error < 1e-8


def test_gradient_matches_per_sample_form(data):
    X, ids, theta = data
    np.testing.assert_allclose(
        softmax_regression.gradient(X, ids, theta),
        softmax_regression.per_sample_gradient(X, ids, theta),
        rtol=1e-12,
        atol=1e-12,
    )


def test_gradient_is_sum_of_sample_gradients(data):
    X, ids, theta = data
    total = sum(softmax_regression.gradient(X[k : k + 1], ids[k : k + 1], theta) for k in range(N))
    np.testing.assert_allclose(softmax_regression.gradient(X, ids, theta), total, rtol=1e-12, atol=1e-12)


def test_gradient_equals_transpose_formula(data):
    X, ids, theta = data
    H = softmax_regression.predict_proba(X, theta)
    expected = X.T @ (H - one_hot(ids))
    np.testing.assert_allclose(softmax_regression.gradient(X, ids, theta), expected, rtol=1e-12)


def test_loss_and_gradient_match_separate_calls(data):
    X, ids, theta = data
    loss, gradient = softmax_regression.loss_and_gradient(X, ids, theta)
    assert loss == softmax_regression.loss(X, ids, theta)
    np.testing.assert_array_equal(gradient, softmax_regression.gradient(X, ids, theta))


def test_gradient_columns_sum_to_zero(data):
    # Each row of H - Y sums to 0, so the columns of X^T (H - Y) add up to 0.
    X, ids, theta = data
    gradient = softmax_regression.gradient(X, ids, theta)
    np.testing.assert_allclose(gradient.sum(axis=1), 0, atol=1e-12)


# --- Labels ---------------------------------------------------------------------


def test_label_forms_give_equal_results(data):
    X, ids, theta = data
    loss_ids, gradient_ids = softmax_regression.loss_and_gradient(X, ids, theta)
    loss_hot, gradient_hot = softmax_regression.loss_and_gradient(X, one_hot(ids), theta)
    assert loss_ids == loss_hot
    np.testing.assert_array_equal(gradient_ids, gradient_hot)


def test_gradient_has_parameter_shape(data):
    X, ids, theta = data
    assert softmax_regression.gradient(X, ids, theta).shape == (M, C)
    assert softmax_regression.per_sample_gradient(X, ids, theta).shape == (M, C)


def with_row(Y, index, row):
    Y = Y.copy()
    Y[index] = row
    return Y


BAD_LABELS = {
    "id equal to c": (
        lambda ids: np.where(np.arange(N) == 5, C, ids), r"y\[5\] is 3; class ids must be in 0\.\.2"
    ),
    "negative id": (
        lambda ids: np.where(np.arange(N) == 0, -1, ids), r"y\[0\] is -1; class ids must be in 0\.\.2"
    ),
    "float ids": (lambda ids: ids.astype(float), r"1-D labels are class ids and must be integers"),
    "boolean ids": (lambda ids: ids == 1, r"1-D labels are class ids and must be integers"),
    "too few ids": (lambda ids: ids[:-1], r"y has 39 labels but X has 40 rows"),
    "column of ids": (lambda ids: ids.reshape(-1, 1), r"For a column of class ids, pass y\.ravel\(\)"),
    "row with two ones": (
        lambda ids: with_row(one_hot(ids), 2, [1.0, 1.0, 0.0]), r"row 2 of y is \[1\.0, 1\.0, 0\.0\]"
    ),
    "row of probabilities": (
        lambda ids: with_row(one_hot(ids), 0, [0.2, 0.3, 0.5]), r"row 0 of y is \[0\.2, 0\.3, 0\.5\]"
    ),
    "row of zeros": (lambda ids: with_row(one_hot(ids), 7, 0.0), r"row 7 of y is \[0\.0, 0\.0, 0\.0\]"),
    "row with minus one": (
        lambda ids: with_row(one_hot(ids), 1, [-1.0, 1.0, 1.0]), r"row 1 of y is \[-1\.0, 1\.0, 1\.0\]"
    ),
    "too many columns": (lambda ids: one_hot(ids, C + 1), r"one-hot labels need the shape \(40, 3\)"),
    "too few rows": (lambda ids: one_hot(ids)[:-2], r"y has 38 rows but X has 40"),
    "three dimensions": (lambda ids: one_hot(ids)[:, :, None], r"expected class ids of shape \(40,\)"),
    "NaN in one-hot": (lambda ids: with_row(one_hot(ids), 4, np.nan), r"y contains nan"),
}


@pytest.mark.parametrize("case", BAD_LABELS)
def test_bad_labels_rejected(data, case):
    X, ids, theta = data
    make, message = BAD_LABELS[case]
    labels = make(ids)
    with pytest.raises(ValueError, match=message):
        softmax_regression.loss_and_gradient(X, labels, theta)
    with pytest.raises(ValueError, match=message):
        softmax_regression.per_sample_gradient(X, labels, theta)


@pytest.mark.parametrize(
    "theta, message",
    [
        (np.zeros((M, 1)), r"needs one column per class and at least 2 classes"),
        (np.zeros(M * C), r"expected the 2-D shape \(4, k\)"),
        (np.zeros((M + 1, C)), r"theta has shape \(5, 3\); expected \(4, k\)"),
    ],
    ids=["one column", "one dimension", "wrong rows"],
)
def test_bad_theta_rejected(data, theta, message):
    X, ids, _ = data
    with pytest.raises(ValueError, match=message):
        softmax_regression.loss_and_gradient(X, ids, theta)


# --- Numerics -------------------------------------------------------------------


# X is scanned for NaN and infinity only when the loss is not finite, so a bad
# entry must reach the loss even where theta is zero or of one sign.
NON_FINITE_ENTRIES = [("NaN", np.nan, "nan"), ("infinity", np.inf, "inf"), ("minus infinity", -np.inf, "-inf")]


@pytest.mark.parametrize("label, value, shown", NON_FINITE_ENTRIES, ids=[e[0] for e in NON_FINITE_ENTRIES])
@pytest.mark.parametrize("theta_sign", [0, 1, -1], ids=["zero theta", "positive theta", "negative theta"])
def test_non_finite_feature_rejected(data, label, value, shown, theta_sign):
    X, ids, theta = data
    theta = theta_sign * (np.abs(theta) + 0.1)
    X[17, 1] = value
    with pytest.raises(ValueError, match=rf"X contains {shown} at index \(17, 1\)"):
        softmax_regression.loss_and_gradient(X, ids, theta)


@pytest.mark.parametrize("scale", [1e3, 1e4])
@pytest.mark.parametrize("right", [True, False], ids=["right class", "wrong class"])
def test_extreme_logits_finite(scale, right):
    # Sample 0 has logits (scale, -scale, 0) and sample 1 has (-scale, scale, 0).
    X = np.array([[scale, 0.0], [0.0, scale]])
    theta = np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0]])
    ids = np.array([0, 1]) if right else np.array([1, 0])
    loss, gradient = softmax_regression.loss_and_gradient(X, ids, theta)
    assert np.isfinite(loss)
    assert np.isfinite(gradient).all()
    assert loss == (0.0 if right else 2 * 2 * scale)
    expected = np.zeros((2, 3)) if right else np.array([[scale, -scale, 0.0], [-scale, scale, 0.0]])
    np.testing.assert_array_equal(gradient, expected)


def test_extreme_logits_match_finite_differences():
    rng = np.random.default_rng(4)
    X = 1e4 * rng.standard_normal((6, 2))
    ids = rng.integers(0, C, size=6)
    theta = 1e-4 * rng.standard_normal((2, C))
    check = gradcheck.check_gradient(lambda t: softmax_regression.loss_and_gradient(X, ids, t), theta, step=1e-9)
    assert check.passed, check.report()


def test_predict_proba_rows_sum_to_one_at_extremes():
    X = np.array([[1e4, -1e4], [0.0, 0.0]])
    H = softmax_regression.predict_proba(X, np.array([[1.0, -1.0, 0.5], [0.0, 2.0, -3.0]]))
    assert np.isfinite(H).all()
    np.testing.assert_allclose(H.sum(axis=1), 1.0, rtol=1e-15)


@pytest.mark.parametrize("labels", ["class ids", "one-hot"])
def test_float32_stays_float32(data, labels):
    X, ids, theta = data
    y = ids if labels == "class ids" else one_hot(ids)  # one-hot rows stay float64
    loss, gradient = softmax_regression.loss_and_gradient(X.astype(np.float32), y, theta.astype(np.float32))
    assert gradient.dtype == np.float32
    assert softmax_regression.predict_proba(X.astype(np.float32), theta.astype(np.float32)).dtype == np.float32
    assert loss == pytest.approx(softmax_regression.loss(X, ids, theta), rel=1e-5)


# --- Prediction -----------------------------------------------------------------


def test_predict_returns_argmax_ids():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    theta = np.array([[0.0, 2.0, 1.0], [3.0, 0.0, 1.0]])
    predictions = softmax_regression.predict(X, theta)
    assert predictions.tolist() == [1, 0, 0]
    assert predictions.shape == (3,)


def test_predict_ties_go_to_lowest_id():
    X = np.ones((1, 2))
    assert softmax_regression.predict(X, np.zeros((2, 4))).tolist() == [0]


def test_predict_matches_highest_probability(data):
    X, _, theta = data
    H = softmax_regression.predict_proba(X, theta)
    np.testing.assert_array_equal(softmax_regression.predict(X, theta), H.argmax(axis=1))


# --- The two derivations ----------------------------------------------------------


@pytest.fixture(scope="module")
def derivation():
    return symbolic.derivation()


def test_both_ways_reach_same_result(derivation):
    way_one = derivation.equation("one-chain").sympy_forms()[-1]
    way_two = derivation.equation("two-result").sympy_forms()[-1]
    assert way_one == way_two


@pytest.mark.parametrize("name", ["one-chain", "two-chain", "two-result"])
def test_way_proved(derivation, name):
    result = core.check_equation(derivation.equation(name), derivation.by_key())
    assert result.status == "proved", result


def test_way_two_needs_labels_summing_to_one(derivation):
    # Without the constraint sum_d y_d = 1, (h_r - y_r) x_i is not the derivative.
    equation = derivation.equation("two-result")
    free_labels = dataclasses.replace(
        equation, cases=symbolic.cases([symbolic.r], symbolic.LOGITS_OF_THETA, labels="free")
    )
    assert core.check_equation(free_labels, derivation.by_key()).status == "failed"


def test_way_two_collected_form_holds_for_any_labels(derivation):
    # Before the constraint is used, the chain holds for labels that do not sum to 1.
    equation = derivation.equation("two-chain")
    assert all(symbolic.y[symbolic.CLASSES] not in case for case in equation.cases)
    assert core.check_equation(equation, derivation.by_key()).status == "proved"


def test_way_one_wrong_case_fails(derivation):
    # Swapping the two cases of dh_{c*}/dh_hat_r must be caught.
    equation = derivation.equation("one-dh-dlogit")
    (first, _), (second, _) = equation.forms[0].args
    swapped = symbolic.by_case(second, first)
    broken = dataclasses.replace(equation, forms=[swapped])
    assert core.check_equation(broken, derivation.by_key()).status == "failed"


def test_batch_needs_labels_summing_to_one(derivation):
    batch = derivation.batch()
    compared, mismatches = dataclasses.replace(batch, given={}).run()
    assert compared == symbolic.N_FEATURES * symbolic.CLASSES
    assert mismatches


def test_symbolic_case_gives_every_logit_its_value():
    # Logits in theta replace every h_hat_k; logits that are the symbols
    # h_hat_k themselves leave them in place.
    in_theta = symbolic.case({symbolic.r: 1}, symbolic.LOGITS_OF_THETA)
    for k in symbolic.CLASS_RANGE:
        assert in_theta[symbolic.h_hat[k]] == symbolic.LOGITS_OF_THETA[k - 1]
    in_symbols = symbolic.case({symbolic.r: 1}, symbolic.LOGIT_SYMBOLS)
    assert in_symbols[symbolic.h_hat[symbolic.r]] == symbolic.h_hat[1]
    for k in (2, 3):
        assert symbolic.h_hat[k] not in in_symbols


def test_symbolic_logit_is_column_of_x_theta():
    # The page prints the logit as a sum over j from 1 to m; at m = 3 it must
    # be the entry of column k of the row x times theta.
    import sympy as sp

    from derivlib.symbolic.notation import m, theta, x

    for k in (1, 2):
        expected = sum(x[j] * theta[j, k] for j in range(1, 4))
        assert sp.expand(symbolic.logit(k).subs(m, 3).doit() - expected) == 0


@pytest.mark.parametrize("function", ["predict_proba", "predict", "per_sample_gradient"])
def test_nan_feature_rejected_outside_loss(data, function):
    # Only loss_and_gradient defers the scan of X; the other entry points scan first.
    X, ids, theta = data
    X[3, 2] = np.nan
    arguments = (X, theta) if function.startswith("predict") else (X, ids, theta)
    with pytest.raises(ValueError, match=r"X contains nan at index \(3, 2\)"):
        getattr(softmax_regression, function)(*arguments)
