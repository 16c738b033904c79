"""The building blocks of a checked derivation.

An ``Equation`` is one display equation of a derivation page: a left side
written as notation (the name of a quantity, such as dL/dh) and one or more
right-hand forms printed from SymPy expressions. Each form is compared with a
reference value computed independently (usually by ``sympy.diff``), so the
page shows exactly the expressions that were checked.

A ``BatchCheck`` compares the vectorized formulas, such as X^T (h - y), with
the entrywise SymPy gradient of the loss summed over a small batch of
symbols. The formulas are written with ``MatrixFormula`` nodes, which both
print the LaTeX shown on the page and evaluate to explicit SymPy matrices.
"""

import random
import signal
from dataclasses import dataclass, field

import sympy as sp

from .functions import relu, sigmoid, step, threshold

SIMPLIFY_SECONDS = 20
NUMERIC_POINTS = 6
NUMERIC_DIGITS = 40


# --- Equality of two expressions -------------------------------------------


class SimplifyTimeout(BaseException):
    """Raised by the alarm that bounds ``simplify``.

    It derives from ``BaseException`` because SymPy catches ``Exception`` in
    places and would carry on past an ordinary one.
    """


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two expressions.

    ``equal`` is True when proved equal, False when a point was found where
    they differ, and None when they agreed at random points only.
    """

    equal: bool | None
    method: str
    detail: str = ""


def _alarm(signum, frame):
    raise SimplifyTimeout


def _random_point(symbols, rng):
    values = {}
    for symbol in symbols:
        value = sp.Rational(rng.randint(-900, 900), rng.randint(100, 400))
        if symbol.is_positive or symbol.is_nonnegative:
            value = abs(value) + sp.Rational(1, 7)
        values[symbol] = value
    return values


def compare(a, b, given=None, seed=0):
    """Decide whether ``a == b``: exactly if possible, else at random rational points.

    ``given`` maps symbols to what they stand for (h to sigmoid(h_hat), say)
    and is substituted into both sides first. ``expand(a - b) == 0`` is tried
    first. Otherwise the difference is evaluated with 40 digits at random
    rational points, where a nonzero value disproves the claim, and only then
    is ``simplify`` tried under a time limit. Zeros at random points without
    a proof make the claim only probable, and the result reports it as such.
    """
    difference = sp.sympify(a) - sp.sympify(b)
    if given:
        difference = difference.subs(given)
    if sp.expand(difference) == 0:
        return Comparison(True, "expand")

    counterexample = find_counterexample(difference, random.Random(seed))
    if counterexample:
        return Comparison(False, "counterexample", counterexample)

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SIMPLIFY_SECONDS)
    try:
        if sp.simplify(difference.rewrite(sp.exp)) == 0:
            return Comparison(True, "simplify")
    except SimplifyTimeout:
        pass
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return Comparison(None, "random points", f"zero at {NUMERIC_POINTS} random points")


def find_counterexample(difference, rng, index_value=2):
    """Evaluate ``difference`` at random rational points; describe the first nonzero value.

    Integer symbols (indices and sizes such as i and m) are set to
    ``index_value``, so that sums can be expanded. Every other symbol and
    every indexed entry gets a random rational. Returns "" if all are zero.
    """
    integers = {s: index_value for s in difference.free_symbols if isinstance(s, sp.Symbol) and s.is_integer}
    concrete = difference.subs(integers).doit()
    entries = sorted(concrete.atoms(sp.Indexed), key=str)
    labels = {entry.base.label for entry in entries}
    symbols = sorted(
        (s for s in concrete.free_symbols if isinstance(s, sp.Symbol) and s not in labels), key=str
    )
    for _ in range(NUMERIC_POINTS):
        point = _random_point([*entries, *symbols], rng)
        value = sp.N(concrete.subs(point), NUMERIC_DIGITS)
        if not value.is_number or abs(value) > sp.Float(10) ** (10 - NUMERIC_DIGITS):
            shown = ", ".join(f"{s} = {v}" for s, v in point.items())
            return f"difference {value} at {shown}"
    return ""


# --- Matrix formulas that print and evaluate --------------------------------

ATOM, PRODUCT, SUM = 3, 2, 1


class MatrixFormula:
    """A node of a vectorized formula: prints as LaTeX, evaluates to a SymPy Matrix."""

    precedence = ATOM

    def latex(self):
        raise NotImplementedError

    def evaluate(self, env):
        raise NotImplementedError

    def wrapped(self, below):
        text = self.latex()
        return rf"\left({text}\right)" if self.precedence < below else text

    def __matmul__(self, other):
        return MatrixProduct(self, other)

    def __sub__(self, other):
        return Difference(self, other)

    def __add__(self, other):
        return Total(self, other)

    @property
    def T(self):
        return Transpose(self)


@dataclass(frozen=True, eq=False)
class Matrix(MatrixFormula):
    """A named matrix such as X or theta; ``key`` looks up its value when evaluating."""

    key: str
    tex: str

    def latex(self):
        return self.tex

    def evaluate(self, env):
        return env[self.key]


@dataclass(frozen=True, eq=False)
class Transpose(MatrixFormula):
    operand: MatrixFormula

    def latex(self):
        return rf"{self.operand.wrapped(ATOM)}^\top"

    def evaluate(self, env):
        return self.operand.evaluate(env).T


@dataclass(frozen=True, eq=False)
class MatrixProduct(MatrixFormula):
    left: MatrixFormula
    right: MatrixFormula
    precedence = PRODUCT

    def latex(self):
        return rf"{self.left.wrapped(PRODUCT)} {self.right.wrapped(ATOM)}"

    def evaluate(self, env):
        return self.left.evaluate(env) * self.right.evaluate(env)


@dataclass(frozen=True, eq=False)
class Hadamard(MatrixFormula):
    """The elementwise product a o b o ..."""

    factors: tuple
    precedence = PRODUCT

    def latex(self):
        return r" \circ ".join(f.wrapped(ATOM) for f in self.factors)

    def evaluate(self, env):
        result = self.factors[0].evaluate(env)
        for factor in self.factors[1:]:
            result = result.multiply_elementwise(factor.evaluate(env))
        return result


def hadamard(*factors):
    """Build the elementwise product of two or more matrix formulas."""
    return Hadamard(tuple(factors))


@dataclass(frozen=True, eq=False)
class Difference(MatrixFormula):
    left: MatrixFormula
    right: MatrixFormula
    precedence = SUM

    def latex(self):
        return rf"{self.left.latex()} - {self.right.wrapped(PRODUCT)}"

    def evaluate(self, env):
        return self.left.evaluate(env) - self.right.evaluate(env)


@dataclass(frozen=True, eq=False)
class Total(MatrixFormula):
    left: MatrixFormula
    right: MatrixFormula
    precedence = SUM

    def latex(self):
        return rf"{self.left.latex()} + {self.right.latex()}"

    def evaluate(self, env):
        return self.left.evaluate(env) + self.right.evaluate(env)


@dataclass(frozen=True, eq=False)
class OneMinus(MatrixFormula):
    """1 - a, with 1 the matrix of ones of a's shape."""

    operand: MatrixFormula
    precedence = SUM

    def latex(self):
        return rf"1 - {self.operand.wrapped(PRODUCT)}"

    def evaluate(self, env):
        value = self.operand.evaluate(env)
        return sp.ones(*value.shape) - value


