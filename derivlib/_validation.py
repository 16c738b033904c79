"""Input checks shared by every model.

The rule for labels, the same in every function: a 1-D label array of shape
(n,) holds one label per row of X and is read as the column (n, 1). Parameter
arrays must be 2-D, because the gradient is returned in their shape. Every
check raises ``ValueError`` naming the argument, what was found and the fix.
"""

import numpy as np


def as_float_array(name, value):
    """Return ``value`` as a float32 or float64 array, rejecting NaN and infinity.

    float32 input stays float32; every other real dtype becomes float64.
    """
    array = np.asarray(value)
    if array.dtype == np.bool_ or not (
        np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)
    ):
        raise ValueError(
            f"{name} has dtype {array.dtype}; expected real numbers. "
            f"Convert it with np.asarray({name}, dtype=float)."
        )
    if array.dtype != np.float32:
        array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        bad = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(
            f"{name} contains {array[tuple(bad)]} at index {tuple(int(i) for i in bad)}; "
            f"every entry must be finite. Remove or impute NaN and infinite values first."
        )
    return array


def check_features(X):
    """Validate the feature matrix ``X`` (n, m) and return it as a float array."""
    X = as_float_array("X", X)
    if X.ndim != 2:
        raise ValueError(
            f"X has shape {X.shape}; expected a 2-D array (n, m) with one sample per row. "
            "For a single sample use X.reshape(1, -1); for a single feature, X.reshape(-1, 1)."
        )
    n, m = X.shape
    if n == 0:
        raise ValueError(f"X has shape {X.shape}: the batch is empty. Pass at least one sample.")
    if m == 0:
        raise ValueError(f"X has shape {X.shape}: there are no features. Pass at least one column.")
    return X


def check_parameters(name, value, rows, columns=None, rows_from="X.shape[1]"):
    """Validate a 2-D parameter matrix of shape (rows, columns) and return it as a float array.

    ``columns=None`` accepts any number of columns of at least one.
    """
    array = as_float_array(name, value)
    expected = f"({rows}, {'k' if columns is None else columns})"
    if array.ndim != 2:
        fix = f" Use {name}.reshape({rows}, -1)." if array.size and array.size % rows == 0 else ""
        raise ValueError(
            f"{name} has shape {array.shape}; expected the 2-D shape {expected}, "
            f"with {rows} = {rows_from} rows.{fix}"
        )
    if array.shape[0] != rows or (columns is not None and array.shape[1] != columns):
        raise ValueError(
            f"{name} has shape {array.shape}; expected {expected}, with {rows} = {rows_from} rows."
        )
    if array.shape[1] == 0:
        raise ValueError(f"{name} has shape {array.shape}; it needs at least one column.")
    return array


def check_column_labels(y, n):
    """Validate targets for a single-output model and return them as a column (n, 1).

    A 1-D ``y`` of shape (n,) is read as the column (n, 1).
    """
    y = as_float_array("y", y)
    if y.ndim == 1:
        y = y.reshape(-1, 1)
    if y.ndim != 2 or y.shape[1] != 1:
        raise ValueError(
            f"y has shape {y.shape}; expected one target per sample, shape ({n}, 1) or ({n},)."
        )
    if y.shape[0] != n:
        raise ValueError(
            f"y has {y.shape[0]} rows but X has {n}; pass one target per row of X."
        )
    return y


def check_binary_labels(y, n):
    """Validate 0/1 class labels for a binary model and return them as a column (n, 1)."""
    y = check_column_labels(y, n)
    invalid = (y != 0) & (y != 1)
    if invalid.any():
        values = np.unique(y[invalid])[:5].tolist()
        raise ValueError(
            f"y contains the labels {values}; a binary model needs labels 0 and 1. "
            "Map the two classes to 0 and 1 first, e.g. y = (labels == positive_class)."
        )
    return y


def common_dtype(*arrays):
    """Return float32 when every array is float32, else float64."""
    return np.float32 if all(a.dtype == np.float32 for a in arrays) else np.float64


def check_single_output(X, y, theta, binary):
    """Validate (X, y, theta) for a model with one output and cast them to one dtype.

    Returns X (n, m), y (n, 1) and theta (m, 1). ``binary=True`` also requires
    labels 0 and 1.
    """
    X = check_features(X)
    n, m = X.shape
    y = check_binary_labels(y, n) if binary else check_column_labels(y, n)
    theta = check_parameters("theta", theta, m, 1)
    dtype = common_dtype(X, y, theta)
    return X.astype(dtype, copy=False), y.astype(dtype, copy=False), theta.astype(dtype, copy=False)
