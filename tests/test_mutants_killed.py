"""Behaviour that no other test pinned down until the mutation run (tests/mutation/) found it.

Each test names the unit and the behaviour. tests/mutation/REPORT.md lists
the mutants that these tests kill.
"""

import numpy as np
import pytest

from derivlib import (
    gradcheck,
    linear_regression,
    multiclass_perceptron,
    perceptron,
    relu_softmax_network,
    sigmoid_network,
)
from derivlib.training import ConvergenceWarning

# XOR with a bias column: no line separates the labels, so training never converges.
XOR_X = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
XOR_Y = np.array([0, 0, 1, 1])

# Separable data on which the perceptron needs several updates from theta = 0.
SEPARABLE_X = np.array([[1.0, 2.0, 1.0], [1.0, -1.0, -2.0], [1.0, 1.5, -0.5], [1.0, -2.0, 0.5]])
SEPARABLE_Y = np.array([1, 0, 1, 0])

TRAINERS = {
    "perceptron": perceptron.train,
    "multiclass_perceptron": multiclass_perceptron.train,
}
NETWORKS = {
    "sigmoid_network": sigmoid_network,
    "relu_softmax_network": relu_softmax_network,
}


# --- Training defaults ----------------------------------------------------------------------


@pytest.mark.parametrize("name", TRAINERS)
def test_train_default_learning_rate_is_one(name):
    train = TRAINERS[name]
    default = train(SEPARABLE_X, SEPARABLE_Y)
    explicit = train(SEPARABLE_X, SEPARABLE_Y, learning_rate=1.0)
    assert default.epochs > 0, "the data must need at least one update"
    np.testing.assert_array_equal(default.theta, explicit.theta)


@pytest.mark.parametrize("name", TRAINERS)
def test_train_default_max_epochs_is_1000(name):
    with pytest.warns(ConvergenceWarning):
        result = TRAINERS[name](XOR_X, XOR_Y)
    assert result.epochs == 1000
    assert len(result.errors) == 1001


@pytest.mark.parametrize("name", TRAINERS)
def test_train_accepts_one_epoch(name):
    with pytest.warns(ConvergenceWarning):
        result = TRAINERS[name](XOR_X, XOR_Y, max_epochs=1)
    assert result.epochs == 1


@pytest.mark.parametrize("name", TRAINERS)
def test_train_warning_points_at_caller(name):
    with pytest.warns(ConvergenceWarning) as record:
        TRAINERS[name](XOR_X, XOR_Y, max_epochs=5)
    assert record[0].filename == __file__


# --- Networks: the wrappers and forward with a mask -----------------------------------------