@dataclass(frozen=True, eq=False)
class Scaled(MatrixFormula):
    """A scalar times a matrix, such as lambda theta."""

    scalar: sp.Expr
    operand: MatrixFormula
    precedence = PRODUCT

    def latex(self):
        return rf"{sp.latex(self.scalar)} {self.operand.wrapped(PRODUCT)}"

    def evaluate(self, env):
        return self.scalar * self.operand.evaluate(env)


@dataclass(frozen=True, eq=False)
class Elementwise(MatrixFormula):
    """A scalar function applied to every entry, such as sigma(X theta)."""

    function: type
    operand: MatrixFormula

    def latex(self):
        return sp.latex(self.function(sp.Symbol("PLACEHOLDER"))).replace(
            "PLACEHOLDER", self.operand.latex()
        )

    def evaluate(self, env):
        return self.operand.evaluate(env).applyfunc(self.function)


# --- Equations and derivations ---------------------------------------------


@dataclass(frozen=True)
class Notation:
    """A right-hand form that is notation only, such as a chain of partial derivatives."""

    tex: str


@dataclass
class Equation:
    """One display equation of a derivation page.

    Parameters
    ----------
    key : str
        ``"<model>.<name>"``; the page anchor is ``eq-<model>-<name>``.
    lhs : str
        LaTeX of the left side.
    forms : list
        The right-hand forms, in order: SymPy expressions, ``MatrixFormula``
        trees or ``Notation``.
    kind : str
        ``"definition"``: the first form defines the left side, and later
        forms are checked against it. ``"derived"``: every SymPy form is
        checked against ``reference``. ``"batch"``: the matrix forms are
        checked by the derivation's ``BatchCheck``.
    reference : sympy expression, optional
        The value of the left side, computed independently of the forms.
    given : dict, optional
        Substitutions applied to both sides before comparing.
    product_of : tuple of str, optional
        Keys of equations whose last forms multiply to this equation's first
        SymPy form: the chain rule, checked as an identity.
    cases : tuple of dict, optional
        When given, every comparison is made once per case, with the case's
        substitutions added to ``given`` (y = 0 and y = 1, say).
    """

    key: str
    lhs: str
    forms: list
    kind: str = "derived"
    reference: object = None
    given: dict = field(default_factory=dict)
    product_of: tuple = ()
    cases: tuple = ()

    @property
    def anchor(self):
        return "eq-" + self.key.replace(".", "-")

    def sympy_forms(self):
        return [f for f in self.forms if not isinstance(f, (Notation, MatrixFormula))]

    def latex(self):
        """Render the equation as LaTeX: one line, or an aligned chain of forms."""
        rendered = [render(form) for form in self.forms]
        if len(rendered) == 1:
            return f"{self.lhs} = {rendered[0]}"
        lines = [rf"{self.lhs} &= {rendered[0]}"] + [f"&= {text}" for text in rendered[1:]]
        return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def render(form):
    """Print one right-hand form as LaTeX, keeping the order in which it was built."""
    if isinstance(form, Notation):
        return form.tex
    if isinstance(form, MatrixFormula):
        return form.latex()
    return sp.latex(form, order="none")


