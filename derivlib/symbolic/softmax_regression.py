"""Softmax regression with the cross-entropy, derived two ways with SymPy.

Both ways start from the same hypothesis and loss. Way one keeps only the
true class's term of the loss, -log h_{c*}, and differentiates the two cases
r = c* and r != c* separately. Way two keeps the full sum over the classes
and goes through the softmax Jacobian h_d (delta_dr - h_r). Both reach
(h_r - y_r) x_i, and the batch formula X^T (H - Y).

Every per-sample step is checked at c = 3 classes (``CLASSES``), once for
each assignment of the free class indices (r, c*, d) to 1, 2 or 3. A sum over
the classes is printed as the sum to c and checked as its three terms. The
hypothesis enters the checks through ``functions.softmax``, whose derivative
rule keeps every difference polynomial in the softmax values.

The NumPy implementation is ``derivlib.softmax_regression``; the page is
models/softmax-regression.
"""

from functools import cache
from itertools import product

import numpy as np
import sympy as sp

from .. import gradcheck
from .. import softmax_regression as numeric
from . import core
from .concrete import N_FEATURES, N_SAMPLES, matrix_of_symbols, to_array
from .core import Equation, Matrix, Notation, differentiate
from .functions import softmax
from .notation import i, j, m, theta, x

MODEL = "softmax-regression"

# The number of classes c in every symbolic check.
CLASSES = 3
CLASS_RANGE = range(1, CLASSES + 1)

# r is the class of the parameter column theta_{ir}, c* the true class of the
# sample, d the class summed over in way two, f the class summed over in the
# softmax denominator, and c the number of classes.
r, d, f = sp.symbols("r d f", integer=True, positive=True)
c = sp.Symbol("c", integer=True, positive=True)
true_class = sp.Symbol("c^{*}", integer=True, positive=True)
h_hat = sp.IndexedBase(r"\hat{h}", real=True)
h = sp.IndexedBase("h", positive=True)
y = sp.IndexedBase("y", real=True)

LOGIT_SYMBOLS = tuple(h_hat[k] for k in CLASS_RANGE)


def logit(k):
    """Return h_hat_k = sum_j x_j theta_jk, the logit of class k in the parameters."""
    return sp.Sum(sp.Mul(x[j], theta[j, k], evaluate=False), (j, 1, m))


LOGITS_OF_THETA = tuple(logit(k) for k in CLASS_RANGE)


# --- Cases and sums at c = 3 -------------------------------------------------


def label_values(labels, indices):
    """Return the value of each label y_1..y_c under a label rule.

    ``"one-hot"``: y_k = 1 for k = c* (taken from ``indices``), else 0.
    ``"sum-to-one"``: y_1, ..., y_{c-1} stay free and y_c = 1 - their sum.
    ``"free"``: every label stays a free symbol.
    """
    if labels == "one-hot":
        return {k: sp.Integer(int(k == indices[true_class])) for k in CLASS_RANGE}
    values = {k: y[k] for k in CLASS_RANGE}
    if labels == "sum-to-one":
        values[CLASSES] = 1 - sp.Add(*(y[k] for k in CLASS_RANGE if k < CLASSES))
    elif labels != "free":
        raise ValueError(f"unknown label rule {labels!r}; use 'one-hot', 'sum-to-one' or 'free'.")
    return values


def case(indices, logits, labels="free"):
    """Return the substitutions of one case: each class index fixed, each h its softmax value.

    ``indices`` maps class-index symbols (r, c*, d) to classes in 1..3, and
    ``logits`` are the three logits that the softmax is applied to: the
    symbols h_hat_k, or the sums over j of x_j theta_jk.

    No substituted value contains a key of the result. SymPy applies the keys
    of a dict with more nodes first, so h_r is replaced before r itself.
    """
    values = label_values(labels, indices)
    substitutions = {c: CLASSES}
    for k in CLASS_RANGE:
        substitutions[h[k]] = softmax(k, *logits)
        if values[k] != y[k]:
            substitutions[y[k]] = values[k]
        if logits[k - 1] != h_hat[k]:
            substitutions[h_hat[k]] = logits[k - 1]
    for index, k in indices.items():
        substitutions[h[index]] = softmax(k, *logits)
        substitutions[h_hat[index]] = logits[k - 1]
        substitutions[y[index]] = values[k]
        substitutions[index] = k
    return substitutions


