"""Single operations timed alone at the largest n of the grid, to explain where the time goes.

Each probe is one NumPy or derivlib operation that the models' gradients
run besides the matrix products, timed on arrays of the shapes that the
gradients use. The probes are the scan of X for NaN and infinity, the stable
activations over the hidden layer (n, b) or the outputs (n, c), and one plain
elementwise pass. The floor's worker runs them with the same threads as
every contender, but NumPy's elementwise functions use one thread.
"""

import numpy as np

from .. import functions


def probe_cases(grid):
    """Return (key, description, shape, dtype) of every probe for ``grid``."""
    n = max(grid["sizes"])
    features = sorted({c["m"] for c in grid["configurations"]})
    hidden = sorted({c["b"] for c in grid["configurations"] if c["b"]})
    classes = sorted({c["c"] for c in grid["configurations"] if c["c"] > 1})
    dtypes = sorted({c["dtype"] for c in grid["configurations"]}, reverse=True)
    cases = []
    for dtype in dtypes:
        for m in features:
            cases.append(("isfinite-scan", "np.isfinite(X).all()", (n, m), dtype))
        for b in hidden[-1:]:
            cases.append(("sigmoid", "functions.sigmoid(Z_hat)", (n, b), dtype))
            cases.append(("relu-derivative", "functions.relu_derivative(Z_hat)", (n, b), dtype))
            cases.append(("elementwise-pass", "np.multiply(A, B, out=C)", (n, b), dtype))
        for c in classes:
            cases.append(("log-softmax", "functions.log_softmax(H_hat)", (n, c), dtype))
    return cases


def prepare_probe(key, shape, dtype):
    """Return a function of no arguments that runs one probe on fresh random arrays."""
    rng = np.random.default_rng(2)
    A = rng.standard_normal(shape, dtype=np.dtype(dtype))
    if key == "isfinite-scan":
        return lambda: np.isfinite(A).all()
    if key == "sigmoid":
        return lambda: functions.sigmoid(A)
    if key == "relu-derivative":
        return lambda: functions.relu_derivative(A)
    if key == "log-softmax":
        return lambda: functions.log_softmax(A)
    if key == "elementwise-pass":
        B = rng.standard_normal(shape, dtype=np.dtype(dtype))
        C = np.empty_like(A)
        return lambda: np.multiply(A, B, out=C)
    raise ValueError(f"unknown probe {key!r}")