@dataclass(frozen=True)
class StepResult:
    """The outcome of checking one equation."""

    key: str
    status: str  # "proved", "probable", "failed" or "definition"
    detail: str


def check_equation(equation, equations_by_key):
    """Check every checkable form of ``equation`` and return a ``StepResult``."""
    if equation.kind == "batch":
        raise ValueError(f"{equation.key} is a batch equation; run its derivation's BatchCheck.")
    forms = equation.sympy_forms()
    if equation.kind == "definition":
        if len(forms) < 2:
            return StepResult(equation.key, "definition", "defines the left side")
        reference, forms = forms[0], forms[1:]
    else:
        if equation.reference is None:
            raise ValueError(f"{equation.key} is a derived equation with no reference value.")
        reference = equation.reference

    comparisons = []
    for case in equation.cases or ({},):
        given = {**equation.given, **case}
        comparisons += [compare(form, reference, given) for form in forms]
        if equation.product_of:
            factors = [equations_by_key[key].sympy_forms()[-1] for key in equation.product_of]
            comparisons.append(compare(forms[0], sp.Mul(*factors), given))
    for comparison in comparisons:
        if comparison.equal is False:
            return StepResult(equation.key, "failed", comparison.detail)
    if any(comparison.equal is None for comparison in comparisons):
        return StepResult(equation.key, "probable", "; ".join(c.detail for c in comparisons))
    methods = sorted({comparison.method for comparison in comparisons})
    return StepResult(equation.key, "proved", f"{len(comparisons)} comparisons by {', '.join(methods)}")


