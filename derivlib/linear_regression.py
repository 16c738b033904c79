"""Linear regression with the squared error.

For X (n, m), y (n, 1) and theta (m, 1), with the loss summed over the batch:

    h = X theta,    L = 1/2 sum_k (h_k - y_k)^2,    dL/dtheta = X^T (h - y).

For full-batch descent on a fixed batch, ``gram_matrices`` computes X^T X,
X^T y and y^T y once, and ``gram_loss_and_gradient`` then takes O(m^2) per
step in place of O(n m).

The derivation, step by step, is on the page models/linear-regression; its
SymPy form is ``derivlib.symbolic.linear_regression``.
"""

import numpy as np

from ._validation import (
    as_float_array,
    check_column_labels,
    check_deferred_features,
    check_features,
    check_parameters,
    check_single_output,
    check_single_output_deferred,
    common_dtype,
)


def predict(X, theta):
    """Compute the hypothesis h = X theta (n, 1) for X (n, m) and theta (m, 1)."""
    X = check_features(X)
    theta = check_parameters("theta", theta, X.shape[1], 1)
    return X @ theta


def loss_and_gradient(X, y, theta):
    """Compute the summed squared error and its gradient in one pass.

    Parameters
    ----------
    X : array (n, m)
        Features, one sample per row. A bias enters as a column of ones.
    y : array (n, 1) or (n,)
        Targets; a 1-D array is read as the column (n, 1).
    theta : array (m, 1)
        Parameters.

    Returns
    -------
    loss : float
        1/2 sum_k (h_k - y_k)^2 with h = X theta.
    gradient : array (m, 1)
        X^T (h - y), in the dtype of the inputs (float32 stays float32).

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [1.0, 3.0]])
    >>> loss, gradient = loss_and_gradient(X, np.array([1.0, 2.0]), np.zeros((2, 1)))
    >>> loss
    2.5
    >>> gradient.ravel().tolist()
    [-3.0, -8.0]
    """
    # X is scanned for NaN and infinity only if the loss is not finite, which
    # saves a pass over X as long as one of the two products. A NaN or an
    # infinity in X silently makes the loss NaN or infinite, and
    # check_deferred_features then raises the usual error.
    X, y, theta = check_single_output_deferred(X, y, theta, binary=False)
    with np.errstate(invalid="ignore"):
        residual = X @ theta
        residual -= y  # eq-linear-regression-batch: h - y
        loss = 0.5 * (residual.T @ residual).item()
    check_deferred_features(X, loss)
    return loss, X.T @ residual


def loss(X, y, theta):
    """Compute the summed squared error 1/2 sum_k (h_k - y_k)^2 as a float."""
    return loss_and_gradient(X, y, theta)[0]


def gradient(X, y, theta):
    """Compute the gradient X^T (X theta - y) (m, 1) of the summed squared error."""
    return loss_and_gradient(X, y, theta)[1]


def per_sample_gradient(X, y, theta):
    """Compute the gradient (m, 1) by the per-sample formula, one sample at a time.

    Adds (h_k - y_k) x_k for each row k: the chain rule's result before it is
    collected into X^T (h - y). Slow; a reference for tests and benchmarks.
    """
    X, y, theta = check_single_output(X, y, theta, binary=False)
    total = np.zeros_like(theta)
    for x_k, y_k in zip(X, y[:, 0]):
        h_k = x_k @ theta[:, 0]
        total[:, 0] += (h_k - y_k) * x_k
    return total


def gram_matrices(X, y):
    """Compute X^T X (m, m), X^T y (m, 1) and y^T y once, for ``gram_loss_and_gradient``.

    This costs about n m^2 operations, as much as m/2 gradient steps, so it
    pays off for full-batch descent over more steps than that.

    Parameters
    ----------
    X : array (n, m)
        Features, one sample per row. A bias enters as a column of ones.
    y : array (n, 1) or (n,)
        Targets; a 1-D array is read as the column (n, 1).

    Returns
    -------
    XtX : array (m, m)
    Xty : array (m, 1)
    yty : float
    """
    X = check_features(X)
    # As in loss_and_gradient, the targets do not choose the dtype.
    y = check_column_labels(y, X.shape[0]).astype(X.dtype, copy=False)
    return X.T @ X, X.T @ y, (y.T @ y).item()


def gram_loss_and_gradient(XtX, Xty, yty, theta):
    """Compute the summed squared error and its gradient from precomputed X^T X, X^T y and y^T y.

    L = 1/2 (theta^T X^T X theta - 2 theta^T X^T y + y^T y) and the
    gradient X^T X theta - X^T y are ``loss_and_gradient(X, y, theta)``
    multiplied out, at O(m^2) per call whatever n is.

    Near a close fit the loss is a small difference of large terms, so its
    absolute error is about machine epsilon times y^T y rather than times
    the loss; ``loss_and_gradient`` computes the residuals and has no such
    cancellation.

    Parameters
    ----------
    XtX : array (m, m)
    Xty : array (m, 1)
    yty : float
        The three results of ``gram_matrices(X, y)``.
    theta : array (m, 1)
        Parameters.

    Returns
    -------
    loss : float
    gradient : array (m, 1)

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [1.0, 3.0]])
    >>> XtX, Xty, yty = gram_matrices(X, np.array([1.0, 2.0]))
    >>> loss, gradient = gram_loss_and_gradient(XtX, Xty, yty, np.zeros((2, 1)))
    >>> loss
    2.5
    >>> gradient.ravel().tolist()
    [-3.0, -8.0]
    """
    XtX = as_float_array("XtX", XtX)
    if XtX.ndim != 2 or XtX.shape[0] != XtX.shape[1] or XtX.size == 0:
        raise ValueError(
            f"XtX has shape {XtX.shape}; expected a square matrix (m, m): pass the first result of gram_matrices(X, y)."
        )
    m = XtX.shape[0]
    Xty = check_parameters("Xty", Xty, m, 1, rows_from="XtX.shape[0]")
    theta = check_parameters("theta", theta, m, 1, rows_from="XtX.shape[0]")
    dtype = common_dtype(XtX, Xty, theta)
    XtX, Xty, theta = (a.astype(dtype, copy=False) for a in (XtX, Xty, theta))
    XtX_theta = XtX @ theta
    loss = 0.5 * ((theta.T @ XtX_theta).item() - 2 * (theta.T @ Xty).item() + float(yty))
    return loss, XtX_theta - Xty