def cases(names, logits, labels="free"):
    """Return one ``case`` for every assignment of the index symbols ``names`` to 1..3."""
    return tuple(
        case(dict(zip(names, classes)), logits, labels)
        for classes in product(CLASS_RANGE, repeat=len(names))
    )


def class_sums(*expressions):
    """Map every sum or product over the c classes in ``expressions`` to its c = 3 terms.

    Used as an equation's ``given``, so that a form printed with the sum to c
    is checked as the explicit sum of three terms.
    """
    expanded = {}
    for expression in expressions:
        for node in sp.sympify(expression).atoms(sp.Sum, sp.Product):
            (index, lower, upper), *rest = node.limits
            if upper != c or rest:
                continue
            terms = [node.function.subs(index, k) for k in range(lower, CLASSES + 1)]
            expanded[node] = sp.Add(*terms) if isinstance(node, sp.Sum) else sp.Mul(*terms)
    return expanded


def checked(key, lhs, forms, reference=None, **options):
    """Build a derived ``Equation`` whose sums over classes are checked at c = 3."""
    sympy_forms = [form for form in forms if not isinstance(form, Notation)]
    given = {**class_sums(*sympy_forms, reference), **options.pop("given", {})}
    return Equation(f"{MODEL}.{key}", lhs, forms, reference=reference, given=given, **options)


def unevaluated(*factors):
    """Return the product of ``factors`` in the order given, as printed on the page."""
    return sp.Mul(*factors, evaluate=False)


def minus(a, b):
    """Return a - b in the order given."""
    return sp.Add(a, sp.Mul(-1, b, evaluate=False), evaluate=False)


def by_case(when_true_class, otherwise):
    """Return the two cases r = c* and r != c* as a Piecewise."""
    return sp.Piecewise((when_true_class, sp.Eq(r, true_class)), (otherwise, sp.Ne(r, true_class)))


# --- The equations ------------------------------------------------------------


def shared_equations():
    """Return the equations that both ways start from: logit, hypothesis, loss, dh_hat/dtheta."""
    cross_entropy = -sp.Sum(y[r] * sp.log(h[r]), (r, 1, c))
    likelihood = -sp.log(sp.Product(h[r] ** y[r], (r, 1, c)))
    return [
        Equation(f"{MODEL}.logit", r"\hat{h}_r", [logit(r)], kind="definition"),
        Equation(
            f"{MODEL}.hypothesis", "h_r",
            [
                Notation(r"\operatorname{softmax}(\hat{h})_r"),
                sp.exp(h_hat[r]) / sp.Sum(sp.exp(h_hat[f]), (f, 1, c)),
            ],
            kind="definition",
        ),
        Equation(
            f"{MODEL}.loss", "L", [cross_entropy, likelihood],
            kind="definition", given=class_sums(cross_entropy, likelihood),
        ),
        checked(
            "dlogit-dtheta", r"\frac{\partial \hat{h}_r}{\partial \theta_{i,r}}", [x[i]],
            reference=differentiate(logit(r), theta[i, r]),
        ),
    ]


