"""Dropout: the expected activation of both scalings, and the network gradient with a fixed mask.

The expectations and variances are checked against ``sympy.stats`` with
xi ~ Bernoulli(p), an independent computation of the same moments. Each
expectation's last form is the test-time value of its scaling, so the check
also proves that training and testing agree on average.

The batch check is the gradient of the ReLU/softmax network whose hidden
activations are multiplied by a fixed mask M (n, b) of symbols, against the
vectorized formulas with M in the forward and in the backward pass. A mask
of one row shared by every sample is the special case of equal rows. The
NumPy implementation is ``derivlib.dropout`` (the masks) with the networks'
``dropout_mask`` argument; the page is models/dropout.
"""

from functools import cache

import numpy as np
import sympy as sp
from sympy import stats

from .. import gradcheck, sigmoid_network
from .. import relu_softmax_network as network
from ..dropout import Dropout
from . import core
from . import relu_softmax_network as network_derivation
from .concrete import matrix_of_symbols, to_array
from .core import Elementwise, Equation, Matrix, hadamard
from .functions import relu, step
from .two_layer import batch_loss, ordered_product, ordered_sum, sum_to_one

MODEL = "dropout"

keep = sp.Symbol("p", positive=True)
z = sp.Symbol("z", real=True)
xi = sp.Symbol(r"\xi", nonnegative=True)
mask_entry = sp.Symbol(r"\mu_{s}", real=True)
hidden_logit = sp.Symbol(r"\hat{z}_{s}", real=True)

# The keep variable xi of sympy.stats: 1 with probability p, else 0.
KEPT = stats.Bernoulli("xi", keep)

# The sizes of the batch check: n samples, m features, b hidden units, c classes.
SAMPLES, FEATURES, HIDDEN, OUTPUTS = 3, 2, 2, 3


def expectation(kept, dropped):
    """Write E[z~] = p kept + (1 - p) dropped, unevaluated and in that order."""
    return ordered_sum(ordered_product(keep, kept), ordered_product(1 - keep, dropped))


def scaling_equations(name, tex, training_factor, test_expression):
    """Return the training value, test value, expectation and variance of one scaling.

    ``training_factor`` multiplies z when the unit is kept (1/p or 1), and
    ``test_expression`` is the value at test time (z or p z), which is also
    the expectation that the checks prove.
    """
    kept_value = ordered_product(training_factor, z) if training_factor != 1 else z
    training = Equation(
        f"{MODEL}.{name}-train", rf"\tilde{{z}}_{{\mathrm{{{tex}}}}}",
        [ordered_product(xi * training_factor, z) if training_factor != 1 else ordered_product(xi, z)],
        kind="definition",
    )
    test = Equation(
        f"{MODEL}.{name}-test", rf"z^{{\mathrm{{test}}}}_{{\mathrm{{{tex}}}}}", [test_expression],
        kind="definition",
    )
    # The last form names the test-time value; ``given`` replaces it by its definition.
    test_value = sp.Symbol(rf"z^{{\mathrm{{test}}}}_{{\mathrm{{{tex}}}}}", real=True)
    expected = Equation(
        f"{MODEL}.{name}-expectation", rf"\mathbb{{E}}\left[\tilde{{z}}_{{\mathrm{{{tex}}}}}\right]",
        [expectation(kept_value, sp.Integer(0)), test_expression, test_value],
        reference=stats.E(KEPT * training_factor * z),
        given={test_value: test_expression},
    )
    variance = Equation(
        f"{MODEL}.{name}-variance", rf"\operatorname{{Var}}\left[\tilde{{z}}_{{\mathrm{{{tex}}}}}\right]",
        [ordered_product(keep * (1 - keep) * training_factor**2, z**2)],
        reference=stats.variance(KEPT * training_factor * z),
    )
    return [training, test, expected, variance]


def masked_activation_equations():
    """Return the masked hidden activation of one unit and its derivative."""
    masked = ordered_product(mask_entry, relu(hidden_logit))
    return [
        Equation(f"{MODEL}.masked-unit", r"\tilde{z}_{s}", [masked], kind="definition"),
        Equation(
            f"{MODEL}.dmasked-dlogit", r"\frac{\partial \tilde{z}_{s}}{\partial \hat{z}_{s}}",
            [ordered_product(mask_entry, step(hidden_logit))],
            reference=sp.diff(mask_entry * relu(hidden_logit), hidden_logit),
        ),
    ]


def nodes():
    """Return the matrix nodes of the batch formulas."""
    names = {
        "X": "X", "Y": "Y", "V": "V", "Z": "Z", "M": "M", "Z_hat": r"\hat{Z}", "H": "H",
        "Z_masked": r"\tilde{Z}",
        "output_term": r"\Delta^{\mathrm{out}}", "hidden_term": r"\Delta^{\mathrm{hid}}",
    }
    return {key: Matrix(key, tex) for key, tex in names.items()}


def batch_equations():
    """Return the masked forward pass and the two gradients with the mask held fixed."""
    N = nodes()
    masked = hadamard(N["Z"], N["M"])
    output_formula = N["H"] - N["Y"]
    hidden_formula = hadamard(N["output_term"] @ N["V"].T, N["M"], Elementwise(step, N["Z_hat"]))
    return [
        Equation(f"{MODEL}.masked-hidden", r"\tilde{Z}", [masked], kind="definition"),
        Equation(f"{MODEL}.output-term", r"\Delta^{\mathrm{out}}", [output_formula], kind="definition"),
        Equation(
            f"{MODEL}.batch-v", r"\nabla_V L",
            [N["Z_masked"].T @ N["output_term"], masked.T @ output_formula], kind="batch",
        ),
        Equation(f"{MODEL}.hidden-term", r"\Delta^{\mathrm{hid}}", [hidden_formula], kind="definition"),
        Equation(
            f"{MODEL}.batch-w", r"\nabla_W L",
            [N["X"].T @ N["hidden_term"], N["X"].T @ hidden_formula], kind="batch",
        ),
    ]