@dataclass
class BatchCheck:
    """The gradient of a loss summed over a small batch of symbols, against vectorized formulas.

    Parameters
    ----------
    loss : sympy expression
        The loss summed over the batch, in the entries of the matrices.
    parameters : dict of str to sympy.Matrix
        Each parameter matrix of symbols, by its name in ``env``.
    gradients : dict of str to Equation
        For each parameter, the batch equation whose matrix forms claim its gradient.
    env : dict of str to sympy.Matrix
        Values of every ``Matrix`` node in the formulas.
    given : dict, optional
        Substitutions applied before comparing (such as one-hot constraints).
    """

    loss: sp.Expr
    parameters: dict
    gradients: dict
    env: dict
    given: dict = field(default_factory=dict)

    def symbolic_gradient(self, name):
        """Differentiate the summed loss by every entry of one parameter matrix."""
        P = self.parameters[name]
        return P.applyfunc(lambda entry: sp.diff(self.loss, entry))

    def run(self):
        """Compare every entry; return (entries compared, list of mismatch descriptions)."""
        compared, mismatches = 0, []
        for name, equation in self.gradients.items():
            gradient = self.symbolic_gradient(name)
            for form in equation.forms:
                if not isinstance(form, MatrixFormula):
                    continue
                claimed = form.evaluate(self.env)
                if claimed.shape != gradient.shape:
                    mismatches.append(
                        f"{equation.key}: shape {claimed.shape}, gradient shape {gradient.shape}"
                    )
                    continue
                for index in range(len(gradient)):
                    compared += 1
                    difference = sp.expand((gradient[index] - claimed[index]).subs(self.given))
                    if difference != 0:
                        mismatches.append(f"{equation.key} entry {index}: difference {difference}")
        return compared, mismatches


def check_rules():
    """Check each SymPy function's derivative rule against its explicit form.

    Returns a list of (name, Comparison).
    """
    z = sp.Symbol("z", real=True)
    results = [
        ("sigmoid'", compare(sp.diff(sigmoid(z), z).rewrite(sp.exp), sp.diff(1 / (1 + sp.exp(-z)), z))),
    ]
    derivative = sp.diff(relu(z), z)
    for value, expected in ((sp.Rational(3, 2), 1), (sp.Rational(-3, 2), 0), (sp.S.Zero, 0)):
        results.append((f"relu'({value})", compare(derivative.subs(z, value), expected)))
    unit_step = sp.Piecewise((1, z >= 0), (0, True))
    for value in (sp.Rational(3, 2), sp.Rational(-3, 2)):
        rule = sp.diff(threshold(z), z).subs(z, value)
        results.append((f"threshold'({value})", compare(rule, sp.diff(unit_step, z).subs(z, value))))
    results.append(("threshold(0)", compare(threshold(sp.S.Zero), 1)))
    results += softmax_rules()
    return results


def differentiate(expression, variable):
    """Differentiate, evaluating sums, and drop the index-range guards of the result.

    ``diff(Sum(x[j] theta[j], (j, 1, m)), theta[i]).doit()`` leaves
    ``Piecewise((x[i], i <= m), (0, True))``; the guard always holds because
    i is an index in 1..m, so the first branch is kept.
    """
    result = sp.diff(expression, variable).doit()
    return result.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: e.args[0][0])


