"""Activations as SymPy functions that carry their own derivative rule.

With ``sigmoid(z)`` kept as a function whose derivative is
sigmoid(z) (1 - sigmoid(z)), "gradient minus formula" becomes a polynomial
identity in the function values, which ``expand`` decides in milliseconds.
Each rule is itself checked against the explicit formula by
``derivlib.symbolic.core.check_rules``.
"""

import sympy as sp
from sympy.core.function import ArgumentIndexError


class sigmoid(sp.Function):
    """The logistic function 1 / (1 + exp(-z)), printed as sigma(z)."""

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def _eval_evalf(self, precision):
        return self.rewrite(sp.exp)._eval_evalf(precision)

    def _latex(self, printer, exp=None):
        body = rf"\sigma\left({printer._print(self.args[0])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


class step(sp.Function):
    """The Heaviside step with value 0 at 0, the derivative of ReLU used here."""

    @classmethod
    def eval(cls, z):
        if z.is_positive:
            return sp.S.One
        if z.is_nonpositive:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        # The step is flat away from 0; the kink at 0 is excluded from every check.
        return sp.S.Zero

    def _eval_rewrite_as_Piecewise(self, z, **kwargs):
        return sp.Piecewise((1, z > 0), (0, True))

    def _eval_evalf(self, precision):
        return self.rewrite(sp.Piecewise)._eval_evalf(precision)

    def _latex(self, printer, exp=None):
        body = rf"\mathbb{{1}}\left[{printer._print(self.args[0])} > 0\right]"
        return body if exp is None else rf"{body}^{{{exp}}}"


class relu(sp.Function):
    """max(0, z), whose derivative is ``step(z)`` (0 at z = 0)."""

    @classmethod
    def eval(cls, z):
        if z.is_nonnegative:
            return z
        if z.is_nonpositive:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        return step(self.args[0])

    def _eval_rewrite_as_Piecewise(self, z, **kwargs):
        return sp.Piecewise((z, z > 0), (0, True))

    def _eval_evalf(self, precision):
        return self.rewrite(sp.Piecewise)._eval_evalf(precision)

    def _latex(self, printer, exp=None):
        body = rf"\operatorname{{ReLU}}\left({printer._print(self.args[0])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


def numpy_modules():
    """Return the ``lambdify`` modules that map these functions to derivlib's NumPy ones."""
    from .. import functions

    return [
        {"sigmoid": functions.sigmoid, "relu": functions.relu, "step": functions.relu_derivative},
        "numpy",
    ]


class threshold(sp.Function):
    """The perceptron's unit step 1[z >= 0]: 1 for z >= 0 (so 1 at z = 0), else 0.

    Its derivative is taken as 0, its value everywhere except at z = 0, where
    it has none. Differentiating through ``threshold`` thus gives the
    derivative almost everywhere: within each region of fixed outputs the
    threshold is a constant.
    """

    @classmethod
    def eval(cls, z):
        if z.is_nonnegative:
            return sp.S.One
        if z.is_negative:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        return sp.S.Zero

    def _eval_rewrite_as_Piecewise(self, z, **kwargs):
        return sp.Piecewise((1, z >= 0), (0, True))

    def _eval_evalf(self, precision):
        return self.rewrite(sp.Piecewise)._eval_evalf(precision)

    def _numpycode(self, printer):
        # numpy.heaviside(z, 1.0) is 1.0 at z = 0, matching the rule above.
        return f"{printer._module_format('numpy.heaviside')}({printer._print(self.args[0])}, 1.0)"

    def _latex(self, printer, exp=None):
        body = rf"\mathbb{{1}}\left[{printer._print(self.args[0])} \geq 0\right]"
        return body if exp is None else rf"{body}^{{{exp}}}"


class softmax(sp.Function):
    """The k-th component of the softmax of z_1, ..., z_c: exp(z_k) / sum_f exp(z_f).

    ``softmax(k, z_1, ..., z_c)`` counts k from 1, as the pages count classes.
    Its derivative by z_j is softmax_k (delta_kj - softmax_j), so gradients
    through it stay polynomial in the softmax values and ``expand`` decides
    them. The index k may be a symbol, and then the rule contains a symbolic
    Kronecker delta.
    """

    @classmethod
    def eval(cls, k, *z):
        if not z:
            raise ValueError("softmax(k, z_1, ..., z_c) needs at least one value z.")
        if k.is_Integer and not 1 <= int(k) <= len(z):
            raise ValueError(f"softmax index {k} is outside 1..{len(z)}.")
        return None

    def fdiff(self, argindex=1):
        k, *z = self.args
        if argindex == 1:
            # k is an index, never a variable of differentiation.
            raise ArgumentIndexError(self, argindex)
        j = argindex - 1
        return self * (sp.KroneckerDelta(k, j) - softmax(j, *z))

    def _eval_rewrite_as_exp(self, k, *z, **kwargs):
        if not k.is_Integer:
            return None
        return sp.exp(z[int(k) - 1]) / sp.Add(*(sp.exp(value) for value in z))

    def _eval_evalf(self, precision):
        explicit = self.rewrite(sp.exp)
        return None if explicit is self else explicit._eval_evalf(precision)

    def _numpycode(self, printer):
        # exp(z_k - log(sum_f exp(z_f))): logaddexp keeps large logits finite.
        k, *z = self.args
        if not k.is_Integer:
            raise ValueError(f"softmax({k}, ...) has a symbolic index; substitute a class for {k} first.")
        values = ", ".join(printer._print(value) for value in z)
        exp = printer._module_format("numpy.exp")
        logaddexp = printer._module_format("numpy.logaddexp.reduce")
        return f"{exp}({printer._print(z[int(k) - 1])} - {logaddexp}([{values}], axis=0))"

    def _latex(self, printer, exp=None):
        k, *z = self.args
        values = ", ".join(printer._print(value) for value in z)
        body = rf"\operatorname{{softmax}}_{{{printer._print(k)}}}\left({values}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"
