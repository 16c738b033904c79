"""The multi-class perceptron.

For X (n, m), labels of c classes and theta (m, c), with losses summed over
the batch and the scores h_hat = X theta (n, c):

    r*_k = argmax_r h_hat_kr      (the lowest index at a tie, as numpy.argmax)
    H    = the one-hot rows of r*, Y = the one-hot rows of the true classes c*_k
    L    = sum_k (max_r h_hat_kr - h_hat_kc*_k)
    dL/dtheta = X^T (H - Y)

H contains indicators, not scores: the gradient of max_r h_hat_r is the
indicator of the argmax. The prediction is constant within each region where
no two top scores tie, and X^T (H - Y) is the gradient there. The derivation
is on the page models/multiclass-perceptron; its SymPy form is
``derivlib.symbolic.multiclass_perceptron``.

Labels are class ids (n,) in 0..c-1 or one-hot rows (n, c), with c the
number of columns of theta.
"""

import warnings

import numpy as np

from ._validation import check_class_labels, check_features, check_parameters, common_dtype
from .perceptron import PerceptronTraining, check_training_options
from .training import ConvergenceWarning


def check_inputs(X, y, theta):
    """Validate (X, y, theta) and cast them to the dtype of X and theta.

    Returns X (n, m), the one-hot labels Y (n, c) and theta (m, c).
    """
    X = check_features(X)
    n, m = X.shape
    theta = check_parameters("theta", theta, m)
    dtype = common_dtype(X, theta)
    Y = check_class_labels(y, n, theta.shape[1], dtype=dtype)
    return X.astype(dtype, copy=False), Y, theta.astype(dtype, copy=False)


def predict(X, theta):
    """Predict class ids (n,): the column of the highest score in each row of X theta.

    At a tie the lowest class id wins, as in ``numpy.argmax``.
    """
    X = check_features(X)
    theta = check_parameters("theta", theta, X.shape[1])
    return np.argmax(X @ theta, axis=1)


def loss_and_gradient(X, y, theta):
    """Compute the summed multi-class perceptron loss and its gradient X^T (H - Y).

    Parameters
    ----------
    X : array (n, m)
        Features, one sample per row. A bias enters as a column of ones.
    y : array (n,) or (n, c)
        Class ids in 0..c-1, or one-hot rows.
    theta : array (m, c)
        Parameters, one column per class.

    Returns
    -------
    loss : float
        sum_k (max_r h_hat_kr - h_hat_kc*_k), how far the top scores lie
        above the scores of the true classes; never negative.
    gradient : array (m, c)
        X^T (H - Y) with H the one-hot rows of the predicted classes: the
        gradient within the region of the current predictions. At a tie it
        is the gradient of the region of the lowest tied class id.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [1.0, -2.0]])
    >>> theta = np.array([[0.0, 0.0, 1.0], [1.0, -1.0, 0.0]])
    >>> loss, gradient = loss_and_gradient(X, [2, 2], theta)
    >>> loss
    2.0
    >>> gradient.tolist()
    [[1.0, 1.0, -2.0], [2.0, -2.0, 0.0]]
    """
    X, Y, theta = check_inputs(X, y, theta)
    h_hat = X @ theta
    predicted = np.argmax(h_hat, axis=1)  # the lowest index at a tie
    H = np.zeros_like(h_hat)
    H[np.arange(len(predicted)), predicted] = 1
    true_scores = np.sum(Y * h_hat, axis=1)
    loss = float(np.sum(h_hat[np.arange(len(predicted)), predicted] - true_scores))
    return loss, X.T @ (H - Y)  # eq-multiclass-perceptron-batch


def loss(X, y, theta):
    """Compute the summed loss sum_k (max_r h_hat_kr - h_hat_kc*_k) as a float."""
    return loss_and_gradient(X, y, theta)[0]


def gradient(X, y, theta):
    """Compute the gradient X^T (H - Y) (m, c) of the summed loss."""
    return loss_and_gradient(X, y, theta)[1]


def per_sample_gradient(X, y, theta):
    """Compute the gradient (m, c) by the per-sample formula, one sample at a time.

    For each row k, column r of the gradient gains
    (1[r = r*] - 1[r = c*]) x_k: x_k is added to the column of the predicted
    class and subtracted from the column of the true class (nothing changes
    when they agree). Slow; a reference for tests and benchmarks.
    """
    X, Y, theta = check_inputs(X, y, theta)
    total = np.zeros_like(theta)
    for x_k, y_k in zip(X, Y):
        predicted = int(np.argmax(x_k @ theta))
        true_class = int(np.argmax(y_k))
        total[:, predicted] += x_k
        total[:, true_class] -= x_k
    return total


def train(X, y, theta=None, learning_rate=1.0, max_epochs=1000):
    """Train by the full-batch rule theta <- theta - learning_rate X^T (H - Y).

    As for the binary perceptron (``derivlib.perceptron.train``), each epoch
    makes one update with the gradient of the batch loss, and training stops
    at the first epoch with no wrongly classified sample. Starting from
    theta = 0, every score ties and every sample is predicted as class 0.

    Parameters
    ----------
    X : array (n, m)
        Features; a bias enters as a column of ones.
    y : array (n,) or (n, c)
        Class ids in 0..c-1, or one-hot rows.
    theta : array (m, c), optional
        The starting point; it is not modified. If omitted, zeros with one
        column per class, c = y.max() + 1 for class ids and y.shape[1] for
        one-hot rows.
    learning_rate : float
        The step size, a positive number.
    max_epochs : int
        The largest number of updates.

    Returns
    -------
    PerceptronTraining

    Warns
    -----
    ConvergenceWarning
        If some training sample is still wrongly classified after
        ``max_epochs`` updates, as happens when no linear classifier
        separates the classes.
    """
    check_training_options(learning_rate, max_epochs)
    X = check_features(X)
    if theta is None:
        theta = np.zeros((X.shape[1], count_classes(y)), dtype=X.dtype)
    X, Y, theta = check_inputs(X, y, theta)
    theta = theta.copy()
    true_classes = np.argmax(Y, axis=1)

    errors, losses = [], []
    for epoch in range(max_epochs + 1):
        loss_value, gradient_value = loss_and_gradient(X, Y, theta)
        errors.append(int(np.count_nonzero(predict(X, theta) != true_classes)))
        losses.append(loss_value)
        if errors[-1] == 0 or epoch == max_epochs:
            break
        theta -= learning_rate * gradient_value
    converged = errors[-1] == 0
    if not converged:
        warnings.warn(
            f"the perceptron still misclassifies {errors[-1]} of {X.shape[0]} training samples "
            f"after {max_epochs} epochs; the classes may not be linearly separable. "
            "Raise max_epochs, or expect a classifier that is not exact on the training set.",
            ConvergenceWarning,
            stacklevel=2,
        )
    return PerceptronTraining(theta, np.array(errors), np.array(losses), len(errors) - 1, converged)


def count_classes(y):
    """Return the number of classes c that labels imply: y.max() + 1 for ids, y.shape[1] for one-hot rows."""
    labels = np.asarray(y)
    if labels.ndim == 2:
        return labels.shape[1]
    if labels.ndim == 1 and labels.size and np.issubdtype(labels.dtype, np.integer):
        return int(labels.max()) + 1
    raise ValueError(
        f"y has shape {labels.shape} and dtype {labels.dtype}; pass class ids of shape (n,) "
        "as integers, one-hot rows of shape (n, c), or a starting theta of shape (m, c)."
    )
