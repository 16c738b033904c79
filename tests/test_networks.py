"""Both two-layer networks: gradients, shapes, the dropout mask, ReLU's kink, and bad input."""

import numpy as np
import pytest
import sympy as sp

from derivlib import functions, gradcheck, relu_softmax_network, sigmoid_network
from derivlib.symbolic import functions as symbolic_functions

NETWORKS = {"sigmoid": sigmoid_network, "relu-softmax": relu_softmax_network}

N, M, B, C = 30, 4, 5, 3
# Finite differences move X W by about the step (1e-6) times |x|; at every
# check point each |X W| is at least this far from ReLU's kink at 0.
KINK_MARGIN = 1e-2


def draw(network, seed, scale=1.0):
    """Return X (N, M) with a bias column, targets, W (M, B) and V (B, C) away from ReLU's kink."""
    rng = np.random.default_rng(seed)
    X = np.hstack([np.ones((N, 1)), rng.standard_normal((N, M - 1))])
    if network is sigmoid_network:
        Y = rng.uniform(0, 1, (N, C))
    else:
        Y = np.eye(C)[rng.integers(0, C, size=N)]
    for _ in range(100):
        W, V = network.init_parameters(M, B, C, scale, rng)
        if np.min(np.abs(X @ W)) >= KINK_MARGIN:
            return X, Y, W, V
    raise RuntimeError("no draw of W stayed away from the kink")


def by_w(network, X, Y, V, **options):
    def loss_and_dW(W):
        loss, (dW, _) = network.loss_and_gradient(X, Y, W, V, **options)
        return loss, dW

    return loss_and_dW


def by_v(network, X, Y, W, **options):
    def loss_and_dV(V):
        loss, (_, dV) = network.loss_and_gradient(X, Y, W, V, **options)
        return loss, dV

    return loss_and_dV


# --- Gradients -----------------------------------------------------------------


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_by_w_matches_finite_differences(name, seed):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, seed)
    check = gradcheck.check_gradient(by_w(network, X, Y, V), W)
    assert check.passed, check.report()


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_by_v_matches_finite_differences(name, seed):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, seed)
    check = gradcheck.check_gradient(by_v(network, X, Y, W), V)
    assert check.passed, check.report()


@pytest.mark.parametrize("name", NETWORKS)
def test_gradient_matches_per_sample_form(name):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 3)
    _, (dW, dV) = network.loss_and_gradient(X, Y, W, V)
    per_sample_W, per_sample_V = network.per_sample_gradient(X, Y, W, V)
    np.testing.assert_allclose(dW, per_sample_W, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dV, per_sample_V, rtol=1e-12, atol=1e-14)


def test_sigmoid_loss_matches_textbook_form():
    X, Y, W, V = draw(sigmoid_network, 4)
    H = 1 / (1 + np.exp(-(1 / (1 + np.exp(-(X @ W))) @ V)))
    loss, _ = sigmoid_network.loss_and_gradient(X, Y, W, V)
    assert loss == pytest.approx(0.5 * np.sum((H - Y) ** 2), rel=1e-12)


def test_relu_softmax_loss_matches_textbook_form():
    X, Y, W, V = draw(relu_softmax_network, 4)
    H_hat = np.maximum(X @ W, 0) @ V
    H = np.exp(H_hat) / np.exp(H_hat).sum(axis=1, keepdims=True)
    loss, _ = relu_softmax_network.loss_and_gradient(X, Y, W, V)
    assert loss == pytest.approx(-np.sum(Y * np.log(H)), rel=1e-12)


@pytest.mark.parametrize("name", NETWORKS)
def test_gradient_shapes_match_parameters(name):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 5)
    _, (dW, dV) = network.loss_and_gradient(X, Y, W, V)
    assert dW.shape == (M, B)
    assert dV.shape == (B, C)


@pytest.mark.parametrize("name", NETWORKS)
def test_forward_shapes(name):
    network = NETWORKS[name]
    X, _, W, V = draw(network, 5)
    result = network.forward(X, W, V)
    assert result.Z_hat.shape == (N, B)
    assert result.Z.shape == (N, B)
    assert result.Z_masked.shape == (N, B)
    assert result.H_hat.shape == (N, C)
    assert result.H.shape == (N, C)
    assert result.mask is None


