"""Per-sample notation of the two-layer networks, and the checks of their steps.

One sample is a row x of X, with features x_1 ... x_m and targets y_1 ... y_c.
It passes through

    z_hat_s = sum_j x_j w_js,    z_s = g(z_hat_s),    h_hat_r = sum_t z_t v_tr,    h_r,

where g is the hidden activation and h_r the r-th output. The indices i, s
and r run over the features, the hidden units and the outputs. The dummy
indices of sums are j, t, d and f.

The per-sample steps are checked at concrete sizes: m = 2 features, b = 2
hidden units and c = 3 outputs, once for every value of the equation's free
indices. With symbolic sizes SymPy leaves Kronecker deltas inside nested
sums, and it cancels two sums only when their dummy indices happen to agree.
At concrete sizes every sum is explicit, the activations are SymPy functions
with their own derivative rules, and ``expand`` decides each identity.

To make that work, every per-sample quantity is a SymPy function of its
indices (``w(i, s)`` prints as w_{is}) and every sum over a layer is a
``LayerSum``. An equation's ``given`` replaces each quantity by a ``Lambda``
that computes its value from the quantities held free in that step (the
stand-ins ``W[1, 2]`` and so on), and replaces m, b and c by the sizes; its
``cases`` give the free indices each of their values. The replacements do
not depend on each other, so the order in which SymPy makes them does not
matter.
"""

from dataclasses import dataclass
from itertools import product

import sympy as sp

from .concrete import matrix_of_symbols
from .core import Equation

# --- Notation ---------------------------------------------------------------


class Quantity(sp.Function):
    """A per-sample quantity, such as x_i or w_{is}: a SymPy function of its indices."""

    is_real = True
    tex = ""

    def _latex(self, printer, exp=None):
        indices = "".join(printer._print(index) for index in self.args)
        body = f"{self.tex}_{{{indices}}}"
        return body if exp is None else f"{{{body}}}^{{{exp}}}"


def quantity(name, tex, arity):
    """Create the ``Quantity`` class of one per-sample quantity with ``arity`` indices."""
    return type(name, (Quantity,), {"tex": tex, "nargs": arity})


x = quantity("x", "x", 1)
w = quantity("w", "w", 2)
z_hat = quantity("z_hat", r"\hat{z}", 1)
z = quantity("z", "z", 1)
v = quantity("v", "v", 2)
h_hat = quantity("h_hat", r"\hat{h}", 1)
h = quantity("h", "h", 1)
y = quantity("y", "y", 1)
# The two backpropagated error terms: dL/dh_hat_r and dL/dz_hat_s.
output_term = quantity("output_term", r"\delta^{\mathrm{out}}", 1)
hidden_term = quantity("hidden_term", r"\delta^{\mathrm{hid}}", 1)

i, s, r = sp.symbols("i s r", integer=True, positive=True)
j, t, d, f = sp.symbols("j t d f", integer=True, positive=True)
c_star = sp.Symbol("c^*", integer=True, positive=True)
m, b, c = sp.symbols("m b c", integer=True, positive=True)

# The sizes of the per-sample checks. Every sum over a layer has at least two
# terms, and c = 3 as in the checks of softmax regression.
FEATURES, HIDDEN, OUTPUTS = 2, 2, 3
SIZES = {m: FEATURES, b: HIDDEN, c: OUTPUTS}
# The free indices of the per-sample equations and their ranges. d is also
# the dummy of the loss's sum; it is free only in steps by h_d.
INDEX_RANGES = {i: FEATURES, s: HIDDEN, r: OUTPUTS, d: OUTPUTS, c_star: OUTPUTS}

# Stand-ins for the quantities held free in a step: W[1, 2] is w_{12}.
STAND_INS = {
    quantity_class: sp.IndexedBase(quantity_class.__name__, real=True)
    for quantity_class in (x, w, z_hat, z, v, h_hat, h, y)
}


class LayerSum(sp.Sum):
    """A sum over the units of a layer, evaluated as soon as its limits are numbers.

    On a page it prints as a sum to m, b or c. In a check, replacing the size
    by a number rebuilds the sum through this constructor, which then writes
    it out term by term.
    """

    def __new__(cls, function, *limits, **assumptions):
        total = super().__new__(cls, function, *limits, **assumptions)
        if isinstance(total, sp.Sum) and all(
            limit[1].is_Integer and limit[2].is_Integer for limit in total.limits
        ):
            return total.doit()
        return total


def ordered_sum(*terms):
    """Build a sum that prints its terms in the order given, such as h_r - y_r."""
    return sp.Add(*terms, evaluate=False)


def ordered_product(*factors):
    """Build a product that prints its factors in the order given."""
    return sp.Mul(*factors, evaluate=False)


def hidden_logit():
    """Return the definition of z_hat_s: sum_j x_j w_js."""
    return LayerSum(ordered_product(x(j), w(j, s)), (j, 1, m))


