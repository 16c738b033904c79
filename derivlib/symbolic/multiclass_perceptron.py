"""The multi-class perceptron, derived with SymPy in each region of fixed predictions.

The scores are h_hat_r = sum_j x_j theta_jr, the prediction r* is the class
of the highest score, and the loss max_d h_hat_d - h_hat_c* compares it with
the score of the true class c*. Within each region where the argmax is fixed
the loss is h_hat_r* - h_hat_c*, which is linear in theta; at ties between
top scores it has no derivative. The per-sample steps are checked for every
concrete choice of r, r* and c* among 3 classes, and the batch formula in
every region of a batch of 3 samples (27 patterns of predicted classes). The
NumPy implementation is ``derivlib.multiclass_perceptron``; the page is
models/multiclass-perceptron.
"""

import itertools
from functools import cache

import numpy as np
import sympy as sp

from .. import gradcheck
from .. import multiclass_perceptron as numeric
from . import core
from .concrete import N_FEATURES, N_SAMPLES, matrix_of_symbols, to_array
from .core import Equation, Matrix, Notation, differentiate
from .notation import i, j, m, theta, x

# The number of classes of the checks. Large enough that r, r* and c* can
# all differ, small enough that every case is enumerated.
N_CLASSES = 3

# Random points of the NumPy comparisons keep the top score of every sample
# at least this far above the second, so that rounding cannot flip the argmax.
MARGIN = 0.1

r = sp.Symbol("r", integer=True, positive=True)
predicted, true_class = sp.symbols(r"r^{*} c^{*}", integer=True, positive=True)
h_hat = sp.IndexedBase(r"\hat{h}", real=True)
h = sp.IndexedBase("h", real=True)
y = sp.IndexedBase("y", real=True)


class indicator(sp.Function):
    """1[a = b] for two class indices: 1 if they are equal, else 0.

    It is the Kronecker delta, printed as an indicator; ``as_delta`` maps it
    to ``sympy.KroneckerDelta`` for the comparisons.
    """

    @classmethod
    def eval(cls, a, b):
        if a == b:
            return sp.S.One
        if a.is_Integer and b.is_Integer:
            return sp.S.Zero
        return None

    def _latex(self, printer, exp=None):
        a, b = (printer._print(arg) for arg in self.args)
        return rf"\mathbb{{1}}\left[{a} = {b}\right]"


def as_delta(a, b):
    """Map the printed indicator 1[a = b] to the Kronecker delta that SymPy's derivatives produce."""
    return {indicator(a, b): sp.KroneckerDelta(a, b)}


def score(column):
    """Return the score of one class, sum over j of x_j theta_{j, column}."""
    return sp.Sum(sp.Mul(x[j], theta[j, column], evaluate=False), (j, 1, m))


def region_cases():
    """Return one substitution per concrete (r, r*, c*) among the classes 1..N_CLASSES."""
    classes = range(1, N_CLASSES + 1)
    return tuple(
        {r: a, predicted: b, true_class: c} for a, b, c in itertools.product(classes, repeat=3)
    )


def per_sample_equations():
    """Return the per-sample equations, from the scores to dL/dtheta_ir."""
    one_hot = {
        **as_delta(r, predicted),
        **as_delta(r, true_class),
        h[r]: sp.KroneckerDelta(r, predicted),
        y[r]: sp.KroneckerDelta(r, true_class),
    }
    indicators = sp.Add(indicator(r, predicted), -indicator(r, true_class), evaluate=False)
    loss = sp.Add(h_hat[predicted], -h_hat[true_class], evaluate=False)
    error = sp.Add(h[r], -y[r], evaluate=False)
    return [
        Equation("multiclass-perceptron.scores", r"\hat{h}_r", [score(r)], kind="definition"),
        Equation("multiclass-perceptron.hypothesis", "h_r", [indicator(r, predicted)], kind="definition"),
        # The loss max_d h_hat_d - h_hat_c*, with max_d h_hat_d = h_hat_r* by the definition of r*.
        Equation("multiclass-perceptron.loss", "L", [loss], kind="definition"),
        Equation(
            "multiclass-perceptron.dl-dscore",
            r"\frac{\partial L}{\partial \hat{h}_r}",
            [indicators, error],
            reference=sp.diff(loss, h_hat[r]),
            given=one_hot,
            cases=region_cases(),
        ),
        Equation(
            "multiclass-perceptron.dscore-dtheta",
            r"\frac{\partial \hat{h}_r}{\partial \theta_{i,r}}",
            [x[i]],
            reference=differentiate(score(r), theta[i, r]),
        ),
        Equation(
            "multiclass-perceptron.chain",
            r"\frac{\partial L}{\partial \theta_{i,r}}",
            [
                Notation(
                    r"\frac{\partial L}{\partial \hat{h}_r} \cdot"
                    r" \frac{\partial \hat{h}_r}{\partial \theta_{i,r}}"
                ),
                sp.Mul(indicators, x[i], evaluate=False),
                sp.Mul(error, x[i], evaluate=False),
            ],
            reference=differentiate(score(predicted) - score(true_class), theta[i, r]),
            given=one_hot,
            product_of=("multiclass-perceptron.dl-dscore", "multiclass-perceptron.dscore-dtheta"),
            cases=region_cases(),
        ),
    ]


