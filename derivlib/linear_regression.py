"""Linear regression with the squared error.

For X (n, m), y (n, 1) and theta (m, 1), with the loss summed over the batch:

    h = X theta,    L = 1/2 sum_k (h_k - y_k)^2,    dL/dtheta = X^T (h - y).

The derivation, step by step, is on the page models/linear-regression; its
SymPy form is ``derivlib.symbolic.linear_regression``.
"""

import numpy as np

from ._validation import check_features, check_parameters, check_single_output


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
    X, y, theta = check_single_output(X, y, theta, binary=False)
    residual = X @ theta - y  # eq-linear-regression-batch: h - y
    loss = 0.5 * (residual.T @ residual).item()
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