def network_data(module, n=3, m=2, b=4, c=2):
    """Return (X, Y, W, V) with n, m and b all different, so that a swapped dimension shows."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal((n, m))
    W = rng.standard_normal((m, b))
    V = rng.standard_normal((b, c))
    Y = rng.integers(0, c, size=n)
    return X, Y, W, V


@pytest.mark.parametrize("name", NETWORKS)
def test_network_loss_wrapper_matches(name):
    module = NETWORKS[name]
    X, Y, W, V = network_data(module)
    expected, _ = module.loss_and_gradient(X, Y, W, V)
    assert module.loss(X, Y, W, V) == expected


@pytest.mark.parametrize("name", NETWORKS)
def test_network_gradient_wrapper_matches(name):
    module = NETWORKS[name]
    X, Y, W, V = network_data(module)
    _, (expected_dW, expected_dV) = module.loss_and_gradient(X, Y, W, V)
    dW, dV = module.gradient(X, Y, W, V)
    np.testing.assert_array_equal(dW, expected_dW)
    np.testing.assert_array_equal(dV, expected_dV)


@pytest.mark.parametrize("name", NETWORKS)
def test_network_forward_applies_mask(name):
    module = NETWORKS[name]
    X, _, W, V = network_data(module)
    mask = np.array([[2.0, 0.0, 2.0, 0.0], [0.0, 2.0, 0.0, 2.0], [2.0, 2.0, 0.0, 0.0]])
    cache = module.forward(X, W, V, dropout_mask=mask)
    np.testing.assert_array_equal(cache.Z_masked, cache.Z * mask)
    np.testing.assert_allclose(cache.H_hat, (cache.Z * mask) @ V, rtol=1e-15)


# --- Initialization --------------------------------------------------------------------------


def test_init_parameters_accepts_sizes_of_one():
    W, V = sigmoid_network.init_parameters(1, 1, 1, 0.5, np.random.default_rng(0))
    assert W.shape == (1, 1)
    assert V.shape == (1, 1)


def test_init_parameters_scale_zero_gives_zeros():
    W, V = sigmoid_network.init_parameters(3, 2, 2, 0.0, np.random.default_rng(0))
    assert not W.any()
    assert not V.any()


# --- Linear regression from Gram matrices ----------------------------------------------------


def test_linear_regression_gram_accepts_one_feature():
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([1.0, 0.0, 2.0])
    theta = np.array([[0.5]])
    expected_loss, expected_gradient = linear_regression.loss_and_gradient(X, y, theta)
    loss, gradient = linear_regression.gram_loss_and_gradient(*linear_regression.gram_matrices(X, y), theta)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(gradient, expected_gradient, rtol=1e-12)


def test_linear_regression_gram_rejects_empty_matrix():
    with pytest.raises(ValueError, match="XtX has shape"):
        linear_regression.gram_loss_and_gradient(np.zeros((0, 0)), np.zeros((0, 1)), 0.0, np.zeros((0, 1)))


# --- Validation messages ---------------------------------------------------------------------


def test_reshape_hint_only_when_size_fits():
    # theta has 3 entries, and no reshape to (2, k) exists, so the message
    # must not suggest one.
    with pytest.raises(ValueError, match="expected the 2-D shape") as error:
        perceptron.loss_and_gradient(np.ones((1, 2)), [0], np.zeros(3))
    assert "reshape" not in str(error.value)


def test_reshape_hint_when_size_fits():
    with pytest.raises(ValueError, match=r"Use theta.reshape\(2, -1\)"):
        perceptron.loss_and_gradient(np.ones((1, 2)), [0], np.zeros(4))


def test_invalid_labels_message_lists_five():
    with pytest.raises(ValueError, match=r"the labels \[2.0, 3.0, 4.0, 5.0, 6.0\];"):
        perceptron.loss_and_gradient(np.ones((6, 1)), [2, 3, 4, 5, 6, 7], np.zeros((1, 1)))


# --- Gradient checking -----------------------------------------------------------------------


def recording_loss(points):
    """Return a loss that records every point it is evaluated at and is 0 everywhere."""

    def loss(theta):
        points.append(np.array(theta, dtype=float))
        return 0.0

    return loss


def test_numerical_gradient_default_step():
    points = []
    gradcheck.numerical_gradient(recording_loss(points), np.zeros(1))
    assert [p.tolist() for p in points] == [[1e-6], [-1e-6]]


def test_check_gradient_default_step():
    points = []
    loss = recording_loss(points)
    gradcheck.check_gradient(lambda t: (loss(t), np.zeros_like(t)), np.zeros(1))
    # The first evaluation is at theta itself, for the analytic gradient.
    assert [p.tolist() for p in points] == [[0.0], [1e-6], [-1e-6]]


def test_directional_check_default_step_and_unit_direction():
    points = []
    loss = recording_loss(points)
    a = np.array([3.0, -4.0])
    analytic, _ = gradcheck.directional_check(
        lambda t: (loss(t), a.copy()), np.zeros(2), np.random.default_rng(7)
    )
    direction = np.random.default_rng(7).standard_normal(2)
    unit = direction / np.linalg.norm(direction)
    assert analytic == pytest.approx(float(a @ unit), rel=1e-15)
    np.testing.assert_allclose(points[1], 1e-6 * unit, rtol=1e-12)
    np.testing.assert_allclose(points[2], -1e-6 * unit, rtol=1e-12)


def half_square(offset):
    """Return theta -> (sum theta^2 / 2, theta + offset): a gradient off by ``offset``."""
    return lambda t: (float(np.sum(t * t) / 2), t + offset)


def test_check_gradient_default_rtol():
    # The relative error is 1.5e-6, above the default rtol of 1e-6, and the
    # absolute error 3e-4 is far above atol.
    theta = np.array([100.0])
    result = gradcheck.check_gradient(half_square(3e-4), theta)
    assert result.relative_error == pytest.approx(1.5e-6, rel=1e-3)
    assert not result.passed


def test_check_gradient_default_atol():
    # The absolute error is 1.5e-8, above the default atol of 1e-8, and the
    # relative error 7.5e-6 is above rtol.
    theta = np.array([1e-3])
    result = gradcheck.check_gradient(half_square(1.5e-8), theta)
    assert result.max_abs_error == pytest.approx(1.5e-8, rel=1e-3)
    assert not result.passed


def test_check_gradient_tolerances_inclusive():
    exact = half_square(0.0)
    theta = np.array([0.0])
    assert gradcheck.check_gradient(exact, theta, rtol=0.0, atol=-1.0).passed
    assert gradcheck.check_gradient(exact, theta, rtol=-1.0, atol=0.0).passed


def test_check_gradient_max_abs_error_is_largest():
    theta = np.array([1.0, 2.0, 3.0])
    offset = np.array([0.0, 0.0, 1e-3])
    result = gradcheck.check_gradient(half_square(offset), theta)
    assert result.max_abs_error == pytest.approx(1e-3, rel=1e-4)


def test_report_lists_six_worst_entries():
    theta = np.arange(10.0)
    result = gradcheck.check_gradient(half_square(np.linspace(0.1, 1.0, 10)), theta)
    lines = result.report().splitlines()
    assert len(lines) == 2 + 6
    assert lines[2].split()[0] == "(9,)"


def test_report_shows_difference():
    theta = np.array([1.0, 2.0])
    result = gradcheck.check_gradient(half_square(np.array([0.0, 0.5])), theta)
    worst = result.report().splitlines()[2].split()
    assert worst[0] == "(1,)"
    assert float(worst[-1]) == pytest.approx(0.5, rel=1e-6)


# --- Symbolic functions: printing and rewriting ------------------------------------------------

SYMBOLIC_LATEX = {
    "sigmoid": r"\sigma\left(z\right)",
    "step": r"\mathbb{1}\left[z > 0\right]",
    "relu": r"\operatorname{ReLU}\left(z\right)",
    "threshold": r"\mathbb{1}\left[z \geq 0\right]",
}


@pytest.mark.parametrize("name", SYMBOLIC_LATEX)
def test_symbolic_function_latex(name):
    import sympy as sp

    from derivlib.symbolic import functions

    z = sp.Symbol("z", real=True)
    expression = getattr(functions, name)(z)
    assert sp.latex(expression) == SYMBOLIC_LATEX[name]
    assert sp.latex(expression**2) == "{" + SYMBOLIC_LATEX[name] + "}^{2}" or sp.latex(expression**2) == (
        SYMBOLIC_LATEX[name] + "^{2}"
    )


def test_symbolic_softmax_latex():
    import sympy as sp

    from derivlib.symbolic.functions import softmax

    a, b = sp.symbols("a b", real=True)
    body = r"\operatorname{softmax}_{1}\left(a, b\right)"
    assert sp.latex(softmax(1, a, b)) == body
    assert sp.latex(softmax(1, a, b) ** 2) == body + "^{2}"


@pytest.mark.parametrize("name, at_zero", [("step", 0), ("relu", 0), ("threshold", 1)])
def test_symbolic_piecewise_rewrite(name, at_zero):
    import sympy as sp

    from derivlib.symbolic import functions

    z = sp.Symbol("z", real=True)
    rewritten = getattr(functions, name)(z).rewrite(sp.Piecewise)
    positive = 2 if name == "relu" else 1
    assert rewritten.subs(z, 2) == positive
    assert rewritten.subs(z, -2) == 0
    assert rewritten.subs(z, 0) == at_zero
    half = sp.Rational(1, 2)
    assert rewritten.subs(z, half) == (half if name == "relu" else 1)


def test_symbolic_softmax_not_differentiable_by_index():
    import sympy as sp

    from derivlib.symbolic.functions import softmax

    k = sp.Symbol("k", integer=True)
    a, b = sp.symbols("a b", real=True)
    derivative = sp.diff(softmax(k, a, b), k)
    # SymPy leaves the derivative by the class index unevaluated.
    assert derivative.has(sp.Derivative) or derivative.has(sp.Subs)


@pytest.mark.parametrize("index", [0, 3])
def test_symbolic_softmax_rejects_index_outside_classes(index):
    import sympy as sp

    from derivlib.symbolic.functions import softmax

    a, b = sp.symbols("a b", real=True)
    with pytest.raises(ValueError, match=f"softmax index {index} is outside 1..2"):
        softmax(index, a, b)


# --- Symbolic core: printing of vectorized formulas -------------------------------------------


def matrices(*names):
    from derivlib.symbolic.core import Matrix

    return [Matrix(name, name) for name in names]


def test_formula_parenthesizes_product_under_transpose():
    A, B = matrices("A", "B")
    assert (A @ B).T.latex() == r"\left(A B\right)^\top"


def test_formula_parenthesizes_sum_in_product():
    A, B, C = matrices("A", "B", "C")
    assert (A @ (B - C)).latex() == r"A \left(B - C\right)"


def test_formula_parenthesizes_product_on_right_of_product():
    A, B, C = matrices("A", "B", "C")
    assert (A @ (B @ C)).latex() == r"A \left(B C\right)"


def test_formula_keeps_atoms_bare():
    A, B = matrices("A", "B")
    assert (A.T @ B).latex() == r"A^\top B"


def test_equation_anchor_from_key():
    from derivlib.symbolic import equation

    assert equation("linear-regression.chain").anchor == "eq-linear-regression-chain"


def test_formula_parenthesizes_sum_on_left_of_product():
    A, B, C = matrices("A", "B", "C")
    assert ((B - C) @ A).latex() == r"\left(B - C\right) A"


def test_formula_parenthesizes_difference_on_right_of_difference():
    A, B, C = matrices("A", "B", "C")
    assert (A - (B - C)).latex() == r"A - \left(B - C\right)"


# --- Symbolic core: random points and equation layout ---------------------------------------


@pytest.mark.parametrize("assumption", ["positive", "nonnegative"])
def test_random_point_respects_sign_assumptions(assumption):
    import random

    import sympy as sp

    from derivlib.symbolic.core import _random_point

    s = sp.Symbol("s", **{assumption: True})
    free = sp.Symbol("t", real=True)
    rng = random.Random(0)
    points = [_random_point([s, free], rng) for _ in range(50)]
    assert all(point[s] > 0 for point in points)
    assert any(point[free] < 0 for point in points)


def test_equation_with_one_form_prints_one_line():
    import sympy as sp

    from derivlib.symbolic.core import Equation

    a = sp.Symbol("a")
    assert Equation("m.one", "L", [a + 1]).latex() == "L = 1 + a"


def test_equation_with_several_forms_prints_aligned_chain():
    import sympy as sp

    from derivlib.symbolic.core import Equation

    a = sp.Symbol("a")
    printed = Equation("m.two", "L", [a + 1, 2 * a, a**2]).latex()
    assert printed == "\\begin{aligned}\nL &= 1 + a \\\\\n&= 2 a \\\\\n&= a^{2}\n\\end{aligned}"


def test_definition_checks_its_second_form():
    import sympy as sp

    from derivlib.symbolic.core import Equation, check_equation

    a = sp.Symbol("a", real=True)
    right = Equation("m.right", "L", [(a + 1) ** 2, a**2 + 2 * a + 1], kind="definition")
    wrong = Equation("m.wrong", "L", [(a + 1) ** 2, a**2 + 1], kind="definition")
    proved = check_equation(right, {})
    assert proved.status == "proved"
    assert proved.detail == "1 comparisons by expand"
    assert check_equation(wrong, {}).status == "failed"


def test_softmax_rules_compare_every_pair():
    from derivlib.symbolic.core import softmax_rules

    [(name, comparison)] = softmax_rules()
    assert name == "softmax' (c = 3, all k, j)"
    assert comparison.equal is True
    assert comparison.detail == "9 pairs"


@pytest.fixture
def broken_rule(monkeypatch):
    """Return a function that replaces a SymPy function's derivative rule for one test.

    SymPy caches derivatives, so the cache is cleared before the rule changes
    and again before it is restored: no other test sees a broken result.
    """
    import sympy as sp

    sp.core.cache.clear_cache()
    yield lambda function, fdiff: monkeypatch.setattr(function, "fdiff", fdiff)
    sp.core.cache.clear_cache()


def test_softmax_rules_report_first_wrong_pair(broken_rule):
    import sympy as sp

    from derivlib.symbolic import functions
    from derivlib.symbolic.core import softmax_rules

    broken_rule(functions.softmax, lambda self, argindex=1: sp.S.Zero)
    [(_, comparison)] = softmax_rules()
    assert comparison.equal is False
    assert comparison.detail.startswith("d softmax_1 / d z_1: difference")


@pytest.mark.parametrize("side", ["positive", "negative"])
def test_rules_check_threshold_on_both_sides(broken_rule, side):
    # A threshold rule that is wrong on one side of 0 only must fail.
    import sympy as sp

    from derivlib.symbolic import functions
    from derivlib.symbolic.core import check_rules

    def wrong_on_one_side(self, argindex=1):
        z = self.args[0]
        if side == "positive":
            return sp.Piecewise((1, z > 0), (0, True))
        return sp.Piecewise((1, z < 0), (0, True))

    broken_rule(functions.threshold, wrong_on_one_side)
    results = dict(check_rules())
    failed = [name for name, comparison in results.items() if comparison.equal is False]
    expected = "threshold'(3/2)" if side == "positive" else "threshold'(-3/2)"
    assert failed == [expected]


def test_random_point_positive_at_zero_draw():
    import sympy as sp

    from derivlib.symbolic.core import _random_point

    class ZeroNumerators:
        """A random source whose numerators are all 0 and denominators all 100."""

        def randint(self, low, high):
            return 0 if low < 0 else 100

    s = sp.Symbol("s", positive=True)
    assert _random_point([s], ZeroNumerators())[s] > 0


def test_softmax_rules_report_disproved_pair_before_probable(monkeypatch):
    from derivlib.symbolic import core

    verdicts = iter([core.Comparison(None, "random points"), core.Comparison(False, "counterexample", "at z = 1")])

    def fake_compare(a, b, given=None, seed=0):
        return next(verdicts, core.Comparison(True, "expand"))

    monkeypatch.setattr(core, "compare", fake_compare)
    [(_, comparison)] = core.softmax_rules()
    assert comparison.equal is False
    assert comparison.detail == "d softmax_1 / d z_2: at z = 1"
