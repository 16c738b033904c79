"""L2 regularization of any model's loss, derived with SymPy.

The penalty lambda/2 sum theta_jr^2 leaves out row 1 of theta, the weights of
the bias column of ones in X. The per-entry steps differentiate it by one
entry theta_ir, add an arbitrary data loss L, and take one descent step.
They are checked at concrete sizes (m = 3 rows, c = 2 columns; b = 2 hidden
units for the network's W and V), once for every value of the free indices:
SymPy differentiates a sum of squares at concrete sizes exactly, whereas a
sum of two ``Trace`` terms of ``MatrixSymbol`` objects silently
differentiates to 0 in SymPy 1.14.

The batch check differentiates one expression that joins two unrelated
models over disjoint symbols: linear regression plus L2 in theta, and the
ReLU/softmax network plus L2 in W and V. The gradient by theta depends only
on the first part, and the gradients by W and V only on the second. The NumPy
implementation is ``derivlib.regularization``; the page is
models/l2-regularization.
"""

from functools import cache
from itertools import product

import numpy as np
import sympy as sp

from .. import gradcheck, linear_regression, logistic_regression, sigmoid_network, softmax_regression
from .. import relu_softmax_network as network
from ..regularization import with_l2
from . import core
from . import relu_softmax_network as network_derivation
from .concrete import matrix_of_symbols, to_array
from .core import Elementwise, Equation, Matrix, Notation, Scaled, hadamard
from .functions import step
from .two_layer import LayerSum, batch_forward, batch_loss, ordered_product, ordered_sum, sum_to_one

MODEL = "l2-regularization"



class Entry(sp.Indexed):
    """One entry of a parameter matrix, printed as theta_{ir} rather than SymPy's {theta}_{i,r}."""

    def _latex(self, printer, exp=None):
        indices = "".join(printer._print(index) for index in self.indices)
        body = rf"{printer._print(self.base.label)}_{{{indices}}}"
        return body if exp is None else f"{{{body}}}^{{{exp}}}"


class Entries(sp.IndexedBase):
    """A parameter matrix whose entries print as on the pages of the networks (w_{is})."""

    def __getitem__(self, indices, **assumptions):
        return Entry(self, *super().__getitem__(indices, **assumptions).indices)


strength = sp.Symbol(r"\lambda", positive=True)
learning_rate = sp.Symbol(r"\alpha", positive=True)
theta = Entries(r"\theta", real=True)
w = Entries("w", real=True)
v = Entries("v", real=True)

# Free indices of the per-entry steps, and the dummy indices of the sums.
i, r, s = sp.symbols("i r s", integer=True, positive=True)
j, d, f, t = sp.symbols("j d f t", integer=True, positive=True)
m, b, c = sp.symbols("m b c", integer=True, positive=True)

# The sizes of the per-entry checks: the bias row and two feature rows.
ROWS, COLUMNS, HIDDEN = 3, 2, 2
SIZES = {m: ROWS, c: COLUMNS, b: HIDDEN}
FIRST_ROW = 1  # the bias row, counted from 1 as on the page

# The sizes of the batch check.
BATCH_SAMPLES, LINEAR_FEATURES = 3, 3
NETWORK_OUTPUTS = 3


class SquaredSum(LayerSum):
    """A sum over one or more indices, printed as nested sums with the outermost index first.

    SymPy merges nested sums into one sum with several limits, which it
    prints as a single sum sign over a stacked range. This class prints one
    sum sign per index, and writes the sum out once its limits are numbers.
    """

    def _latex(self, printer, exp=None):
        signs = " ".join(
            rf"\sum_{{{printer._print(index)}={printer._print(low)}}}^{{{printer._print(high)}}}"
            for index, low, high in reversed(self.limits)
        )
        return f"{signs} {printer._print(self.function)}"


class DataLoss(sp.Function):
    """The data loss L as a function of every entry of theta, printed as L."""

    def _latex(self, printer, exp=None):
        return "L"


class DataGradient(sp.Function):
    """dL/dtheta_ir, the gradient of the data loss by one entry, as a function of (i, r)."""

    def _latex(self, printer, exp=None):
        row, column = (printer._print(index) for index in self.args)
        return rf"\frac{{\partial L}}{{\partial \theta_{{{row}{column}}}}}"


