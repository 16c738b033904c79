"""The binary perceptron, derived with SymPy in each region of fixed predictions.

The hypothesis h = 1[h_hat >= 0] has no derivative at h_hat = 0 and a zero
one elsewhere, so the derivation takes h as a constant within each region of
fixed predictions. The per-sample steps hold h as a symbol fixed at 0 or 1.
The end-to-end derivative goes through ``threshold``, whose derivative rule
is 0 (the derivative almost everywhere). The batch formula is checked in
every region of a batch of 3 samples, with the predictions fixed to each of
the 8 patterns. The NumPy implementation is ``derivlib.perceptron``; the page
is models/perceptron.
"""

import itertools
from functools import cache

import numpy as np
import sympy as sp

from .. import gradcheck
from .. import perceptron as numeric
from . import core
from .concrete import single_output_matrices, to_array
from .core import Equation, Matrix, Notation, differentiate
from .functions import threshold
from .notation import i, linear_combination, theta, x

# Random points of the NumPy comparisons keep every |x theta| at least this
# far from the boundary, so that rounding cannot flip a prediction.
MARGIN = 0.1

h, h_hat, y = sp.symbols(r"h \hat{h} y", real=True)
LABEL_CASES = tuple({h: h_value, y: y_value} for h_value in (0, 1) for y_value in (0, 1))


def per_sample_equations():
    """Return the per-sample equations, from the hypothesis to dL/dtheta_i."""
    notes_form = sp.Add(
        sp.Mul(1 - y, h, h_hat, evaluate=False),
        -sp.Mul(y, 1 - h, h_hat, evaluate=False),
        evaluate=False,
    )
    loss = sp.Mul(h - y, h_hat, evaluate=False)
    hypothesis = threshold(linear_combination())
    end_to_end = differentiate(
        notes_form.xreplace({h: hypothesis, h_hat: linear_combination()}), theta[i]
    )
    return [
        Equation("perceptron.logit", r"\hat{h}", [linear_combination()], kind="definition"),
        Equation("perceptron.hypothesis", "h", [threshold(h_hat)], kind="definition"),
        Equation("perceptron.loss", "L", [notes_form, loss], kind="definition", cases=LABEL_CASES),
        Equation(
            "perceptron.dl-dlogit",
            r"\frac{\partial L}{\partial \hat{h}}",
            [h - y],
            reference=sp.diff(notes_form, h_hat),
            cases=LABEL_CASES,
        ),
        Equation(
            "perceptron.dlogit-dtheta",
            r"\frac{\partial \hat{h}}{\partial \theta_i}",
            [x[i]],
            reference=differentiate(linear_combination(), theta[i]),
        ),
        Equation(
            "perceptron.chain",
            r"\frac{\partial L}{\partial \theta_i}",
            [
                Notation(
                    r"\frac{\partial L}{\partial \hat{h}} \cdot \frac{\partial \hat{h}}{\partial \theta_i}"
                ),
                sp.Mul(h - y, x[i], evaluate=False),
            ],
            reference=end_to_end,
            given={h: hypothesis},
            product_of=("perceptron.dl-dlogit", "perceptron.dlogit-dtheta"),
        ),
    ]


def prediction_patterns(n):
    """Return every pattern of n predictions in {0, 1}, as tuples."""
    return list(itertools.product((0, 1), repeat=n))


def spaced_rows(rng, X, theta, margin):
    """Redraw the rows of X whose |x theta| is below ``margin``; return X."""
    while True:
        close = np.abs(X @ theta)[:, 0] < margin
        if not close.any():
            return X
        X[close] = rng.standard_normal((int(close.sum()), X.shape[1]))


@cache
def derivation():
    """Build the derivation of the binary perceptron: equations and checks."""
    equations = per_sample_equations()
    loss_definition = next(e for e in equations if e.key == "perceptron.loss").forms[0]
    X, Y, H = Matrix("X", "X"), Matrix("y", "y"), Matrix("h", "h")
    batch_equation = Equation("perceptron.batch", r"\nabla_\theta L", [X.T @ (H - Y)], kind="batch")
    equations.append(batch_equation)

    def batch():
        Xc, yc, thetac = single_output_matrices()
        scores = Xc * thetac
        hc = scores.applyfunc(threshold)
        total = sum(
            loss_definition.xreplace({h: hc[k], h_hat: scores[k], y: yc[k]})
            for k in range(len(scores))
        )
        regions = {
            f"h = {pattern}": {hc[k]: sp.Integer(value) for k, value in enumerate(pattern)}
            for pattern in prediction_patterns(len(scores))
        }
        return core.RegionBatchCheck(
            loss=total,
            parameters={"theta": thetac},
            gradients={"theta": batch_equation},
            env={"X": Xc, "y": yc, "theta": thetac, "h": hc},
            regions=regions,
        )

    def numpy_point(rng):
        Xc, yc, thetac = single_output_matrices()
        while True:
            values = {s: rng.uniform(-2, 2) for s in [*Xc, *thetac]}
            scores = to_array(Xc, values) @ to_array(thetac, values)
            if np.all(np.abs(scores) >= MARGIN):
                break
        values.update({s: float(rng.randint(0, 1)) for s in yc})
        return values

    def numpy_evaluate(values):
        Xc, yc, thetac = (to_array(M, values) for M in single_output_matrices())
        loss_value, gradient = numeric.loss_and_gradient(Xc, yc, thetac)
        return loss_value, {"theta": gradient}

    def finite_differences(rng):
        theta_ = rng.standard_normal((4, 1))
        X_ = spaced_rows(rng, rng.standard_normal((20, 4)), theta_, MARGIN)
        y_ = (rng.random((20, 1)) < 0.5).astype(float)
        check = gradcheck.check_gradient(lambda t: numeric.loss_and_gradient(X_, y_, t), theta_)
        return [("theta, n=20, m=4, every |x theta| >= 0.1", check)]

    return core.Derivation(
        "perceptron", "Perceptron", equations,
        batch, numpy_point, numpy_evaluate, finite_differences,
    )