def way_one_equations(loss):
    """Return way one: only the true class c* survives in the loss; the cases r = c* and r != c*."""
    true_h = h[true_class]
    true_loss = -sp.log(true_h)
    stable = minus(sp.log(sp.Sum(sp.exp(h_hat[f]), (f, 1, c))), h_hat[true_class])
    dh_dlogit = by_case(
        unevaluated(true_h, minus(1, true_h)),
        unevaluated(-1, true_h, h[r]),
    )
    factor = -1 / true_h
    end_to_end = differentiate(-sp.log(softmax(true_class, *LOGITS_OF_THETA)), theta[i, r])
    return [
        checked(
            "one-loss", "L", [true_loss, stable], reference=loss,
            cases=cases([true_class], LOGIT_SYMBOLS, labels="one-hot"),
        ),
        checked(
            "one-dl-dh", r"\frac{\partial L}{\partial h_{c^*}}", [factor],
            reference=sp.diff(true_loss, true_h),
        ),
        checked(
            "one-dh-dlogit", r"\frac{\partial h_{c^*}}{\partial \hat{h}_r}", [dh_dlogit],
            reference=differentiate(softmax(true_class, *LOGIT_SYMBOLS), h_hat[r]),
            cases=cases([true_class, r], LOGIT_SYMBOLS),
        ),
        checked(
            "one-chain", r"\frac{\partial L}{\partial \theta_{i,r}}",
            [
                Notation(
                    r"\frac{\partial L}{\partial h_{c^*}} \cdot \frac{\partial h_{c^*}}{\partial \hat{h}_r}"
                    r" \cdot \frac{\partial \hat{h}_r}{\partial \theta_{i,r}}"
                ),
                by_case(
                    unevaluated(factor, dh_dlogit.args[0].expr, x[i]),
                    unevaluated(factor, dh_dlogit.args[1].expr, x[i]),
                ),
                by_case(
                    unevaluated(minus(h[r], 1), x[i]),
                    unevaluated(minus(h[r], 0), x[i]),
                ),
                unevaluated(minus(h[r], y[r]), x[i]),
            ],
            reference=end_to_end,
            cases=cases([true_class, r], LOGITS_OF_THETA, labels="one-hot"),
            product_of=(f"{MODEL}.one-dl-dh", f"{MODEL}.one-dh-dlogit", f"{MODEL}.dlogit-dtheta"),
        ),
    ]


def way_two_equations(loss):
    """Return way two: the full sum over the classes d, through the softmax Jacobian."""
    dl_dh = -y[d] / h[d]
    dh_dlogit = unevaluated(h[d], minus(sp.KroneckerDelta(d, r), h[r]))
    label_total = sp.Sum(y[d], (d, 1, c))
    full_loss = -sp.Add(*(y[k] * sp.log(softmax(k, *LOGITS_OF_THETA)) for k in CLASS_RANGE))
    end_to_end = differentiate(full_loss, theta[i, r])
    collected = unevaluated(minus(unevaluated(h[r], label_total), y[r]), x[i])
    return [
        checked(
            "two-dl-dh", r"\frac{\partial L}{\partial h_d}", [dl_dh],
            reference=differentiate(loss, h[d]),
        ),
        checked(
            "two-dh-dlogit", r"\frac{\partial h_d}{\partial \hat{h}_r}", [dh_dlogit],
            reference=differentiate(softmax(d, *LOGIT_SYMBOLS), h_hat[r]),
            cases=cases([d, r], LOGIT_SYMBOLS),
        ),
        checked(
            "two-chain", r"\frac{\partial L}{\partial \theta_{i,r}}",
            [
                Notation(
                    r"\sum_{d=1}^{c} \frac{\partial L}{\partial h_d} \cdot"
                    r" \frac{\partial h_d}{\partial \hat{h}_r} \cdot \frac{\partial \hat{h}_r}{\partial \theta_{i,r}}"
                ),
                -sp.Sum(unevaluated(y[d] / h[d], dh_dlogit, x[i]), (d, 1, c)),
                sp.Add(
                    unevaluated(-y[r], minus(1, h[r]), x[i]),
                    unevaluated(-1, sp.Add(label_total, -y[r], evaluate=False), minus(0, h[r]), x[i]),
                    evaluate=False,
                ),
                collected,
            ],
            reference=end_to_end,
            cases=cases([r], LOGITS_OF_THETA),
        ),
        checked(
            "two-result", r"\frac{\partial L}{\partial \theta_{i,r}}",
            [unevaluated(minus(h[r], y[r]), x[i])],
            reference=end_to_end,
            cases=cases([r], LOGITS_OF_THETA, labels="sum-to-one"),
        ),
    ]


