"""The two-layer network with a ReLU hidden layer, a softmax output and the cross-entropy.

The output-layer term is derived two ways, as for softmax regression. Way
one keeps only the true class c* of a one-hot label, L = -log h_{c*}, and
treats r = c* and r != c* apart. Way two keeps the sum over all classes d
and goes through the softmax Jacobian. It reaches h_r - y_r once the labels
of the sample sum to 1. From there on both ways share the hidden layer,
where the derivative of ReLU is the step 1[z_hat > 0], taken as 0 at 0.

The per-sample steps are checked at concrete sizes (see ``two_layer``), and
the softmax enters them through ``functions.softmax``, whose derivative rule
keeps every difference polynomial. The NumPy implementation is
``derivlib.relu_softmax_network``; the page is models/relu-softmax-network.
"""

from functools import cache

import numpy as np
import sympy as sp

from .. import gradcheck
from .. import relu_softmax_network as numeric
from . import core
from .concrete import to_array
from .core import Elementwise, Equation, Matrix, Notation, hadamard
from .functions import relu, softmax, step
from .two_layer import (
    LayerSum, Network, batch_forward, batch_loss, batch_matrices, c, c_star, checked_step, d, f,
    h, h_hat, hidden_logit, hidden_term, i, ordered_product, ordered_sum, output_logit,
    output_term, r, s, sum_to_one, v, w, x, y, z, z_hat,
)

MODEL = "relu-softmax-network"
BATCH_OUTPUTS = 3  # c in the batch check


def softmax_output(k, logit, classes):
    return softmax(k, *(logit(q) for q in range(1, classes + 1)))


NETWORK = Network(
    hidden_activation=relu,
    output_activation=softmax_output,
    loss=-LayerSum(ordered_product(y(d), sp.log(h(d))), (d, 1, c)),
)


def error(index=r):
    """Return h - y at ``index``, printed in that order."""
    return ordered_sum(h(index), -y(index))


def by_case(condition, when_equal, otherwise):
    """Return the two cases of a condition such as r = c*, as a Piecewise."""
    return sp.Piecewise((when_equal, condition), (otherwise, True))


def definitions():
    """Return the forward pass and the loss of one sample."""
    return [
        Equation(f"{MODEL}.hidden-logit", r"\hat{z}_{s}", [hidden_logit()], kind="definition"),
        Equation(f"{MODEL}.hidden", "z_{s}", [relu(z_hat(s))], kind="definition"),
        Equation(f"{MODEL}.output-logit", r"\hat{h}_{r}", [output_logit()], kind="definition"),
        Equation(
            f"{MODEL}.output", "h_{r}",
            [
                Notation(r"\operatorname{softmax}(\hat{h})_{r}"),
                sp.exp(h_hat(r)) / LayerSum(sp.exp(h_hat(f)), (f, 1, c)),
            ],
            kind="definition",
        ),
        Equation(f"{MODEL}.loss", "L", [NETWORK.loss], kind="definition"),
    ]


def true_class_steps():
    """Return way one: with a one-hot label only -log h_{c*} is left of the loss."""
    true_h = h(c_star)
    is_true = sp.Eq(r, c_star)
    one_loss = checked_step(
        NETWORK, f"{MODEL}.one-loss", "L", [-sp.log(true_h)],
        expression=NETWORK.loss, variable=None, free=(h,), labels="one-hot",
    )
    dl_dh = checked_step(
        NETWORK, f"{MODEL}.one-dl-dh", r"\frac{\partial L}{\partial h_{c^{*}}}", [-1 / true_h],
        expression=NETWORK.loss, variable=true_h, free=(h,), labels="one-hot",
    )
    dh_dlogit = checked_step(
        NETWORK, f"{MODEL}.one-dh-dlogit", r"\frac{\partial h_{c^{*}}}{\partial \hat{h}_{r}}",
        [
            by_case(
                is_true,
                ordered_product(true_h, 1 - true_h),
                ordered_product(-1, true_h, h(r)),
            )
        ],
        expression=true_h, variable=h_hat(r), free=(h_hat,),
    )
    term = checked_step(
        NETWORK, f"{MODEL}.one-output-term",
        r"\delta^{\mathrm{out}}_{r} = \frac{\partial L}{\partial \hat{h}_{r}}",
        [
            Notation(
                r"\frac{\partial L}{\partial h_{c^{*}}} \cdot"
                r" \frac{\partial h_{c^{*}}}{\partial \hat{h}_{r}}"
            ),
            by_case(is_true, ordered_sum(h(r), -1), h(r)),
            error(),
        ],
        expression=NETWORK.loss, variable=h_hat(r), free=(h_hat,), labels="one-hot",
        factors=(dl_dh, dh_dlogit),
    )
    return [one_loss, dl_dh, dh_dlogit, term]


