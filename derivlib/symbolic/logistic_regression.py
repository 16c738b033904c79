"""Logistic regression with the cross-entropy and with the squared error, derived with SymPy.

Both losses share the hypothesis h = sigma(h_hat), h_hat = sum_j x_j theta_j.
The NumPy implementation is ``derivlib.logistic_regression``; the page is
models/logistic-regression.
"""

from functools import cache

import sympy as sp

from .. import gradcheck
from .. import logistic_regression as numeric
from . import core
from .concrete import single_output_matrices, to_array
from .core import Elementwise, Equation, Matrix, Notation, OneMinus, differentiate, hadamard
from .functions import sigmoid
from .notation import i, linear_combination, theta, x

h, h_hat, y = sp.symbols(r"h \hat{h} y", real=True)
CHAIN = Notation(
    r"\frac{\partial L}{\partial h} \cdot \frac{\partial h}{\partial \hat{h}}"
    r" \cdot \frac{\partial \hat{h}}{\partial \theta_i}"
)


def shared_equations(model):
    """Return the hypothesis equations that both losses start from, keyed under ``model``."""
    return [
        Equation(f"{model}.logit", r"\hat{h}", [linear_combination()], kind="definition"),
        Equation(
            f"{model}.hypothesis", "h",
            [sigmoid(h_hat), 1 / (1 + sp.exp(-h_hat))],
            kind="definition",
        ),
        Equation(
            f"{model}.dh-dlogit",
            r"\frac{\partial h}{\partial \hat{h}}",
            [sp.Mul(h, 1 - h, evaluate=False)],
            reference=sp.diff(1 / (1 + sp.exp(-h_hat)), h_hat),
            given={h: 1 / (1 + sp.exp(-h_hat))},
        ),
        Equation(
            f"{model}.dlogit-dtheta",
            r"\frac{\partial \hat{h}}{\partial \theta_i}",
            [x[i]],
            reference=differentiate(linear_combination(), theta[i]),
        ),
    ]


def build(model, title, loss, dl_dh, per_sample_result, batch_formula, numpy_function):
    """Assemble the derivation of one loss of the sigmoid hypothesis.

    ``loss`` is the per-sample loss in h and y (its first form is the
    definition), ``dl_dh`` the claimed dL/dh, ``per_sample_result`` the claimed
    dL/dtheta_i after simplification, and ``batch_formula`` the matrix formula.
    """
    equations = shared_equations(model)
    definition = loss[0]
    end_to_end = differentiate(
        definition.subs(h, sigmoid(linear_combination())), theta[i]
    )
    chain_product = sp.Mul(dl_dh, sp.Mul(h, 1 - h, evaluate=False), x[i], evaluate=False)
    equations += [
        Equation(f"{model}.loss", "L", list(loss), kind="definition", cases=({y: 0}, {y: 1})),
        Equation(
            f"{model}.dl-dh", r"\frac{\partial L}{\partial h}", [dl_dh],
            reference=sp.diff(definition, h),
        ),
        Equation(
            f"{model}.chain",
            r"\frac{\partial L}{\partial \theta_i}",
            [CHAIN, chain_product, per_sample_result] if core.render(per_sample_result)
            != core.render(chain_product) else [CHAIN, chain_product],
            reference=end_to_end,
            given={h: sigmoid(linear_combination())},
            product_of=(f"{model}.dl-dh", f"{model}.dh-dlogit", f"{model}.dlogit-dtheta"),
        ),
    ]
    batch_equation = Equation(f"{model}.batch", r"\nabla_\theta L", [batch_formula], kind="batch")
    equations.append(batch_equation)

    def batch():
        Xc, yc, thetac = single_output_matrices()
        hc = (Xc * thetac).applyfunc(sigmoid)
        total = sum(definition.subs({h: hc[k], y: yc[k]}) for k in range(len(hc)))
        return core.BatchCheck(
            loss=total,
            parameters={"theta": thetac},
            gradients={"theta": batch_equation},
            env={"X": Xc, "y": yc, "theta": thetac, "h": hc},
            given={},
        )

    def numpy_point(rng):
        Xc, yc, thetac = single_output_matrices()
        values = {s: rng.uniform(-2, 2) for s in [*Xc, *thetac]}
        values.update({s: float(rng.randint(0, 1)) for s in yc})
        return values

    def numpy_evaluate(values):
        Xc, yc, thetac = (to_array(M, values) for M in single_output_matrices())
        loss_value, gradient = numpy_function(Xc, yc, thetac)
        return loss_value, {"theta": gradient}

    def finite_differences(rng):
        X_ = rng.standard_normal((20, 4))
        y_ = (rng.random((20, 1)) < 0.5).astype(float)
        theta_ = rng.standard_normal((4, 1))
        check = gradcheck.check_gradient(lambda t: numpy_function(X_, y_, t), theta_)
        return [("theta, n=20, m=4", check)]

    return core.Derivation(model, title, equations, batch, numpy_point, numpy_evaluate, finite_differences)


def matrices():
    """Return the matrix nodes X, y and h of the batch formulas."""
    X, Y, H = Matrix("X", "X"), Matrix("y", "y"), Matrix("h", "h")
    return X, Y, H


@cache
def cross_entropy():
    """Build the derivation of logistic regression with the cross-entropy."""
    X, Y, H = matrices()
    likelihood = -sp.log(h**y * (1 - h) ** (1 - y))
    textbook = -sp.Add(y * sp.log(h), (1 - y) * sp.log(1 - h), evaluate=False)
    dl_dh = sp.Add(-y / h, (1 - y) / (1 - h), evaluate=False)
    return build(
        "logistic-ce", "Logistic regression, cross-entropy",
        loss=(textbook, likelihood),
        dl_dh=dl_dh,
        per_sample_result=sp.Mul(h - y, x[i], evaluate=False),
        batch_formula=X.T @ (H - Y),
        numpy_function=numeric.cross_entropy_loss_and_gradient,
    )


@cache
def squared_error():
    """Build the derivation of logistic regression with the squared error."""
    X, Y, H = matrices()
    return build(
        "logistic-se", "Logistic regression, squared error",
        loss=(sp.Rational(1, 2) * (h - y) ** 2,),
        dl_dh=h - y,
        per_sample_result=sp.Mul(h - y, h, 1 - h, x[i], evaluate=False),
        batch_formula=X.T @ hadamard(H - Y, H, OneMinus(H)),
        numpy_function=numeric.squared_error_loss_and_gradient,
    )