def penalty():
    """Return lambda/2 sum_{j=2}^m sum_{d=1}^c theta_jd^2, the penalty with the bias row left out."""
    return ordered_product(strength / 2, SquaredSum(theta[j, d] ** 2, (d, 1, c), (j, FIRST_ROW + 1, m)))


def network_penalty():
    """Return the network's penalty: W without its bias row, and all of V."""
    return ordered_product(
        strength / 2,
        ordered_sum(
            SquaredSum(w[j, f] ** 2, (f, 1, b), (j, FIRST_ROW + 1, m)),
            SquaredSum(v[t, d] ** 2, (d, 1, c), (t, 1, b)),
        ),
    )


def index_cases(*ranges):
    """Return one substitution per combination of index values, such as {i: 1, r: 2}."""
    names = [name for name, _ in ranges]
    values = product(*(range(1, size + 1) for _, size in ranges))
    return tuple(dict(zip(names, combination)) for combination in values)


def bias_cases(when_bias, otherwise, row=i):
    """Return the two cases of an entry: in the bias row (row = 1) and in any other row."""
    return sp.Piecewise((when_bias, sp.Eq(row, FIRST_ROW)), (otherwise, True))


def theta_entries():
    return [theta[row, column] for row in range(1, ROWS + 1) for column in range(1, COLUMNS + 1)]


def per_entry_equations():
    """Return the penalty of one parameter matrix theta (m, c) and its per-entry steps."""
    R, L, J = sp.symbols("R L J", real=True)
    concrete_penalty = penalty().subs(SIZES)
    data_loss = DataLoss(*theta_entries())
    objective = data_loss + concrete_penalty
    # dL/dtheta_ir on the page is the derivative of the concrete data loss in the checks.
    data_gradient = {
        DataGradient: sp.Lambda((j, d), sp.Derivative(data_loss, theta[j, d])),
    }
    theta_cases = index_cases((i, ROWS), (r, COLUMNS))
    entry = theta[i, r]
    gradient = DataGradient(i, r)
    return [
        Equation(f"{MODEL}.penalty", "R", [penalty()], kind="definition"),
        Equation(f"{MODEL}.objective", "J", [ordered_sum(L, R)], kind="definition"),
        Equation(
            f"{MODEL}.dr-dtheta", r"\frac{\partial R}{\partial \theta_{ir}}",
            [bias_cases(0, strength * entry)],
            reference=sp.diff(concrete_penalty, entry), cases=theta_cases,
        ),
        Equation(
            f"{MODEL}.dj-dtheta", r"\frac{\partial J}{\partial \theta_{ir}}",
            [
                Notation(
                    r"\frac{\partial L}{\partial \theta_{ir}} + \frac{\partial R}{\partial \theta_{ir}}"
                ),
                bias_cases(gradient, ordered_sum(gradient, strength * entry)),
            ],
            reference=sp.diff(objective, entry), given=data_gradient, cases=theta_cases,
        ),
        Equation(
            f"{MODEL}.update", r"\theta_{ir} - \alpha \frac{\partial J}{\partial \theta_{ir}}",
            [
                bias_cases(
                    ordered_sum(entry, -learning_rate * gradient),
                    ordered_sum(
                        ordered_product(ordered_sum(1, -learning_rate * strength), entry),
                        -learning_rate * gradient,
                    ),
                )
            ],
            reference=entry - learning_rate * sp.diff(objective, entry),
            given=data_gradient, cases=theta_cases,
        ),
    ]


def network_equations():
    """Return the network's penalty and its derivatives by w_is and v_sr."""
    concrete = network_penalty().subs(SIZES)
    return [
        Equation(f"{MODEL}.network-penalty", "R", [network_penalty()], kind="definition"),
        Equation(
            f"{MODEL}.dr-dw", r"\frac{\partial R}{\partial w_{is}}",
            [bias_cases(0, strength * w[i, s])],
            reference=sp.diff(concrete, w[i, s]), cases=index_cases((i, ROWS), (s, HIDDEN)),
        ),
        Equation(
            f"{MODEL}.dr-dv", r"\frac{\partial R}{\partial v_{sr}}",
            [strength * v[s, r]],
            reference=sp.diff(concrete, v[s, r]), cases=index_cases((s, HIDDEN), (r, COLUMNS)),
        ),
    ]


def entries_of(base, matrix):
    """Map base[row, column] (counted from 1) to the entries of a concrete matrix."""
    return {
        base[row + 1, column + 1]: matrix[row, column]
        for row in range(matrix.rows)
        for column in range(matrix.cols)
    }