@pytest.mark.parametrize("name", NETWORKS)
def test_gradient_sums_over_batch(name):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 6)
    loss, (dW, dV) = network.loss_and_gradient(X, Y, W, V)
    first = network.loss_and_gradient(X[:10], Y[:10], W, V)
    rest = network.loss_and_gradient(X[10:], Y[10:], W, V)
    assert loss == pytest.approx(first[0] + rest[0], rel=1e-12)
    np.testing.assert_allclose(dW, first[1][0] + rest[1][0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dV, first[1][1] + rest[1][1], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", NETWORKS)
def test_float32_stays_float32(name):
    network = NETWORKS[name]
    X, Y, W, V = (array.astype(np.float32) for array in draw(network, 7))
    loss, (dW, dV) = network.loss_and_gradient(X, Y, W, V)
    assert isinstance(loss, float)
    assert dW.dtype == np.float32
    assert dV.dtype == np.float32
    assert network.forward(X, W, V).H.dtype == np.float32


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("logit", [1e3, 1e4])
def test_large_logits_stay_finite(name, logit):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 8)
    loss, (dW, dV) = network.loss_and_gradient(X, Y, logit * W, logit * V)
    assert np.isfinite(loss)
    assert np.isfinite(dW).all()
    assert np.isfinite(dV).all()


# --- The dropout mask ----------------------------------------------------------


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("shape", [(N, B), (1, B)])
def test_mask_of_ones_changes_nothing(name, shape):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 9)
    loss, (dW, dV) = network.loss_and_gradient(X, Y, W, V)
    masked_loss, (masked_dW, masked_dV) = network.loss_and_gradient(
        X, Y, W, V, dropout_mask=np.ones(shape)
    )
    assert masked_loss == loss
    np.testing.assert_array_equal(masked_dW, dW)
    np.testing.assert_array_equal(masked_dV, dV)


@pytest.mark.parametrize("name", NETWORKS)
def test_mask_gradient_matches_finite_differences(name):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 10)
    rng = np.random.default_rng(10)
    mask = (rng.random((N, B)) < 0.7) / 0.7  # inverted dropout with keep probability 0.7
    check_w = gradcheck.check_gradient(by_w(network, X, Y, V, dropout_mask=mask), W)
    check_v = gradcheck.check_gradient(by_v(network, X, Y, W, dropout_mask=mask), V)
    assert check_w.passed, check_w.report()
    assert check_v.passed, check_v.report()


@pytest.mark.parametrize("name", NETWORKS)
def test_mask_dropping_unit_stops_its_gradient(name):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 11)
    mask = np.ones((1, B))
    mask[0, 2] = 0.0
    _, (dW, dV) = network.loss_and_gradient(X, Y, W, V, dropout_mask=mask)
    assert np.all(dW[:, 2] == 0)
    assert np.all(dV[2, :] == 0)
    assert np.any(dW[:, 1] != 0)


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("shape", [(N, B + 1), (2, B), (B,), (N, B, 1)])
def test_mask_of_wrong_shape_rejected(name, shape):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 12)
    with pytest.raises(ValueError, match=r"dropout_mask has shape .*; expected \(30, 5\)"):
        network.loss_and_gradient(X, Y, W, V, dropout_mask=np.ones(shape))


@pytest.mark.parametrize("name", NETWORKS)
def test_mask_with_nan_rejected(name):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 12)
    mask = np.ones((N, B))
    mask[3, 1] = np.nan
    with pytest.raises(ValueError, match="dropout_mask contains nan at index"):
        network.loss_and_gradient(X, Y, W, V, dropout_mask=mask)


# --- ReLU's kink -----------------------------------------------------------------


def test_relu_derivative_at_zero_is_zero():
    assert functions.relu_derivative(np.array([0.0])).tolist() == [0.0]
    assert functions.relu_derivative(np.array([-1e-300, 1e-300])).tolist() == [0.0, 1.0]


def test_symbolic_relu_derivative_at_zero_is_zero():
    z = sp.Symbol("z", real=True)
    derivative = symbolic_functions.relu(z).diff(z)
    assert derivative == symbolic_functions.step(z)
    assert derivative.subs(z, 0) == 0


def test_unit_at_kink_passes_no_gradient():
    # Unit 0 has X W = 0 exactly for the single sample, so it counts as inactive.
    X = np.array([[1.0, 2.0]])
    W = np.array([[2.0, 1.0], [-1.0, 0.5]])
    V = np.array([[1.0, -1.0], [0.5, 2.0]])
    _, (dW, _) = relu_softmax_network.loss_and_gradient(X, np.array([0]), W, V)
    assert relu_softmax_network.forward(X, W, V).Z_hat[0, 0] == 0.0
    assert dW[:, 0].tolist() == [0.0, 0.0]
    assert np.all(dW[:, 1] != 0)