def prediction_patterns(n, c):
    """Return every assignment of a predicted class in 0..c-1 to each of n samples."""
    return list(itertools.product(range(c), repeat=n))


def multiclass_matrices(n=N_SAMPLES, m=N_FEATURES, c=N_CLASSES):
    """Return X (n, m), Y (n, c) and theta (m, c) as matrices of real symbols."""
    return (
        matrix_of_symbols("x", n, m),
        matrix_of_symbols("y", n, c),
        matrix_of_symbols("theta", m, c),
    )


def top_two_gaps(scores):
    """Return, for each row of scores (n, c), the top score minus the second."""
    ordered = np.sort(scores, axis=1)
    return ordered[:, -1] - ordered[:, -2]


def spaced_rows(rng, X, theta_, margin):
    """Redraw the rows of X whose top two scores lie closer than ``margin``; return X."""
    while True:
        close = top_two_gaps(X @ theta_) < margin
        if not close.any():
            return X
        X[close] = rng.standard_normal((int(close.sum()), X.shape[1]))


@cache
def derivation():
    """Build the derivation of the multi-class perceptron: equations and checks."""
    equations = per_sample_equations()
    loss_definition = next(e for e in equations if e.key == "multiclass-perceptron.loss").forms[0]
    X, Y, H = Matrix("X", "X"), Matrix("Y", "Y"), Matrix("H", "H")
    batch_equation = Equation(
        "multiclass-perceptron.batch", r"\nabla_\theta L", [X.T @ (H - Y)], kind="batch"
    )
    equations.append(batch_equation)

    def batch():
        Xc, Yc, thetac = multiclass_matrices()
        scores = Xc * thetac
        n, c = scores.shape
        top = [sp.Max(*scores.row(k)) for k in range(n)]
        total = sum(
            loss_definition.xreplace({
                h_hat[predicted]: top[k],
                h_hat[true_class]: sum(Yc[k, d] * scores[k, d] for d in range(c)),
            })
            for k in range(n)
        )
        # H contains placeholders that each region sets to the one-hot rows of its predictions.
        Hc = matrix_of_symbols("h", n, c)
        regions = {}
        for pattern in prediction_patterns(n, c):
            replacements = {top[k]: scores[k, pattern[k]] for k in range(n)}
            replacements.update(
                {Hc[k, d]: sp.Integer(int(d == pattern[k])) for k in range(n) for d in range(c)}
            )
            regions[f"predicted classes {pattern}"] = replacements
        return core.RegionBatchCheck(
            loss=total,
            parameters={"theta": thetac},
            gradients={"theta": batch_equation},
            env={"X": Xc, "Y": Yc, "theta": thetac, "H": Hc},
            regions=regions,
        )

    def numpy_point(rng):
        Xc, Yc, thetac = multiclass_matrices()
        while True:
            values = {s: rng.uniform(-2, 2) for s in [*Xc, *thetac]}
            scores = to_array(Xc, values) @ to_array(thetac, values)
            if np.all(top_two_gaps(scores) >= MARGIN):
                break
        for k in range(Yc.rows):
            label = rng.randrange(Yc.cols)
            values.update({Yc[k, d]: float(d == label) for d in range(Yc.cols)})
        return values

    def numpy_evaluate(values):
        Xc, Yc, thetac = (to_array(M, values) for M in multiclass_matrices())
        loss_value, gradient = numeric.loss_and_gradient(Xc, Yc, thetac)
        return loss_value, {"theta": gradient}

    def finite_differences(rng):
        theta_ = rng.standard_normal((4, 5))
        X_ = spaced_rows(rng, rng.standard_normal((20, 4)), theta_, MARGIN)
        ids = rng.integers(0, 5, size=20)
        check = gradcheck.check_gradient(lambda t: numeric.loss_and_gradient(X_, ids, t), theta_)
        return [("theta, n=20, m=4, c=5, every top-two gap >= 0.1", check)]

    return core.Derivation(
        "multiclass-perceptron", "Multi-class perceptron", equations,
        batch, numpy_point, numpy_evaluate, finite_differences,
    )