def batch_matrices():
    """Return X (n, m), W (m, b), V (b, c), Y (n, c) and the mask M (n, b) as matrices of symbols."""
    return (
        matrix_of_symbols("x", SAMPLES, FEATURES),
        matrix_of_symbols("w", FEATURES, HIDDEN),
        matrix_of_symbols("v", HIDDEN, OUTPUTS),
        matrix_of_symbols("y", SAMPLES, OUTPUTS),
        matrix_of_symbols("mu", SAMPLES, HIDDEN),
    )


def masked_forward(X, W, V, M):
    """Return Z_hat, Z, Z~ = Z o M and H = softmax(Z~ V) for matrices of symbols."""
    Z_hat = X * W
    Z = Z_hat.applyfunc(relu)
    Z_masked = Z.multiply_elementwise(M)
    H_hat = Z_masked * V
    H = sp.Matrix(
        H_hat.rows, OUTPUTS,
        lambda row, column: network_derivation.softmax_output(
            column + 1, lambda k: H_hat[row, k - 1], OUTPUTS
        ),
    )
    return Z_hat, Z, Z_masked, H


@cache
def derivation():
    """Build the derivation of dropout: expectations, variances and the masked network gradient."""
    batch_eqs = batch_equations()
    equations = [
        *scaling_equations("inverted", "inv", 1 / keep, z),
        *scaling_equations("classic", "cl", sp.Integer(1), ordered_product(keep, z)),
        *masked_activation_equations(),
        *batch_eqs,
    ]
    by_key = {equation.key: equation for equation in batch_eqs}
    output_formula = by_key[f"{MODEL}.output-term"].forms[0]
    hidden_formula = by_key[f"{MODEL}.hidden-term"].forms[0]

    def batch():
        X, W, V, Y, M = batch_matrices()
        Z_hat, Z, Z_masked, H = masked_forward(X, W, V, M)
        env = {"X": X, "W": W, "V": V, "Y": Y, "M": M, "Z_hat": Z_hat, "Z": Z, "Z_masked": Z_masked, "H": H}
        env["output_term"] = output_formula.evaluate(env)
        env["hidden_term"] = hidden_formula.evaluate(env)
        # Each sample's labels sum to 1, as in the network's own batch check.
        return core.BatchCheck(
            loss=batch_loss(network_derivation.NETWORK, H, Y),
            parameters={"W": W, "V": V},
            gradients={"W": by_key[f"{MODEL}.batch-w"], "V": by_key[f"{MODEL}.batch-v"]},
            env=env,
            given=sum_to_one(Y),
        )

    def numpy_point(rng):
        X, W, V, Y, M = batch_matrices()
        values = {symbol: rng.uniform(-2, 2) for symbol in [*X, *W, *V]}
        # Any fixed mask will do: the formulas hold for every M, not only for 0 and 1/p.
        values.update({symbol: rng.uniform(0, 2) for symbol in M})
        for row in range(Y.rows):
            label = rng.randrange(OUTPUTS)
            values.update({Y[row, k]: float(k == label) for k in range(OUTPUTS)})
        return values

    def numpy_evaluate(values):
        X, W, V, Y, M = (to_array(matrix, values) for matrix in batch_matrices())
        loss, (dW, dV) = network.loss_and_gradient(X, Y, W, V, dropout_mask=M)
        return loss, {"W": dW, "V": dV}

    return core.Derivation(
        MODEL, "Dropout", equations, batch, numpy_point, numpy_evaluate, finite_differences,
    )


# --- Finite differences -------------------------------------------------------

KEEP_PROBABILITY = 0.6  # p of the masks in the finite-difference checks


def training_mask(rng, dropout, shape):
    """Draw a training mask that keeps at least one unit and drops at least one."""
    for _ in range(100):
        mask = dropout.mask(rng, shape, training=True)
        if mask.min() == 0 and mask.max() > 0:
            return mask
    raise RuntimeError(f"no mask of shape {shape} both kept and dropped a unit in 100 draws")


def finite_differences(rng):
    """Check the gradients with a fixed mask against centred differences with that same mask."""
    n, m, b, c = 20, 4, 5, 3
    X, W, V = network_derivation.away_from_kinks(rng, n, m, b, c)
    ids = rng.integers(0, c, size=n)
    targets = rng.uniform(0, 1, size=(n, c))
    cases = [
        ("ReLU/softmax, element mask", network.loss_and_gradient, ids, "element"),
        ("ReLU/softmax, neuron mask", network.loss_and_gradient, ids, "neuron"),
        ("sigmoid, element mask", sigmoid_network.loss_and_gradient, targets, "element"),
    ]
    checks = []
    for label, function, y, style in cases:
        mask = training_mask(rng, Dropout(KEEP_PROBABILITY, style=style), (n, b))

        def by_w(W_, function=function, y=y, mask=mask):
            loss, (dW, _) = function(X, y, W_, V, dropout_mask=mask)
            return loss, dW

        def by_v(V_, function=function, y=y, mask=mask):
            loss, (_, dV) = function(X, y, W, V_, dropout_mask=mask)
            return loss, dV

        checks.append((f"{label}, W", gradcheck.check_gradient(by_w, W)))
        checks.append((f"{label}, V", gradcheck.check_gradient(by_v, V)))
    return checks