@dataclass
class Derivation:
    """A model's equations and the checks that tie them to the NumPy code.

    Parameters
    ----------
    key, title : str
        The model's id (used in equation keys and page names) and its name.
    equations : list of Equation
        In page order.
    batch : callable
        Returns the ``BatchCheck`` at small concrete sizes.
    numpy_point : callable
        Maps a ``random.Random`` to values (symbol to float) for every symbol
        of the batch loss: a random valid input.
    numpy_evaluate : callable
        Maps those values to ``(loss, {parameter name: gradient array})``
        computed by derivlib's NumPy functions.
    finite_differences : callable
        Maps a ``numpy.random.Generator`` to a list of ``(label, GradientCheck)``
        on larger random inputs.
    """

    key: str
    title: str
    equations: list
    batch: object
    numpy_point: object
    numpy_evaluate: object
    finite_differences: object

    def equation(self, name):
        return self.by_key()[f"{self.key}.{name}"]

    def by_key(self):
        return {equation.key: equation for equation in self.equations}


@dataclass
class RegionBatchCheck(BatchCheck):
    """A ``BatchCheck`` of a piecewise loss, run once in each of several regions.

    A perceptron's loss is piecewise linear in the parameters: the piece
    depends on the predictions, which are constant between the boundaries
    where some score changes sign or two scores tie, and at those boundaries
    the loss has no derivative. ``loss`` writes the piece selectors as
    expressions (the threshold of each x theta, the maximum of each row of
    scores), and ``regions`` maps a label such as "h = (1, 0, 1)" to the
    replacement of each selector by its value in that region. ``env`` may
    hold the selectors or placeholder symbols that the same replacements fix.

    ``run`` makes the replacements in the loss and in ``env`` before
    differentiating, so in each region the predictions are held fixed, and
    compares every entry with the formulas. ``symbolic_gradient`` still
    differentiates the unreplaced ``loss``: the derivative almost everywhere,
    which the NumPy comparison evaluates away from the boundaries.
    """

    regions: dict = field(default_factory=dict)

    def region(self, label):
        """Return the plain ``BatchCheck`` of one region, with its selectors replaced."""
        replacements = self.regions[label]
        return BatchCheck(
            loss=self.loss.xreplace(replacements),
            parameters=self.parameters,
            gradients=self.gradients,
            env={key: value.xreplace(replacements) for key, value in self.env.items()},
            given=self.given,
        )

    def run(self):
        """Run the check in every region; return (entries compared, mismatch descriptions)."""
        if not self.regions:
            raise ValueError("a RegionBatchCheck needs at least one region in `regions`.")
        compared, mismatches = 0, []
        for label in self.regions:
            count, found = self.region(label).run()
            compared += count
            mismatches += [f"{label}: {mismatch}" for mismatch in found]
        return compared, mismatches


def softmax_rules(classes=3):
    """Check the softmax component's derivative rule against its explicit form.

    Every pair (k, j) of component and variable is compared, at ``classes``
    values z_1, ..., z_c. Returns one (name, Comparison) for all the pairs:
    proved when every pair is, and otherwise naming the first pair that is not.
    """
    from .functions import softmax

    z = sp.symbols(f"z_1:{classes + 1}", real=True)
    denominator = sp.Add(*(sp.exp(value) for value in z))
    pairs = []
    for k in range(1, classes + 1):
        explicit = sp.exp(z[k - 1]) / denominator
        for j in range(1, classes + 1):
            rule = sp.diff(softmax(k, *z), z[j - 1]).rewrite(sp.exp)
            pairs.append(((k, j), compare(rule, sp.diff(explicit, z[j - 1]))))
    name = f"softmax' (c = {classes}, all k, j)"
    # A disproved pair is reported before one that is only probable.
    unproved = sorted(
        ((pair, comparison) for pair, comparison in pairs if comparison.equal is not True),
        key=lambda item: item[1].equal is not False,
    )
    if not unproved:
        methods = ", ".join(sorted({comparison.method for _, comparison in pairs}))
        return [(name, Comparison(True, methods, f"{len(pairs)} pairs"))]
    (k, j), comparison = unproved[0]
    detail = f"d softmax_{k} / d z_{j}: {comparison.detail}"
    return [(name, Comparison(comparison.equal, comparison.method, detail))]