# --- Predictions -------------------------------------------------------------------


def test_relu_softmax_probabilities_sum_to_one():
    X, _, W, V = draw(relu_softmax_network, 13)
    H = relu_softmax_network.predict_proba(X, W, V)
    np.testing.assert_allclose(H.sum(axis=1), 1.0, rtol=1e-12)


@pytest.mark.parametrize(
    "network, predict",
    [
        (sigmoid_network, sigmoid_network.predict_class),
        (relu_softmax_network, relu_softmax_network.predict),
    ],
    ids=["sigmoid", "relu-softmax"],
)
def test_predicted_class_is_largest_output(network, predict):
    X, _, W, V = draw(network, 14)
    expected = np.argmax(network.forward(X, W, V).H, axis=1)
    np.testing.assert_array_equal(predict(X, W, V), expected)


def test_sigmoid_outputs_lie_in_unit_interval():
    X, _, W, V = draw(sigmoid_network, 15)
    H = sigmoid_network.predict(X, W, V)
    assert np.all((H > 0) & (H < 1))


# --- Labels and targets -------------------------------------------------------------


@pytest.mark.parametrize("name", NETWORKS)
def test_class_ids_match_one_hot(name):
    network = NETWORKS[name]
    X, _, W, V = draw(network, 16)
    ids = np.random.default_rng(16).integers(0, C, size=N)
    loss_ids, (dW_ids, dV_ids) = network.loss_and_gradient(X, ids, W, V)
    loss_hot, (dW_hot, dV_hot) = network.loss_and_gradient(X, np.eye(C)[ids], W, V)
    assert loss_ids == loss_hot
    np.testing.assert_array_equal(dW_ids, dW_hot)
    np.testing.assert_array_equal(dV_ids, dV_hot)


def test_sigmoid_single_output_reads_1d_targets_as_column():
    X, Y, W, V = draw(sigmoid_network, 17)
    V = V[:, :1]
    targets = Y[:, 0]
    loss_1d, (dW_1d, dV_1d) = sigmoid_network.loss_and_gradient(X, targets, W, V)
    loss_2d, (dW_2d, dV_2d) = sigmoid_network.loss_and_gradient(X, targets[:, None], W, V)
    assert loss_1d == loss_2d
    assert dV_1d.shape == (B, 1)
    np.testing.assert_array_equal(dW_1d, dW_2d)
    np.testing.assert_array_equal(dV_1d, dV_2d)


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_sigmoid_targets_outside_unit_interval_rejected(value):
    X, Y, W, V = draw(sigmoid_network, 18)
    Y[4, 2] = value
    with pytest.raises(ValueError, match=rf"Y contains {value} at index \(4, 2\); targets must lie in \[0, 1\]"):
        sigmoid_network.loss_and_gradient(X, Y, W, V)


def test_sigmoid_targets_of_wrong_shape_rejected():
    X, Y, W, V = draw(sigmoid_network, 19)
    with pytest.raises(ValueError, match=r"Y has shape \(30, 2\); expected \(30, 3\)"):
        sigmoid_network.loss_and_gradient(X, Y[:, :2], W, V)


@pytest.mark.parametrize("name", NETWORKS)
def test_float_class_ids_rejected(name):
    network = NETWORKS[name]
    X, _, W, V = draw(network, 20)
    with pytest.raises(ValueError, match="1-D labels are class ids and must be integers"):
        network.loss_and_gradient(X, np.zeros(N), W, V)


@pytest.mark.parametrize("name", NETWORKS)
def test_class_id_out_of_range_rejected(name):
    network = NETWORKS[name]
    X, _, W, V = draw(network, 21)
    ids = np.zeros(N, dtype=int)
    ids[7] = C
    with pytest.raises(ValueError, match=r"Y\[7\] is 3; class ids must be in 0..2, with c = 3 = V.shape\[1\]"):
        network.loss_and_gradient(X, ids, W, V)


def test_relu_softmax_soft_labels_rejected():
    X, Y, W, V = draw(relu_softmax_network, 22)
    Y[0] = [0.5, 0.5, 0.0]
    with pytest.raises(ValueError, match=r"row 0 of Y is \[0.5, 0.5, 0.0\]; a one-hot row"):
        relu_softmax_network.loss_and_gradient(X, Y, W, V)


@pytest.mark.parametrize("name", NETWORKS)
def test_labels_with_wrong_rows_rejected(name):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 23)
    with pytest.raises(ValueError, match="29"):
        network.loss_and_gradient(X, Y[:-1], W, V)


