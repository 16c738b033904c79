"""The two-layer network with sigmoid units and the squared error, derived with SymPy.

The per-sample steps are checked at concrete sizes (see ``two_layer``). The
NumPy implementation is ``derivlib.sigmoid_network``; the page is
models/sigmoid-network.
"""

from functools import cache

import numpy as np
import sympy as sp

from .. import gradcheck
from .. import sigmoid_network as numeric
from . import core
from .concrete import to_array
from .core import Equation, Matrix, Notation, OneMinus, hadamard
from .functions import sigmoid
from .two_layer import (
    LayerSum, Network, batch_forward, batch_loss, batch_matrices, checked_step, d,
    hidden_logit, hidden_term, output_logit, output_term, ordered_product, ordered_sum,
    c, h, h_hat, i, r, s, v, w, x, y, z, z_hat,
)

MODEL = "sigmoid-network"
BATCH_OUTPUTS = 3  # c in the batch check


def sigmoid_output(k, logit, classes):
    return sigmoid(logit(k))


NETWORK = Network(
    hidden_activation=sigmoid,
    output_activation=sigmoid_output,
    loss=sp.Rational(1, 2) * LayerSum(ordered_sum(h(d), -y(d)) ** 2, (d, 1, c)),
)


def error(index=r):
    """Return h - y at ``index``, printed in that order."""
    return ordered_sum(h(index), -y(index))


def sigmoid_slope(unit):
    """Return u (1 - u) for an activation u such as h_r: the sigmoid's derivative."""
    return ordered_product(unit, 1 - unit)


def definitions():
    """Return the forward pass and the loss of one sample."""
    return [
        Equation(f"{MODEL}.hidden-logit", r"\hat{z}_{s}", [hidden_logit()], kind="definition"),
        Equation(f"{MODEL}.hidden", "z_{s}", [sigmoid(z_hat(s))], kind="definition"),
        Equation(f"{MODEL}.output-logit", r"\hat{h}_{r}", [output_logit()], kind="definition"),
        Equation(f"{MODEL}.output", "h_{r}", [sigmoid(h_hat(r))], kind="definition"),
        Equation(f"{MODEL}.loss", "L", [NETWORK.loss], kind="definition"),
    ]


def output_layer_steps():
    """Return the steps from the loss to dL/dv_sr, through the output-layer term."""
    loss = NETWORK.loss
    dl_dh = checked_step(
        NETWORK, f"{MODEL}.dl-dh", r"\frac{\partial L}{\partial h_{r}}", [error()],
        expression=loss, variable=h(r), free=(h,),
    )
    dh_dlogit = checked_step(
        NETWORK, f"{MODEL}.dh-dlogit", r"\frac{\partial h_{r}}{\partial \hat{h}_{r}}",
        [sigmoid_slope(h(r))],
        expression=sigmoid(h_hat(r)), variable=h_hat(r), free=(h_hat,),
    )
    term = checked_step(
        NETWORK, f"{MODEL}.output-term",
        r"\delta^{\mathrm{out}}_{r} = \frac{\partial L}{\partial \hat{h}_{r}}",
        [
            Notation(
                r"\frac{\partial L}{\partial h_{r}} \cdot \frac{\partial h_{r}}{\partial \hat{h}_{r}}"
            ),
            ordered_product(error(), sigmoid_slope(h(r))),
        ],
        expression=loss, variable=h_hat(r), free=(h_hat,), factors=(dl_dh, dh_dlogit),
    )
    dlogit_dv = checked_step(
        NETWORK, f"{MODEL}.dlogit-dv", r"\frac{\partial \hat{h}_{r}}{\partial v_{sr}}", [z(s)],
        expression=output_logit(), variable=v(s, r), free=(z,),
    )
    dv = checked_step(
        NETWORK, f"{MODEL}.dv", r"\frac{\partial L}{\partial v_{sr}}",
        [
            Notation(
                r"\frac{\partial L}{\partial \hat{h}_{r}} \cdot \frac{\partial \hat{h}_{r}}{\partial v_{sr}}"
            ),
            ordered_product(output_term(r), z(s)),
            ordered_product(error(), sigmoid_slope(h(r)), z(s)),
        ],
        expression=loss, variable=v(s, r), free=(z,), factors=(term, dlogit_dv),
    )
    return [dl_dh, dh_dlogit, term, dlogit_dv, dv]


