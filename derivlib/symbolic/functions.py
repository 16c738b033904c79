"""Activations as SymPy functions that carry their own derivative rule.

With ``sigmoid(z)`` kept as a function whose derivative is
sigmoid(z) (1 - sigmoid(z)), "gradient minus formula" becomes a polynomial
identity in the function values, which ``expand`` decides in milliseconds.
Each rule is itself checked against the explicit formula by
``derivlib.symbolic.core.check_rules``.
"""

import sympy as sp


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