# --- Inputs and parameters -----------------------------------------------------------


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize(
    "argument, shape, message",
    [
        ("W", (M + 1, B), r"W has shape \(5, 5\); expected \(4, k\), with 4 = X.shape\[1\] rows"),
        ("W", (M * B,), r"W has shape \(20,\); expected the 2-D shape \(4, k\)"),
        ("V", (B + 1, C), r"V has shape \(6, 3\); expected \(5, k\), with 5 = W.shape\[1\] rows"),
        ("V", (B,), r"V has shape \(5,\); expected the 2-D shape \(5, k\)"),
    ],
)
def test_parameters_of_wrong_shape_rejected(name, argument, shape, message):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 24)
    arrays = {"W": W, "V": V}
    arrays[argument] = np.ones(shape)
    with pytest.raises(ValueError, match=message):
        network.loss_and_gradient(X, Y, arrays["W"], arrays["V"])


@pytest.mark.parametrize("name", NETWORKS)
def test_nan_feature_rejected(name):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 25)
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X contains nan at index \(2, 1\)"):
        network.loss_and_gradient(X, Y, W, V)


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("function", ["forward", "per_sample_gradient"])
def test_nan_feature_rejected_outside_loss(name, function):
    # Only loss_and_gradient defers the scan of X; the other entry points scan first.
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 25)
    X[2, 1] = np.nan
    arguments = (X, W, V) if function == "forward" else (X, Y, W, V)
    with pytest.raises(ValueError, match=r"X contains nan at index \(2, 1\)"):
        getattr(network, function)(*arguments)


# X is scanned for NaN and infinity only when the loss or the sum of dW is not
# finite. Each case below puts the bad entry where the forward pass hides it
# from the loss, so only dW can reveal it.
NON_FINITE_ENTRIES = [("NaN", np.nan, "nan"), ("infinity", np.inf, "inf"), ("minus infinity", -np.inf, "-inf")]


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("label, value, printed", NON_FINITE_ENTRIES, ids=[e[0] for e in NON_FINITE_ENTRIES])
def test_non_finite_feature_rejected(name, label, value, printed):
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 27)
    X[11, 2] = value
    with pytest.raises(ValueError, match=rf"X contains {printed} at index \(11, 2\)"):
        network.loss_and_gradient(X, Y, W, V)


@pytest.mark.parametrize("name", NETWORKS)
@pytest.mark.parametrize("sign", [1, -1], ids=["infinity", "minus infinity"])
def test_infinite_feature_rejected_where_the_loss_stays_finite(name, sign):
    # The weights from feature 2 get the sign opposite to the infinity, so every
    # hidden logit of row 11 is -inf and its unit is 0: the loss stays finite.
    # Only X^T Delta_hid, which multiplies the infinity by 0, reveals it.
    network = NETWORKS[name]
    X, Y, W, V = draw(network, 28)
    W[2] = -sign * np.abs(W[2]) - 0.1
    X[11, 2] = sign * np.inf
    activation = functions.sigmoid if network is sigmoid_network else functions.relu
    with np.errstate(invalid="ignore"):
        hidden = activation(X[11] @ W)
    assert np.all((hidden == 0) | (hidden == 1)), "the case must saturate the hidden layer"
    printed = "inf" if sign > 0 else "-inf"
    with pytest.raises(ValueError, match=rf"X contains {printed} at index \(11, 2\)"):
        network.loss_and_gradient(X, Y, W, V)


@pytest.mark.parametrize("name", NETWORKS)
def test_non_finite_feature_rejected_at_zero_weights(name):
    network = NETWORKS[name]
    X, Y, _, _ = draw(network, 29)
    X[5, 0] = np.nan
    with pytest.raises(ValueError, match=r"X contains nan at index \(5, 0\)"):
        network.loss_and_gradient(X, Y, np.zeros((M, B)), np.zeros((B, C)))


@pytest.mark.parametrize("name", NETWORKS)
def test_empty_batch_rejected(name):
    network = NETWORKS[name]
    _, _, W, V = draw(network, 26)
    with pytest.raises(ValueError, match="the batch is empty"):
        network.loss_and_gradient(np.ones((0, M)), np.zeros((0, C)), W, V)


# --- Initialization --------------------------------------------------------------------