def linear_matrices():
    """Return X (n, m), y (n, 1) and theta (m, 1) of the linear part of the batch check."""
    return (
        matrix_of_symbols("xl", BATCH_SAMPLES, LINEAR_FEATURES),
        matrix_of_symbols("yl", BATCH_SAMPLES, 1),
        matrix_of_symbols("theta", LINEAR_FEATURES, 1),
    )


def network_matrices():
    """Return X (n, m), W (m, b), V (b, c) and Y (n, c) of the network part of the batch check."""
    from .two_layer import batch_matrices

    return batch_matrices(NETWORK_OUTPUTS)


def bias_mask(size):
    """Return D = diag(0, 1, ..., 1) of the given size as a SymPy matrix."""
    return sp.diag(0, *([1] * (size - 1)))


def batch_equations():
    """Return D and the three batch gradients, with the matrix nodes they use."""
    nodes = {
        key: Matrix(key, tex)
        for key, tex in {
            "X_linear": "X", "y": "y", "h": "h", "theta": r"\theta", "D_linear": "D",
            "X": "X", "V": "V", "W": "W", "Z": "Z", "D": "D",
            "output_term": r"\Delta^{\mathrm{out}}", "hidden_term": r"\Delta^{\mathrm{hid}}",
        }.items()
    }
    mask = Equation(
        f"{MODEL}.bias-mask", "D", [Notation(r"\operatorname{diag}(0, 1, \dots, 1)")], kind="definition"
    )
    linear = Equation(
        f"{MODEL}.batch-linear", r"\nabla_\theta J",
        [nodes["X_linear"].T @ (nodes["h"] - nodes["y"]) + Scaled(strength, nodes["D_linear"] @ nodes["theta"])],
        kind="batch",
    )
    by_w = Equation(
        f"{MODEL}.batch-w", r"\nabla_W J",
        [nodes["X"].T @ nodes["hidden_term"] + Scaled(strength, nodes["D"] @ nodes["W"])],
        kind="batch",
    )
    by_v = Equation(
        f"{MODEL}.batch-v", r"\nabla_V J",
        [nodes["Z"].T @ nodes["output_term"] + Scaled(strength, nodes["V"])],
        kind="batch",
    )
    return mask, linear, by_w, by_v


@cache
def derivation():
    """Build the derivation of L2 regularization: equations and checks."""
    mask, linear, by_w, by_v = batch_equations()
    equations = [*per_entry_equations(), *network_equations(), mask, linear, by_w, by_v]
    h, y = sp.symbols("h y", real=True)
    linear_loss = sp.Rational(1, 2) * (h - y) ** 2  # the loss of the linear-regression page

    def batch():
        X_linear, y_linear, theta_linear = linear_matrices()
        h_linear = X_linear * theta_linear
        linear_total = sum(
            linear_loss.subs({h: h_linear[k], y: y_linear[k]}) for k in range(BATCH_SAMPLES)
        ) + penalty().subs({m: LINEAR_FEATURES, c: 1}).xreplace(entries_of(theta, theta_linear))

        X, W, V, Y = network_matrices()
        Z_hat, Z, _, H = batch_forward(network_derivation.NETWORK, X, W, V)
        network_sizes = {m: W.rows, b: W.cols, c: V.cols}
        network_total = batch_loss(network_derivation.NETWORK, H, Y) + network_penalty().subs(
            network_sizes
        ).xreplace({**entries_of(w, W), **entries_of(v, V)})

        env = {
            "X_linear": X_linear, "y": y_linear, "h": h_linear, "theta": theta_linear,
            "D_linear": bias_mask(LINEAR_FEATURES),
            "X": X, "W": W, "V": V, "Y": Y, "Z_hat": Z_hat, "Z": Z, "H": H, "D": bias_mask(W.rows),
        }
        env.update(network_terms(env))
        # The network's labels sum to 1 in every row, as its own batch check assumes.
        return core.BatchCheck(
            loss=linear_total + network_total,
            parameters={"theta": theta_linear, "W": W, "V": V},
            gradients={"theta": linear, "W": by_w, "V": by_v},
            env=env,
            given=sum_to_one(Y),
        )

    def numpy_point(rng):
        X_linear, y_linear, theta_linear = linear_matrices()
        X, W, V, Y = network_matrices()
        values = {symbol: rng.uniform(-2, 2) for symbol in [*X_linear, *y_linear, *theta_linear, *X, *W, *V]}
        # The bias column of ones, which with_l2 requires when the bias row is exempt.
        values.update({X_linear[row, 0]: 1.0 for row in range(X_linear.rows)})
        values.update({X[row, 0]: 1.0 for row in range(X.rows)})
        for row in range(Y.rows):
            label = rng.randrange(NETWORK_OUTPUTS)
            values.update({Y[row, k]: float(k == label) for k in range(NETWORK_OUTPUTS)})
        values[strength] = rng.uniform(0.1, 2.0)
        return values

    def numpy_evaluate(values):
        X_linear, y_linear, theta_linear = (to_array(M, values) for M in linear_matrices())
        X, W, V, Y = (to_array(M, values) for M in network_matrices())
        lam = values[strength]
        linear_value, gradient = with_l2(linear_regression.loss_and_gradient, lam)(X_linear, y_linear, theta_linear)
        network_value, (dW, dV) = with_l2(network.loss_and_gradient, lam)(X, Y, W, V)
        return linear_value + network_value, {"theta": gradient, "W": dW, "V": dV}

    return core.Derivation(
        MODEL, "L2 regularization", equations, batch, numpy_point, numpy_evaluate, finite_differences,
    )


