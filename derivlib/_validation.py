"""Input checks shared by every model.

The rule for labels, the same in every function: a 1-D label array of shape
(n,) contains one label per row of X and is read as the column (n, 1). Parameter
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
            "Map the two classes to 0 and 1 first, e.g. y = (labels == positive_class).astype(float)."
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
    # The labels do not choose the dtype: integer labels with float32 X and
    # theta keep the computation in float32.
    dtype = common_dtype(X, theta)
    return X.astype(dtype, copy=False), y.astype(dtype, copy=False), theta.astype(dtype, copy=False)


def check_class_labels(y, n, c, dtype=np.float64, classes_from="theta.shape[1]", name="y"):
    """Validate the labels of a multi-class model and return them one-hot, shape (n, c).

    Two forms are accepted, the same in every multi-class model:

    - class ids: a 1-D integer array (n,) with values in 0..c-1;
    - one-hot rows: a 2-D array (n, c) whose every row contains a single 1
      and zeros elsewhere.

    Rows of probabilities (soft labels) are rejected: a 2-D array must be one-hot.

    Parameters
    ----------
    y : array (n,) or (n, c)
        The labels, one per row of X.
    n : int
        The number of samples, X.shape[0].
    c : int
        The number of classes.
    dtype : numpy floating dtype
        The dtype of the result. Pass the dtype of the features and parameters
        (see ``common_dtype``) so that float32 input stays float32.
    classes_from : str
        Where c comes from, quoted in the error messages.
    name : str
        The caller's name for the labels (``"y"`` or ``"Y"``), quoted in the
        error messages.

    Returns
    -------
    Y : array (n, c)
        One row per sample, 1 in the column of its class and 0 elsewhere.

    Raises
    ------
    ValueError
        For a wrong shape, ids that are not integers or lie outside 0..c-1,
        rows that are not one-hot, or NaN and infinite entries.
    """
    array = np.asarray(y)
    if array.ndim == 1:
        return _one_hot_from_ids(array, n, c, dtype, classes_from, name)
    if array.ndim != 2:
        raise ValueError(
            f"{name} has shape {array.shape}; expected class ids of shape ({n},) "
            f"or one-hot labels of shape ({n}, {c})."
        )
    if array.shape[0] != n:
        raise ValueError(f"{name} has {array.shape[0]} rows but X has {n}; pass one label per row of X.")
    if array.shape[1] != c:
        fix = (
            f" For a column of class ids, pass {name}.ravel()."
            if array.shape[1] == 1
            else f" Pass one column per class, with c = {c} = {classes_from}."
        )
        raise ValueError(
            f"{name} has shape {array.shape}; one-hot labels need the shape ({n}, {c}).{fix}"
        )
    Y = as_float_array(name, array)
    binary_entries = (Y == 0) | (Y == 1)
    valid_rows = binary_entries.all(axis=1) & (Y.sum(axis=1) == 1)
    if not valid_rows.all():
        row = int(np.flatnonzero(~valid_rows)[0])
        raise ValueError(
            f"row {row} of {name} is {Y[row].tolist()}; a one-hot row contains a single 1 and zeros "
            f"elsewhere. Pass class ids of shape ({n},) instead, or build one-hot rows "
            f"with np.eye({c})[ids]."
        )
    return Y.astype(dtype, copy=False)


def _one_hot_from_ids(ids, n, c, dtype, classes_from, name):
    if not np.issubdtype(ids.dtype, np.integer) or ids.dtype == np.bool_:
        raise ValueError(
            f"{name} is 1-D with dtype {ids.dtype}; 1-D labels are class ids and must be integers "
            f"in 0..{c - 1}. Convert whole-number labels with {name}.astype(int), or pass one-hot "
            f"labels of shape ({n}, {c})."
        )
    if ids.shape[0] != n:
        raise ValueError(f"{name} has {ids.shape[0]} labels but X has {n} rows; pass one label per row of X.")
    invalid = (ids < 0) | (ids >= c)
    if invalid.any():
        row = int(np.flatnonzero(invalid)[0])
        raise ValueError(
            f"{name}[{row}] is {int(ids[row])}; class ids must be in 0..{c - 1}, with c = {c} = "
            f"{classes_from}. Renumber the classes first, e.g. with "
            "np.unique(labels, return_inverse=True)[1]."
        )
    Y = np.zeros((n, c), dtype=dtype)
    Y[np.arange(n), ids] = 1
    return Y


def check_features_deferred(X):
    """Validate X (n, m) like ``check_features``, except that its entries are not scanned for NaN and infinity.

    The caller must pass results computed from X to ``check_deferred_features``
    (see ``check_single_output_deferred`` for why a loss can catch them).
    """
    X = np.asarray(X)
    # The first row carries the dtype rules of check_features at the cost of
    # one row. Any X without a first row, or of the wrong rank, gets the full
    # check and its usual error.
    dtype = check_features(X[:1] if X.ndim == 2 and X.size else X).dtype
    return X.astype(dtype, copy=False)


def check_single_output_deferred(X, y, theta, binary):
    """Validate (X, y, theta) like ``check_single_output``, but leave the NaN and infinity scan of X to the caller.

    Scanning all n m entries of X takes about as long as the product X theta,
    which is half of a single-output gradient. A caller that computes
    h_hat = X theta can skip the scan: a NaN or an infinity in row k of X
    makes h_hat_k NaN or infinite, and with it the summed squared error of
    h_hat and the cross-entropy of sigmoid(h_hat). A loss that saturates,
    such as the squared error of sigmoid(h_hat), can stay finite and must not
    use this. The caller must pass its loss to ``check_deferred_features``.
    y and theta are small and are scanned here as usual.
    """
    X = check_features_deferred(X)
    n, m = X.shape
    y = check_binary_labels(y, n) if binary else check_column_labels(y, n)
    theta = check_parameters("theta", theta, m, 1)
    # As in check_single_output, the labels do not choose the dtype.
    dtype = common_dtype(X, theta)
    return X.astype(dtype, copy=False), y.astype(dtype, copy=False), theta.astype(dtype, copy=False)


def check_deferred_features(X, *results):
    """Scan X for NaN and infinity when a result is not finite; raise the usual ``ValueError`` if X has one.

    The partner of ``check_features_deferred``. ``results`` are numbers
    computed from X, such as the loss and the sum of a gradient, chosen so
    that a NaN or an infinity anywhere in X makes at least one of them NaN or
    infinite. A result that overflowed with a finite X passes unchanged, as
    it would after the full scan.
    """
    # NOTE: a finite X whose products overflow float64 (or float32) gives a
    # NaN loss and gradient with NumPy's overflow warning but no ValueError.
    # NOTE: this relies on the BLAS propagating NaN and infinity through
    # products with zeros, such as X theta where theta has zeros. Reference
    # BLAS removed its skipping of zero entries in GEMV and GEMM in 2014, so
    # that NaN propagates. The tests of every model that defers the scan
    # check it for the installed BLAS.
    if not all(np.isfinite(result) for result in results):
        check_features(X)