def test_init_parameters_shapes_and_scale():
    W, V = sigmoid_network.init_parameters(40, 30, 20, 0.01, np.random.default_rng(0))
    assert W.shape == (40, 30)
    assert V.shape == (30, 20)
    assert np.std(W) == pytest.approx(0.01, rel=0.1)
    assert np.std(V) == pytest.approx(0.01, rel=0.1)


def test_init_parameters_reproducible():
    first = relu_softmax_network.init_parameters(3, 4, 2, 1.0, np.random.default_rng(5))
    second = relu_softmax_network.init_parameters(3, 4, 2, 1.0, np.random.default_rng(5))
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


@pytest.mark.parametrize(
    "arguments, message",
    [
        ((0, 4, 2, 1.0), "m is 0; it must be a positive integer"),
        ((3, 2.5, 2, 1.0), "b is 2.5; it must be a positive integer"),
        ((3, 4, True, 1.0), "c is True; it must be a positive integer"),
        ((3, 4, 2, -1.0), "scale is -1.0; it must be a finite number of at least 0"),
        ((3, 4, 2, np.inf), "scale is inf; it must be a finite number of at least 0"),
    ],
)
def test_init_parameters_bad_arguments_rejected(arguments, message):
    with pytest.raises(ValueError, match=message):
        sigmoid_network.init_parameters(*arguments, np.random.default_rng(0))


def test_init_parameters_needs_generator():
    with pytest.raises(ValueError, match="rng is a int; pass a numpy.random.Generator"):
        sigmoid_network.init_parameters(3, 4, 2, 1.0, 0)


def test_relu_softmax_network_rejects_one_class():
    from derivlib import relu_softmax_network

    with pytest.raises(ValueError, match=r"V has shape \(5, 1\); the softmax output needs at least 2 classes"):
        relu_softmax_network.loss_and_gradient(np.ones((2, 3)), np.array([0, 0]), np.ones((3, 5)), np.ones((5, 1)))


@pytest.mark.parametrize("seed", range(10))
def test_symbolic_relu_check_point_away_from_kink(seed):
    from derivlib.symbolic.relu_softmax_network import KINK_MARGIN, away_from_kinks

    X, W, _ = away_from_kinks(np.random.default_rng(seed), 20, 4, 5, 3)
    assert np.all(X[:, 0] == 1)
    assert np.min(np.abs(X @ W)) >= KINK_MARGIN


def test_symbolic_network_batch_loss_of_two_rows():
    # Two samples and three outputs, so that rows and columns differ in number.
    import sympy as sp

    from derivlib.symbolic.sigmoid_network import NETWORK
    from derivlib.symbolic.two_layer import batch_loss

    H = sp.Matrix(2, 3, sp.symbols("h0:6", real=True))
    Y = sp.Matrix(2, 3, sp.symbols("y0:6", real=True))
    expected = sum((H[k] - Y[k]) ** 2 for k in range(6)) / 2
    assert sp.expand(batch_loss(NETWORK, H, Y) - expected) == 0


@pytest.mark.parametrize("model", ["sigmoid-network", "relu-softmax-network"])
def test_symbolic_network_steps_cover_every_index_value(model):
    # Each per-sample step is compared once per value of each free index, so a
    # step that is wrong at one index value only cannot pass.
    from itertools import product

    from derivlib.symbolic import derivation
    from derivlib.symbolic.two_layer import INDEX_RANGES

    with_cases = [equation for equation in derivation(model).equations if equation.cases]
    assert with_cases
    for equation in with_cases:
        indices = sorted(equation.cases[0], key=str)
        expected = set(product(*(range(1, INDEX_RANGES[index] + 1) for index in indices)))
        found = [tuple(case[index] for index in indices) for case in equation.cases]
        assert len(found) == len(expected), equation.key
        assert set(found) == expected, equation.key


def test_symbolic_network_hidden_logit_sums_every_feature():
    import sympy as sp

    from derivlib.symbolic.sigmoid_network import NETWORK
    from derivlib.symbolic.two_layer import FEATURES, HIDDEN, STAND_INS, forward_values, h_hat, v, w, x, z, z_hat

    values = forward_values(NETWORK, (), "free")
    X, W, V = STAND_INS[x], STAND_INS[w], STAND_INS[v]
    for k in range(1, HIDDEN + 1):
        expected = sum(X[q] * W[q, k] for q in range(1, FEATURES + 1))
        assert sp.expand(values[z_hat](k) - expected) == 0
    expected_logit = sum(values[z](q) * V[q, 1] for q in range(1, HIDDEN + 1))
    assert sp.expand(values[h_hat](1) - expected_logit) == 0