def network_terms(env):
    """Return the network's output-layer and hidden-layer terms, evaluated in ``env``.

    They are the formulas of the ReLU/softmax network's page: H - Y, and
    (Delta_out V^T) o 1[Z_hat > 0].
    """
    nodes = network_derivation.matrices()
    output_term = (nodes["H"] - nodes["Y"]).evaluate(env)
    hidden = hadamard(nodes["output_term"] @ nodes["V"].T, Elementwise(step, nodes["Z_hat"]))
    return {"output_term": output_term, "hidden_term": hidden.evaluate({**env, "output_term": output_term})}


# --- Finite differences -------------------------------------------------------

STRENGTH = 0.7  # lambda of the finite-difference checks


def with_bias(rng, n, m):
    """Draw X (n, m) whose first column is the bias column of ones."""
    return np.hstack([np.ones((n, 1)), rng.standard_normal((n, m - 1))])


def single_parameter_checks(rng):
    """Check linear, logistic and softmax regression plus L2 against finite differences, n = 20."""
    X = with_bias(rng, 20, 4)
    targets = rng.standard_normal((20, 1))
    labels = rng.integers(0, 2, size=(20, 1)).astype(float)
    ids = rng.integers(0, 3, size=20)
    models = [
        ("linear", linear_regression.loss_and_gradient, targets, (4, 1)),
        ("logistic", logistic_regression.cross_entropy_loss_and_gradient, labels, (4, 1)),
        ("softmax", softmax_regression.loss_and_gradient, ids, (4, 3)),
    ]
    checks = []
    for name, function, y, shape in models:
        regularized = with_l2(function, STRENGTH)
        start = rng.standard_normal(shape)
        check = gradcheck.check_gradient(lambda point: regularized(X, y, point), start)
        checks.append((f"{name} + L2, theta {shape}", check))
    return checks


def network_checks(rng):
    """Check both networks plus L2 against finite differences by W and V: n = 20, m = 4, b = 5, c = 3."""
    checks = []
    X, W, V = network_derivation.away_from_kinks(rng, 20, 4, 5, 3)
    ids = rng.integers(0, 3, size=20)
    targets = rng.uniform(0, 1, size=(20, 3))
    for name, function, y in (
        ("ReLU/softmax net", network.loss_and_gradient, ids),
        ("sigmoid net", sigmoid_network.loss_and_gradient, targets),
    ):
        regularized = with_l2(function, STRENGTH)

        def by_w(W_, regularized=regularized, y=y):
            value, (dW, _) = regularized(X, y, W_, V)
            return value, dW

        def by_v(V_, regularized=regularized, y=y):
            value, (_, dV) = regularized(X, y, W, V_)
            return value, dV

        checks.append((f"{name} + L2, W", gradcheck.check_gradient(by_w, W)))
        checks.append((f"{name} + L2, V", gradcheck.check_gradient(by_v, V)))
    return checks


def finite_differences(rng):
    """Check every model's L2-regularized gradient against centred differences."""
    return single_parameter_checks(rng) + network_checks(rng)