def output_logit(index=r):
    """Return the definition of h_hat at ``index``: sum_t z_t v_t,index."""
    return LayerSum(ordered_product(z(t), v(t, index)), (t, 1, b))


# --- The network at concrete sizes ----------------------------------------------


@dataclass(frozen=True)
class Network:
    """The activations and the per-sample loss of one two-layer network.

    Parameters
    ----------
    hidden_activation : SymPy function class
        g in z_s = g(z_hat_s), such as ``sigmoid`` or ``relu``.
    output_activation : callable
        ``output_activation(k, logit, classes)`` returns h_k, where ``logit``
        maps an index to h_hat at that index and ``classes`` is c.
    loss : sympy expression
        The per-sample loss, in ``h(d)`` and ``y(d)``, summed by a ``LayerSum``
        over d to c: the definition shown on the page.
    """

    hidden_activation: type
    output_activation: object
    loss: sp.Expr


def _lambda(function, arity):
    variables = sp.symbols(f"k_1:{arity + 1}", cls=sp.Dummy, integer=True)
    return sp.Lambda(variables, function(*variables))


def label_values(labels):
    """Return the values of y_k for a label assumption, as a function of k.

    ``"free"``: every y_k is a free symbol. ``"sum-to-one"``: the labels of
    the sample sum to 1, so y_c = 1 - y_1 - ... - y_{c-1}. ``"one-hot"``:
    y_k = 1 for k = c^* and 0 otherwise.
    """
    Y = STAND_INS[y]
    if labels == "free":
        return lambda k: Y[k]
    if labels == "sum-to-one":
        last = 1 - sum(Y[k] for k in range(1, OUTPUTS))
        return lambda k: sp.Piecewise((last, sp.Eq(k, OUTPUTS)), (Y[k], True))
    if labels == "one-hot":
        return lambda k: sp.KroneckerDelta(k, c_star)
    raise ValueError(f"labels is {labels!r}; expected 'free', 'sum-to-one' or 'one-hot'.")


def forward_values(network, free, labels):
    """Return the value of each quantity, as a Python function of its indices.

    The inputs x, w, v and the labels y are always variables. Of z_hat, z,
    h_hat and h, those named in ``free`` are variables too, and the others
    are computed through the layers from the ones before them.
    """
    values = {
        x: lambda k: STAND_INS[x][k],
        w: lambda k, l: STAND_INS[w][k, l],
        v: lambda k, l: STAND_INS[v][k, l],
        y: label_values(labels),
    }
    features, hidden = range(1, FEATURES + 1), range(1, HIDDEN + 1)
    layers = [
        (z_hat, lambda k: sp.Add(*(values[x](q) * values[w](q, k) for q in features))),
        (z, lambda k: network.hidden_activation(values[z_hat](k))),
        (h_hat, lambda k: sp.Add(*(values[z](q) * values[v](q, k) for q in hidden))),
        (h, lambda k: network.output_activation(k, values[h_hat], OUTPUTS)),
    ]
    for name, computed in layers:
        stand_in = STAND_INS[name]
        values[name] = (lambda k, base=stand_in: base[k]) if name in free else computed
    return values


def concrete_given(network, free, labels="free", terms=()):
    """Return the substitutions that make a step's expressions concrete.

    They replace m, b and c by the sizes and every quantity by its value (see
    ``forward_values``). The error terms named in ``terms`` (``output_term``,
    ``hidden_term``) are replaced by what they stand for, SymPy's derivative
    of the loss by h_hat_k or by z_hat_k, written in the same free quantities.
    """
    values = forward_values(network, free, labels)
    given = {**SIZES}
    for name, value in values.items():
        given[name] = _lambda(value, max(name.nargs))
    layers = {output_term: h_hat, hidden_term: z_hat}
    for term in terms:
        given[term] = _lambda(
            lambda k, layer=layers[term]: _loss_derivative(network, values, layer, k, labels), 1
        )
    return given


def _loss_derivative(network, values, layer, k, labels):
    """Differentiate the loss by ``layer`` at index k, then write it in ``values``."""
    at_layer = concrete_given(network, free=(layer,), labels=labels)
    derivative = sp.diff(network.loss.subs(at_layer), STAND_INS[layer][k])
    units = HIDDEN if layer is z_hat else OUTPUTS
    return derivative.subs({STAND_INS[layer][q]: values[layer](q) for q in range(1, units + 1)})


def stand_in(application):
    """Return the stand-in of a quantity at its indices: ``w(i, s)`` gives ``w[i, s]``."""
    return STAND_INS[application.func][application.args]