# --- The batch ------------------------------------------------------------------


def batch_matrices():
    """Return X (n, m), Y (n, c) and theta (m, c) as matrices of real symbols."""
    return (
        matrix_of_symbols("x", N_SAMPLES, N_FEATURES),
        matrix_of_symbols("y", N_SAMPLES, CLASSES),
        matrix_of_symbols("theta", N_FEATURES, CLASSES),
    )


def sample_loss(loss, logits, labels):
    """Evaluate the per-sample loss definition for one sample's logits and labels (each of length 3)."""
    substitutions = {h[k]: softmax(k, *logits) for k in CLASS_RANGE}
    substitutions.update({y[k]: labels[k - 1] for k in CLASS_RANGE})
    return loss.subs(class_sums(loss)).subs(substitutions)


@cache
def derivation():
    """Build the derivation of softmax regression, both ways: equations and checks."""
    equations = shared_equations()
    loss = equations[2].forms[0]
    equations += way_one_equations(loss)
    equations += way_two_equations(loss)

    X, Y, Theta, H = Matrix("X", "X"), Matrix("Y", "Y"), Matrix("theta", r"\theta"), Matrix("H", "H")
    batch_equation = Equation(f"{MODEL}.batch", r"\nabla_\theta L", [X.T @ (H - Y)], kind="batch")
    equations.append(batch_equation)

    def batch():
        Xc, Yc, thetac = batch_matrices()
        logits = Xc * thetac
        Hc = sp.Matrix(N_SAMPLES, CLASSES, lambda s, k: softmax(k + 1, *logits.row(s)))
        total = sum(sample_loss(loss, logits.row(s), Yc.row(s)) for s in range(N_SAMPLES))
        # Each sample's labels sum to 1; without that the gradient is not X^T (H - Y).
        last = CLASSES - 1
        sum_to_one = {Yc[s, last]: 1 - sum(Yc[s, k] for k in range(last)) for s in range(N_SAMPLES)}
        return core.BatchCheck(
            loss=total,
            parameters={"theta": thetac},
            gradients={"theta": batch_equation},
            env={"X": Xc, "Y": Yc, "theta": thetac, "H": Hc},
            given=sum_to_one,
        )

    def numpy_point(rng):
        Xc, Yc, thetac = batch_matrices()
        values = {s: rng.uniform(-2, 2) for s in [*Xc, *thetac]}
        for row in range(N_SAMPLES):
            label = rng.randrange(CLASSES)
            values.update({Yc[row, k]: float(k == label) for k in range(CLASSES)})
        return values

    def numpy_evaluate(values):
        Xc, Yc, thetac = (to_array(M, values) for M in batch_matrices())
        loss_value, gradient = numeric.loss_and_gradient(Xc, Yc, thetac)
        return loss_value, {"theta": gradient}

    def finite_differences(rng):
        X_ids, ids = rng.standard_normal((20, 4)), rng.integers(0, 3, size=20)
        theta_ids = rng.standard_normal((4, 3))
        X_hot, hot = rng.standard_normal((15, 3)), np.eye(5)[rng.integers(0, 5, size=15)]
        theta_hot = rng.standard_normal((3, 5))
        return [
            (
                "theta, n=20, m=4, c=3, class ids",
                gradcheck.check_gradient(lambda t: numeric.loss_and_gradient(X_ids, ids, t), theta_ids),
            ),
            (
                "theta, n=15, m=3, c=5, one-hot",
                gradcheck.check_gradient(lambda t: numeric.loss_and_gradient(X_hot, hot, t), theta_hot),
            ),
        ]

    return core.Derivation(
        MODEL, "Softmax regression", equations,
        batch, numpy_point, numpy_evaluate, finite_differences,
    )
