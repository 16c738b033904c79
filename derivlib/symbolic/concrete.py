"""Small matrices of symbols for the batch checks, and their NumPy values."""

import numpy as np
import sympy as sp

# The size of the symbolic batch: n samples and m features. Large enough that
# every entry of X^T (h - y) mixes several samples, small enough to be fast.
N_SAMPLES, N_FEATURES = 3, 2


def matrix_of_symbols(name, rows, columns, **assumptions):
    """Return a rows x columns Matrix of symbols name_{row}{column}."""
    assumptions.setdefault("real", True)
    return sp.Matrix(
        rows, columns, lambda r, c: sp.Symbol(f"{name}_{r}{c}", **assumptions)
    )


def single_output_matrices(n=N_SAMPLES, m=N_FEATURES):
    """Return X (n, m), y (n, 1) and theta (m, 1) as matrices of real symbols."""
    return (
        matrix_of_symbols("x", n, m),
        matrix_of_symbols("y", n, 1),
        matrix_of_symbols("theta", m, 1),
    )


def to_array(matrix, values):
    """Substitute float values for a Matrix of symbols and return a float64 array."""
    return np.array([[values[s] for s in row] for row in matrix.tolist()], dtype=np.float64)
