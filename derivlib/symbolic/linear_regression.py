"""Linear regression with the squared error, derived with SymPy.

The NumPy implementation is ``derivlib.linear_regression``; the page is
models/linear-regression.
"""

from functools import cache

import sympy as sp

from .. import gradcheck
from .. import linear_regression as numeric
from . import core
from .concrete import single_output_matrices, to_array
from .core import Equation, Matrix, Notation, differentiate
from .notation import i, linear_combination, theta, x


@cache
def derivation():
    """Build the derivation of linear regression: equations and checks."""
    h, y, L = sp.symbols("h y L", real=True)
    hypothesis = linear_combination()
    loss = sp.Rational(1, 2) * (h - y) ** 2
    end_to_end = differentiate(loss.subs(h, hypothesis), theta[i])

    equations = [
        Equation("linear-regression.hypothesis", "h", [hypothesis], kind="definition"),
        Equation("linear-regression.loss", "L", [loss], kind="definition"),
        Equation(
            "linear-regression.dl-dh",
            r"\frac{\partial L}{\partial h}",
            [h - y],
            reference=sp.diff(loss, h),
        ),
        Equation(
            "linear-regression.dh-dtheta",
            r"\frac{\partial h}{\partial \theta_i}",
            [x[i]],
            reference=differentiate(hypothesis, theta[i]),
        ),
        Equation(
            "linear-regression.chain",
            r"\frac{\partial L}{\partial \theta_i}",
            [
                Notation(r"\frac{\partial L}{\partial h} \cdot \frac{\partial h}{\partial \theta_i}"),
                sp.Mul(h - y, x[i], evaluate=False),
            ],
            reference=end_to_end,
            given={h: hypothesis},
            product_of=("linear-regression.dl-dh", "linear-regression.dh-dtheta"),
        ),
    ]
    X, Y, Theta, H = (
        Matrix("X", "X"), Matrix("y", "y"), Matrix("theta", r"\theta"), Matrix("h", "h"),
    )
    batch_equation = Equation(
        "linear-regression.batch", r"\nabla_\theta L", [X.T @ (H - Y)], kind="batch"
    )
    equations.append(batch_equation)

    def batch():
        Xc, yc, thetac = single_output_matrices()
        hc = Xc * thetac
        total = sum(loss.subs({h: hc[k], y: yc[k]}) for k in range(len(hc)))
        return core.BatchCheck(
            loss=total,
            parameters={"theta": thetac},
            gradients={"theta": batch_equation},
            env={"X": Xc, "y": yc, "theta": thetac, "h": hc},
        )

    def numpy_point(rng):
        Xc, yc, thetac = single_output_matrices()
        return {s: rng.uniform(-2, 2) for s in [*Xc, *yc, *thetac]}

    def numpy_evaluate(values):
        Xc, yc, thetac = (to_array(M, values) for M in single_output_matrices())
        loss_value, gradient = numeric.loss_and_gradient(Xc, yc, thetac)
        return loss_value, {"theta": gradient}

    def finite_differences(rng):
        X_, y_ = rng.standard_normal((20, 4)), rng.standard_normal((20, 1))
        theta_ = rng.standard_normal((4, 1))
        check = gradcheck.check_gradient(lambda t: numeric.loss_and_gradient(X_, y_, t), theta_)
        return [("theta, n=20, m=4", check)]

    return core.Derivation(
        "linear-regression", "Linear regression", equations,
        batch, numpy_point, numpy_evaluate, finite_differences,
    )