def checked_step(network, key, lhs, forms, expression, variable, free, labels="free", factors=()):
    """Build a derived per-sample equation, checked against SymPy's derivative or value.

    Parameters
    ----------
    network : Network
    key, lhs : str
        As for ``Equation``.
    forms : list
        The right-hand forms, written in the per-sample quantities.
    expression : sympy expression
        What the left side differentiates: the loss, or a layer's definition.
    variable : Quantity application or None
        The variable of differentiation, such as ``w(i, s)``; None compares
        the forms with the value of ``expression`` itself.
    free : tuple of Quantity classes
        The quantities among z_hat, z, h_hat and h that stay variables in
        this step; the others are computed from them or from the inputs.
    labels : str
        The label assumption of ``label_values``.
    factors : tuple of Equation
        The equations whose last forms multiply to the first form: the
        chain rule, checked through ``Equation.product_of``.

    Returns
    -------
    Equation
        Its reference is the derivative of ``expression`` by ``variable`` at
        the concrete sizes, with symbolic indices, and its cases give every
        free index each of its values.
    """
    checked = [form for form in forms if isinstance(form, sp.Basic)]
    checked += [factor.sympy_forms()[-1] for factor in factors]
    terms = tuple(term for term in (output_term, hidden_term) if any(e.has(term) for e in checked))
    given = concrete_given(network, free, labels, terms)
    reference = expression.subs(given)
    used = set(expression.free_symbols)
    if variable is not None:
        reference = sp.diff(reference, stand_in(variable))
        used |= variable.free_symbols
    for form in checked:
        used |= form.free_symbols
    indices = sorted(used & set(INDEX_RANGES), key=str)
    cases = tuple(
        dict(zip(indices, values))
        for values in product(*(range(1, INDEX_RANGES[index] + 1) for index in indices))
    )
    if indices:
        reference = lookup(reference, indices, cases)
    return Equation(
        key, lhs, list(forms), reference=reference, given=_needed(given, checked),
        product_of=tuple(factor.key for factor in factors), cases=cases,
    )


def lookup(expression, indices, cases):
    """Return ``expression`` as a function of ``indices`` that is evaluated once per case.

    The derivative by w[i, s] with symbolic i and s contains a Kronecker delta
    for every entry of W, and ``subs`` visits the whole of it once per key
    of ``given``. The returned function stays a small unevaluated call until
    every index is a number, and then becomes its case's entry, which is
    ``expression`` with the deltas evaluated.
    """
    entries = {
        tuple(case[index] for index in indices): expression.xreplace(
            {index: sp.Integer(value) for index, value in case.items()}
        )
        for case in cases
    }

    def evaluate(cls, *arguments):
        if all(argument.is_Integer for argument in arguments):
            return entries[tuple(int(argument) for argument in arguments)]
        return None

    table = type("reference", (sp.Function,), {"eval": classmethod(evaluate), "nargs": len(indices)})
    return table(*indices)


def _needed(given, expressions):
    """Keep the substitutions whose key occurs in ``expressions``.

    ``subs`` visits the whole expression once per key, so the unused keys
    cost most of the time of a check.
    """
    present = set()
    for expression in expressions:
        present |= expression.free_symbols
        present |= {application.func for application in expression.atoms(Quantity)}
    return {key: value for key, value in given.items() if key in present}


# --- The batch ----------------------------------------------------------------

BATCH_SAMPLES = 3


def batch_matrices(outputs):
    """Return X (n, m), W (m, b), V (b, c) and Y (n, c) as matrices of real symbols."""
    return (
        matrix_of_symbols("x", BATCH_SAMPLES, FEATURES),
        matrix_of_symbols("w", FEATURES, HIDDEN),
        matrix_of_symbols("v", HIDDEN, outputs),
        matrix_of_symbols("y", BATCH_SAMPLES, outputs),
    )


def batch_forward(network, X, W, V):
    """Return Z_hat, Z, H_hat and H for matrices of symbols."""
    Z_hat = X * W
    Z = Z_hat.applyfunc(network.hidden_activation)
    H_hat = Z * V
    classes = V.shape[1]
    H = sp.Matrix(
        H_hat.rows, classes,
        lambda row, column: network.output_activation(
            column + 1, lambda k: H_hat[row, k - 1], classes
        ),
    )
    return Z_hat, Z, H_hat, H


def batch_loss(network, H, Y):
    """Sum the per-sample loss definition over the rows of H and Y."""
    classes = H.shape[1]
    explicit = network.loss.subs(c, classes)
    total = 0
    for row in range(H.rows):
        total += explicit.xreplace(
            {
                **{h(k): H[row, k - 1] for k in range(1, classes + 1)},
                **{y(k): Y[row, k - 1] for k in range(1, classes + 1)},
            }
        )
    return total


def sum_to_one(Y):
    """Return the substitutions that make each row of Y sum to 1 (the last entry is the rest)."""
    return {Y[row, -1]: 1 - sum(Y[row, :-1]) for row in range(Y.rows)}
