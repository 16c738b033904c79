"""Logistic regression with the cross-entropy or the squared error.

For X (n, m), labels y (n, 1) in {0, 1} and theta (m, 1), with losses summed
over the batch and h_hat = X theta the value before the sigmoid:

    h = sigmoid(h_hat)
    cross-entropy:  L = -sum_k [y_k log h_k + (1 - y_k) log(1 - h_k)],
                    dL/dtheta = X^T (h - y)
    squared error:  L = 1/2 sum_k (h_k - y_k)^2,
                    dL/dtheta = X^T [(h - y) * h * (1 - h)]

The derivations are on the page models/logistic-regression; their SymPy form
is ``derivlib.symbolic.logistic_regression``.
"""

import numpy as np

from ._validation import (
    check_deferred_features,
    check_features,
    check_parameters,
    check_single_output,
    check_single_output_deferred,
)
from .functions import sigmoid


def predict_proba(X, theta):
    """Compute the hypothesis h = sigmoid(X theta) (n, 1), the probability of class 1."""
    X = check_features(X)
    theta = check_parameters("theta", theta, X.shape[1], 1)
    return sigmoid(X @ theta)


def predict(X, theta):
    """Predict class labels (n, 1): 1 where h >= 1/2, that is where X theta >= 0, else 0."""
    X = check_features(X)
    theta = check_parameters("theta", theta, X.shape[1], 1)
    return (X @ theta >= 0).astype(X.dtype)


def cross_entropy_loss_and_gradient(X, y, theta):
    """Compute the summed cross-entropy and its gradient X^T (h - y).

    The loss is evaluated from the logits as sum_k softplus(h_hat_k) - y_k h_hat_k,
    which equals the textbook form and stays finite when h rounds to 0 or 1.

    Parameters
    ----------
    X : array (n, m)
        Features, one sample per row. A bias enters as a column of ones.
    y : array (n, 1) or (n,)
        Labels 0 or 1; a 1-D array is read as the column (n, 1).
    theta : array (m, 1)
        Parameters.

    Returns
    -------
    loss : float
    gradient : array (m, 1)

    Examples
    --------
    >>> X = np.array([[1.0, -1000.0], [1.0, 1000.0]])
    >>> loss, gradient = cross_entropy_loss_and_gradient(X, [0, 1], np.array([[0.0], [-1.0]]))
    >>> loss
    2000.0
    >>> gradient.ravel().tolist()
    [0.0, -2000.0]
    """
    # X is scanned for NaN and infinity only if the loss is not finite, which
    # saves a pass over X as long as one of the two products. A NaN or an
    # infinity in X silently makes the loss NaN or infinite, and
    # check_deferred_features then raises the usual error.
    X, y, theta = check_single_output_deferred(X, y, theta, binary=True)
    with np.errstate(invalid="ignore"):
        h_hat = X @ theta
        # With e = exp(-|h_hat|), which cannot overflow, softplus(h_hat) is
        # max(h_hat, 0) + log(1 + e) and sigmoid(h_hat) is exp(min(h_hat, 0)) / (1 + e):
        # the values of derivlib.functions, without a branch per entry.
        e = np.exp(-np.abs(h_hat))
        loss = float(np.sum(np.maximum(h_hat, 0) + np.log1p(e) - y * h_hat))
    check_deferred_features(X, loss)
    h = np.exp(np.minimum(h_hat, 0)) / (1 + e)
    return loss, X.T @ (h - y)  # eq-logistic-ce-batch


def squared_error_loss_and_gradient(X, y, theta):
    """Compute the summed squared error of the sigmoid output and its gradient.

    The gradient is X^T [(h - y) * h * (1 - h)]. The factor h (1 - h) is at
    most 1/4 and vanishes as the sigmoid saturates, which slows learning.

    Parameters
    ----------
    X : array (n, m)
    y : array (n, 1) or (n,)
        Labels 0 or 1.
    theta : array (m, 1)

    Returns
    -------
    loss : float
    gradient : array (m, 1)
    """
    X, y, theta = check_single_output(X, y, theta, binary=True)
    h = sigmoid(X @ theta)
    error = h - y
    loss = 0.5 * (error.T @ error).item()
    return loss, X.T @ (error * h * (1 - h))  # eq-logistic-se-batch


def cross_entropy_per_sample_gradient(X, y, theta):
    """Compute the cross-entropy gradient (m, 1) one sample at a time: sum_k (h_k - y_k) x_k."""
    X, y, theta = check_single_output(X, y, theta, binary=True)
    total = np.zeros_like(theta)
    for x_k, y_k in zip(X, y[:, 0]):
        h_k = sigmoid(x_k @ theta[:, 0])
        total[:, 0] += (h_k - y_k) * x_k
    return total


def squared_error_per_sample_gradient(X, y, theta):
    """Compute the squared-error gradient (m, 1) one sample at a time."""
    X, y, theta = check_single_output(X, y, theta, binary=True)
    total = np.zeros_like(theta)
    for x_k, y_k in zip(X, y[:, 0]):
        h_k = sigmoid(x_k @ theta[:, 0])
        total[:, 0] += (h_k - y_k) * h_k * (1 - h_k) * x_k
    return total