def all_classes_steps():
    """Return way two: the sum over every class d, through the softmax Jacobian."""
    jacobian = by_case(
        sp.Eq(d, r),
        ordered_product(h(d), 1 - h(d)),
        ordered_product(-1, h(d), h(r)),
    )
    label_total = LayerSum(y(d), (d, 1, c))
    dl_dh = checked_step(
        NETWORK, f"{MODEL}.two-dl-dh", r"\frac{\partial L}{\partial h_{d}}", [-y(d) / h(d)],
        expression=NETWORK.loss, variable=h(d), free=(h,),
    )
    dh_dlogit = checked_step(
        NETWORK, f"{MODEL}.two-dh-dlogit", r"\frac{\partial h_{d}}{\partial \hat{h}_{r}}",
        [jacobian],
        expression=h(d), variable=h_hat(r), free=(h_hat,),
    )
    term = checked_step(
        NETWORK, f"{MODEL}.two-output-term",
        r"\delta^{\mathrm{out}}_{r} = \frac{\partial L}{\partial \hat{h}_{r}}",
        [
            Notation(
                r"\sum_{d=1}^{c} \frac{\partial L}{\partial h_{d}} \cdot"
                r" \frac{\partial h_{d}}{\partial \hat{h}_{r}}"
            ),
            LayerSum(ordered_product(-y(d) / h(d), jacobian), (d, 1, c)),
            ordered_sum(
                ordered_product(-y(r), 1 - h(r)),
                ordered_product(h(r), ordered_sum(label_total, -y(r))),
            ),
            ordered_sum(ordered_product(h(r), label_total), -y(r)),
        ],
        expression=NETWORK.loss, variable=h_hat(r), free=(h_hat,),
    )
    return [dl_dh, dh_dlogit, term]


def output_layer_steps():
    """Return the output-layer term for labels that sum to 1, and dL/dv_sr."""
    term = checked_step(
        NETWORK, f"{MODEL}.output-term",
        r"\delta^{\mathrm{out}}_{r} = \frac{\partial L}{\partial \hat{h}_{r}}", [error()],
        expression=NETWORK.loss, variable=h_hat(r), free=(h_hat,), labels="sum-to-one",
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
            ordered_product(error(), z(s)),
        ],
        expression=NETWORK.loss, variable=v(s, r), free=(z,), labels="sum-to-one",
        factors=(term, dlogit_dv),
    )
    return [term, dlogit_dv, dv]


def hidden_layer_steps():
    """Return the steps from the output-layer term to dL/dw_is, through the hidden-layer term."""
    mask = step(z_hat(s))
    back = LayerSum(ordered_product(output_term(r), v(s, r)), (r, 1, c))
    back_explicit = LayerSum(ordered_product(error(), v(s, r)), (r, 1, c))
    dlogit_dz = checked_step(
        NETWORK, f"{MODEL}.dlogit-dz", r"\frac{\partial \hat{h}_{r}}{\partial z_{s}}", [v(s, r)],
        expression=output_logit(), variable=z(s), free=(z,),
    )
    dz_dlogit = checked_step(
        NETWORK, f"{MODEL}.dz-dlogit", r"\frac{\partial z_{s}}{\partial \hat{z}_{s}}", [mask],
        expression=relu(z_hat(s)), variable=z_hat(s), free=(z_hat,),
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
            ordered_product(back, mask),
            ordered_product(back_explicit, mask),
        ],
        expression=NETWORK.loss, variable=z_hat(s), free=(z_hat,), labels="sum-to-one",
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
            ordered_product(back, mask, x(i)),
        ],
        expression=NETWORK.loss, variable=w(i, s), free=(), labels="sum-to-one",
        factors=(term, dzlogit_dw),
    )
    return [dlogit_dz, dz_dlogit, term, dzlogit_dw, dw]