def hidden_layer_steps():
    """Return the steps from the output-layer term to dL/dw_is, through the hidden-layer term."""
    loss = NETWORK.loss
    back = LayerSum(ordered_product(output_term(r), v(s, r)), (r, 1, c))
    back_explicit = LayerSum(
        ordered_product(error(), sigmoid_slope(h(r)), v(s, r)), (r, 1, c)
    )
    dlogit_dz = checked_step(
        NETWORK, f"{MODEL}.dlogit-dz", r"\frac{\partial \hat{h}_{r}}{\partial z_{s}}", [v(s, r)],
        expression=output_logit(), variable=z(s), free=(z,),
    )
    dz_dlogit = checked_step(
        NETWORK, f"{MODEL}.dz-dlogit", r"\frac{\partial z_{s}}{\partial \hat{z}_{s}}",
        [sigmoid_slope(z(s))],
        expression=sigmoid(z_hat(s)), variable=z_hat(s), free=(z_hat,),
    )
    term = checked_step(
        NETWORK, f"{MODEL}.hidden-term",
        r"\delta^{\mathrm{hid}}_{s} = \frac{\partial L}{\partial \hat{z}_{s}}",
        [
            Notation(
                r"\sum_{r=1}^{c} \frac{\partial L}{\partial \hat{h}_{r}}"
                r" \cdot \frac{\partial \hat{h}_{r}}{\partial z_{s}}"
                r" \cdot \frac{\partial z_{s}}{\partial \hat{z}_{s}}"
            ),
            ordered_product(back, sigmoid_slope(z(s))),
            ordered_product(back_explicit, sigmoid_slope(z(s))),
        ],
        expression=loss, variable=z_hat(s), free=(z_hat,),
    )
    dzlogit_dw = checked_step(
        NETWORK, f"{MODEL}.dzlogit-dw", r"\frac{\partial \hat{z}_{s}}{\partial w_{is}}", [x(i)],
        expression=hidden_logit(), variable=w(i, s), free=(),
    )
    dw = checked_step(
        NETWORK, f"{MODEL}.dw", r"\frac{\partial L}{\partial w_{is}}",
        [
            Notation(
                r"\frac{\partial L}{\partial \hat{z}_{s}} \cdot \frac{\partial \hat{z}_{s}}{\partial w_{is}}"
            ),
            ordered_product(hidden_term(s), x(i)),
            ordered_product(back, sigmoid_slope(z(s)), x(i)),
        ],
        expression=loss, variable=w(i, s), free=(), factors=(term, dzlogit_dw),
    )
    return [dlogit_dz, dz_dlogit, term, dzlogit_dw, dw]


def matrices():
    """Return the matrix nodes of the batch formulas."""
    names = {
        "X": "X", "Y": "Y", "V": "V", "Z": "Z", "H": "H",
        "output_term": r"\Delta^{\mathrm{out}}", "hidden_term": r"\Delta^{\mathrm{hid}}",
    }
    return {key: Matrix(key, tex) for key, tex in names.items()}


@cache
def derivation():
    """Build the derivation of the sigmoid network: equations and checks."""
    M = matrices()
    output_formula = hadamard(M["H"] - M["Y"], M["H"], OneMinus(M["H"]))
    hidden_formula = hadamard(M["output_term"] @ M["V"].T, M["Z"], OneMinus(M["Z"]))
    batch_v = Equation(
        f"{MODEL}.batch-v", r"\nabla_V L",
        [M["Z"].T @ M["output_term"], M["Z"].T @ output_formula], kind="batch",
    )
    batch_w = Equation(
        f"{MODEL}.batch-w", r"\nabla_W L",
        [M["X"].T @ M["hidden_term"], M["X"].T @ hidden_formula], kind="batch",
    )
    equations = [
        *definitions(),
        *output_layer_steps(),
        *hidden_layer_steps(),
        Equation(f"{MODEL}.output-term-batch", r"\Delta^{\mathrm{out}}", [output_formula], kind="definition"),
        batch_v,
        Equation(f"{MODEL}.hidden-term-batch", r"\Delta^{\mathrm{hid}}", [hidden_formula], kind="definition"),
        batch_w,
    ]

    def batch():
        X, W, V, Y = batch_matrices(BATCH_OUTPUTS)
        Z_hat, Z, _, H = batch_forward(NETWORK, X, W, V)
        env = {"X": X, "W": W, "V": V, "Y": Y, "Z": Z, "H": H}
        env["output_term"] = output_formula.evaluate(env)
        env["hidden_term"] = hidden_formula.evaluate(env)
        return core.BatchCheck(
            loss=batch_loss(NETWORK, H, Y),
            parameters={"W": W, "V": V},
            gradients={"W": batch_w, "V": batch_v},
            env=env,
        )

    def numpy_point(rng):
        X, W, V, Y = batch_matrices(BATCH_OUTPUTS)
        values = {symbol: rng.uniform(-2, 2) for symbol in [*X, *W, *V]}
        values.update({symbol: rng.uniform(0, 1) for symbol in Y})
        return values

    def numpy_evaluate(values):
        X, W, V, Y = (to_array(matrix, values) for matrix in batch_matrices(BATCH_OUTPUTS))
        loss, (dW, dV) = numeric.loss_and_gradient(X, Y, W, V)
        return loss, {"W": dW, "V": dV}

    return core.Derivation(
        MODEL, "Two-layer sigmoid network, squared error", equations,
        batch, numpy_point, numpy_evaluate, finite_differences,
    )


def finite_differences(rng):
    """Check both NumPy gradients against centred differences on a random batch."""
    X = np.hstack([np.ones((20, 1)), rng.standard_normal((20, 3))])
    Y = rng.uniform(0, 1, (20, 3))
    W, V = numeric.init_parameters(4, 5, 3, 1.0, rng)

    def by_w(W_):
        loss, (dW, _) = numeric.loss_and_gradient(X, Y, W_, V)
        return loss, dW

    def by_v(V_):
        loss, (_, dV) = numeric.loss_and_gradient(X, Y, W, V_)
        return loss, dV

    return [
        ("W, n=20, m=4, b=5, c=3", gradcheck.check_gradient(by_w, W)),
        ("V, n=20, m=4, b=5, c=3", gradcheck.check_gradient(by_v, V)),
    ]
