"""Symbols shared by the per-sample derivations, named as on the pages.

One sample is a row x of X with features x_1 ... x_m; theta_i is the
parameter of feature i. Sums run over j, so that i stays free for the
derivative with respect to theta_i.
"""

import sympy as sp

i, j = sp.symbols("i j", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)
x = sp.IndexedBase("x", real=True)
theta = sp.IndexedBase(r"\theta", real=True)


def linear_combination():
    """Return the sum over j of x_j theta_j, printed in that order."""
    return sp.Sum(sp.Mul(x[j], theta[j], evaluate=False), (j, 1, m))