def matrices():
    """Return the matrix nodes of the batch formulas."""
    names = {
        "X": "X", "Y": "Y", "V": "V", "Z": "Z", "Z_hat": r"\hat{Z}", "H": "H",
        "output_term": r"\Delta^{\mathrm{out}}", "hidden_term": r"\Delta^{\mathrm{hid}}",
    }
    return {key: Matrix(key, tex) for key, tex in names.items()}


@cache
def derivation():
    """Build the derivation of the ReLU/softmax network: equations and checks."""
    M = matrices()
    output_formula = M["H"] - M["Y"]
    hidden_formula = hadamard(M["output_term"] @ M["V"].T, Elementwise(step, M["Z_hat"]))
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
        *true_class_steps(),
        *all_classes_steps(),
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
        env = {"X": X, "W": W, "V": V, "Y": Y, "Z_hat": Z_hat, "Z": Z, "H": H}
        env["output_term"] = output_formula.evaluate(env)
        env["hidden_term"] = hidden_formula.evaluate(env)
        # Each sample's labels sum to 1; without that the gradient is not Z^T (H - Y).
        return core.BatchCheck(
            loss=batch_loss(NETWORK, H, Y),
            parameters={"W": W, "V": V},
            gradients={"W": batch_w, "V": batch_v},
            env=env,
            given=sum_to_one(Y),
        )

    def numpy_point(rng):
        X, W, V, Y = batch_matrices(BATCH_OUTPUTS)
        values = {symbol: rng.uniform(-2, 2) for symbol in [*X, *W, *V]}
        for row in range(Y.rows):
            label = rng.randrange(BATCH_OUTPUTS)
            values.update({Y[row, k]: float(k == label) for k in range(BATCH_OUTPUTS)})
        return values

    def numpy_evaluate(values):
        X, W, V, Y = (to_array(matrix, values) for matrix in batch_matrices(BATCH_OUTPUTS))
        loss, (dW, dV) = numeric.loss_and_gradient(X, Y, W, V)
        return loss, {"W": dW, "V": dV}

    return core.Derivation(
        MODEL, "Two-layer ReLU network, softmax and cross-entropy", equations,
        batch, numpy_point, numpy_evaluate, finite_differences,
    )


# Finite differences move Z_hat by about the step times |x|; every |Z_hat| at
# the check point is at least this far from the kink of ReLU at 0.
KINK_MARGIN = 1e-2


def away_from_kinks(rng, n, m, b, c):
    """Draw X (n, m) with a bias column, W and V, with every |X W| at least ``KINK_MARGIN``."""
    X = np.hstack([np.ones((n, 1)), rng.standard_normal((n, m - 1))])
    for _ in range(100):
        W, V = numeric.init_parameters(m, b, c, 1.0, rng)
        if np.min(np.abs(X @ W)) >= KINK_MARGIN:
            return X, W, V
    raise RuntimeError(f"no draw of W kept every |X W| above {KINK_MARGIN} in 100 tries")


def finite_differences(rng):
    """Check both NumPy gradients against centred differences, away from ReLU's kink."""
    X, W, V = away_from_kinks(rng, 20, 4, 5, 3)
    ids = rng.integers(0, 3, size=20)

    def by_w(W_):
        loss, (dW, _) = numeric.loss_and_gradient(X, ids, W_, V)
        return loss, dW

    def by_v(V_):
        loss, (_, dV) = numeric.loss_and_gradient(X, ids, W, V_)
        return loss, dV

    return [
        ("W, n=20, m=4, b=5, c=3", gradcheck.check_gradient(by_w, W)),
        ("V, n=20, m=4, b=5, c=3", gradcheck.check_gradient(by_v, V)),
    ]
