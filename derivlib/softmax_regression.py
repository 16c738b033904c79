"""Softmax regression (multinomial logistic regression) with the cross-entropy.

For X (n, m), one-hot labels Y (n, c) and theta (m, c), with the loss summed
over the batch and H_hat = X theta the values before the activation:

    H = softmax of each row of H_hat,
    L = -sum_k sum_r Y_kr log H_kr,    dL/dtheta = X^T (H - Y).

Labels are given either as class ids, an integer array (n,) with values in
0..c-1, or as one-hot rows (n, c). ``derivlib._validation.check_class_labels``
turns both into Y and rejects anything else. The derivations, two ways, are on
the page models/softmax-regression; their SymPy form is
``derivlib.symbolic.softmax_regression``.
"""

import numpy as np

from ._validation import (
    check_class_labels,
    check_deferred_features,
    check_features,
    check_features_deferred,
    check_parameters,
    common_dtype,
)
from .functions import log_softmax, softmax


def check_classes(X, theta, deferred=False):
    """Validate X (n, m) and theta (m, c) with c >= 2; return both in one dtype.

    With ``deferred=True`` the entries of X are not scanned for NaN and
    infinity, and the caller must pass its loss to
    ``derivlib._validation.check_deferred_features``. A NaN or an infinity in
    row k of X makes every entry of row k of X theta NaN or infinite (theta
    is finite), so subtracting the row maximum in the log-softmax gives NaN,
    and the loss is NaN.
    """
    X = check_features_deferred(X) if deferred else check_features(X)
    theta = check_parameters("theta", theta, X.shape[1])
    if theta.shape[1] < 2:
        raise ValueError(
            f"theta has shape {theta.shape}; softmax regression needs one column per class "
            "and at least 2 classes. For two classes with one column, use logistic regression."
        )
    dtype = common_dtype(X, theta)
    return X.astype(dtype, copy=False), theta.astype(dtype, copy=False)


def check_inputs(X, y, theta, deferred=False):
    """Validate (X, y, theta) and return X (n, m), Y (n, c) one-hot and theta (m, c).

    The dtype is float32 when X and theta are both float32, else float64.
    The dtype of the labels does not matter, because they are exact 0s and 1s.
    ``deferred`` is that of ``check_classes``.
    """
    X, theta = check_classes(X, theta, deferred)
    Y = check_class_labels(y, X.shape[0], theta.shape[1], dtype=X.dtype)
    return X, Y, theta


def predict_proba(X, theta):
    """Compute the hypothesis H = softmax(X theta) (n, c): each row contains the class probabilities."""
    X, theta = check_classes(X, theta)
    return softmax(X @ theta)


def predict(X, theta):
    """Predict class ids (n,) in 0..c-1: the column of the largest logit in each row.

    Ties go to the lowest class id, as in ``numpy.argmax``.
    """
    X, theta = check_classes(X, theta)
    return np.argmax(X @ theta, axis=1)


def loss_and_gradient(X, y, theta):
    """Compute the summed cross-entropy and its gradient X^T (H - Y) in one pass.

    The loss is computed from the stable log-softmax,
    log H_kr = H_hat_kr - max_f H_hat_kf - log sum_f exp(H_hat_kf - max_f H_hat_kf),
    so no exponent is positive and no log(0) is taken. The loss stays finite
    whenever the differences between a row's logits are finite floats, which
    covers logits of +-1e4 by far.

    Parameters
    ----------
    X : array (n, m)
        Features, one sample per row. A bias enters as a column of ones.
    y : array (n,) or (n, c)
        Class ids, integers in 0..c-1, or one-hot rows.
    theta : array (m, c)
        Parameters, one column per class (c >= 2).

    Returns
    -------
    loss : float
        -sum_k log H_k,c*(k), where c*(k) is the class of sample k.
    gradient : array (m, c)
        X^T (H - Y), in the dtype of X and theta (float32 stays float32).

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> loss, gradient = loss_and_gradient(X, np.array([0, 2]), np.zeros((2, 3)))
    >>> round(loss, 6), round(float(2 * np.log(3)), 6)
    (2.197225, 2.197225)
    >>> (3 * gradient).round(6).tolist()
    [[-2.0, 1.0, 1.0], [1.0, 1.0, -2.0]]
    """
    # X is scanned for NaN and infinity only if the loss is not finite (see
    # check_classes), which saves a pass over X as long as one of the two
    # products. Until then a bad entry of X passes through silently.
    X, Y, theta = check_inputs(X, y, theta, deferred=True)
    with np.errstate(invalid="ignore"):
        h_hat = X @ theta
        log_h = log_softmax(h_hat)
        # 0.0 - s rather than -s, so that a perfect fit reports 0.0 and not -0.0.
        loss = float(0.0 - np.sum(Y * log_h))
    check_deferred_features(X, loss)
    H = np.exp(log_h)
    H -= Y
    return loss, X.T @ H  # eq-softmax-regression-batch


def loss(X, y, theta):
    """Compute the summed cross-entropy -sum_k sum_r Y_kr log H_kr as a float."""
    return loss_and_gradient(X, y, theta)[0]


def gradient(X, y, theta):
    """Compute the gradient X^T (H - Y) (m, c) of the summed cross-entropy."""
    return loss_and_gradient(X, y, theta)[1]


def per_sample_gradient(X, y, theta):
    """Compute the gradient (m, c) by the per-sample formula, one sample at a time.

    Adds (h_r - y_r) x_i to entry (i, r) for each row x of X: the result of
    the chain rule before it is collected into X^T (H - Y). It is slow and
    serves as a reference for tests and benchmarks.
    """
    X, Y, theta = check_inputs(X, y, theta)
    total = np.zeros_like(theta)
    for x_k, y_k in zip(X, Y):
        h_k = softmax((x_k @ theta).reshape(1, -1))[0]
        total += np.outer(x_k, h_k - y_k)
    return total
