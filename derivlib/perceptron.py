"""The binary perceptron.

For X (n, m), labels y (n, 1) in {0, 1} and theta (m, 1), with losses summed
over the batch and h_hat = X theta the value before the step:

    h = 1 where h_hat >= 0, else 0      (a sample with h_hat = 0 is judged 1)
    L = sum_k (h_k - y_k) h_hat_k
      = sum of x theta over the samples wrongly judged 1
        - sum of x theta over the samples wrongly judged 0
    dL/dtheta = X^T (h - y)

The step has no derivative at 0 and a zero one elsewhere, so h is a constant
within each region of fixed predictions, and X^T (h - y) is the gradient
there (the derivative almost everywhere). The derivation is on the page
models/perceptron; its SymPy form is ``derivlib.symbolic.perceptron``.
"""

import warnings
from dataclasses import dataclass

import numpy as np

from ._validation import check_binary_labels, check_features, check_parameters, common_dtype
from .training import ConvergenceWarning


@dataclass(frozen=True)
class PerceptronTraining:
    """The result of training a perceptron with full-batch updates.

    ``errors[t]`` and ``losses[t]`` belong to the parameters before update t,
    so both arrays have ``epochs + 1`` entries: the last is for the returned
    ``theta``.
    """

    theta: np.ndarray
    errors: np.ndarray
    losses: np.ndarray
    epochs: int
    converged: bool


def check_inputs(X, y, theta):
    """Validate (X, y, theta) and cast them to the dtype of X and theta.

    Returns X (n, m), y (n, 1) with labels 0 and 1, and theta (m, 1). The
    labels are exact in float32, so integer labels do not promote float32
    features to float64.
    """
    X = check_features(X)
    n, m = X.shape
    y = check_binary_labels(y, n)
    theta = check_parameters("theta", theta, m, 1)
    dtype = common_dtype(X, theta)
    return X.astype(dtype, copy=False), y.astype(dtype, copy=False), theta.astype(dtype, copy=False)


def predict(X, theta):
    """Predict labels (n, 1): 1 where X theta >= 0, else 0, in the dtype of X.

    A sample exactly on the boundary, with x theta = 0, is judged 1.
    """
    X = check_features(X)
    theta = check_parameters("theta", theta, X.shape[1], 1)
    return (X @ theta >= 0).astype(X.dtype)


def loss_and_gradient(X, y, theta):
    """Compute the summed perceptron loss and its gradient X^T (h - y).

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
        sum_k (h_k - y_k) x_k theta: the sum of x theta over the samples
        wrongly judged 1 minus the sum over the samples wrongly judged 0.
        It is never negative, and it is 0 when every sample is judged
        right, but also when every wrongly judged sample has x theta = 0.
    gradient : array (m, 1)
        X^T (h - y), the gradient within the region of the current
        predictions. On a boundary (some x theta = 0) it is the gradient of
        the region where those samples are judged 1.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [1.0, -1.0]])
    >>> loss, gradient = loss_and_gradient(X, [0, 0], np.array([[0.0], [1.0]]))
    >>> loss
    2.0
    >>> gradient.ravel().tolist()
    [1.0, 2.0]
    """
    X, y, theta = check_inputs(X, y, theta)
    h_hat = X @ theta
    h = (h_hat >= 0).astype(X.dtype)  # x theta = 0 is judged 1
    error = h - y  # eq-perceptron-batch: h - y
    return float(np.sum(error * h_hat)), X.T @ error


def loss(X, y, theta):
    """Compute the summed perceptron loss sum_k (h_k - y_k) x_k theta as a float."""
    return loss_and_gradient(X, y, theta)[0]


def gradient(X, y, theta):
    """Compute the gradient X^T (h - y) (m, 1) of the summed perceptron loss."""
    return loss_and_gradient(X, y, theta)[1]


def per_sample_gradient(X, y, theta):
    """Compute the gradient (m, 1) by the per-sample formula, one sample at a time.

    Adds (h_k - y_k) x_k for each row k, with h_k held at the sample's
    prediction. Slow; a reference for tests and benchmarks.
    """
    X, y, theta = check_inputs(X, y, theta)
    total = np.zeros_like(theta)
    for x_k, y_k in zip(X, y[:, 0]):
        h_k = 1.0 if x_k @ theta[:, 0] >= 0 else 0.0
        total[:, 0] += (h_k - y_k) * x_k
    return total


def train(X, y, theta=None, learning_rate=1.0, max_epochs=1000):
    """Train the perceptron by the full-batch rule theta <- theta - learning_rate X^T (h - y).

    Each epoch makes one update with the gradient of the batch loss, so the
    rule is gradient descent on the loss of ``loss_and_gradient``, and its
    result does not depend on the order of the samples. Training stops at
    the first epoch with no wrongly judged sample. The stop is on the error
    count, not on the loss, because the loss is also 0 when the only wrongly
    judged samples lie on the boundary (as at theta = 0).

    On linearly separable data the rule stops after finitely many updates.
    Suppose some unit vector u gives every sample a margin of at least gamma,
    and every row of X has a norm of at most R. Then the wrongly judged
    samples, counted over all epochs, number at most n (R / gamma)^2. Starting from
    theta = 0, the learning rate only scales every iterate, so the
    predictions and the number of epochs do not depend on it.

    Parameters
    ----------
    X : array (n, m)
        Features; a bias enters as a column of ones.
    y : array (n, 1) or (n,)
        Labels 0 or 1.
    theta : array (m, 1), optional
        The starting point (zeros if omitted); it is not modified.
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
        If some training sample is still wrongly judged after ``max_epochs``
        updates, as happens when the classes are not linearly separable.
    """
    check_training_options(learning_rate, max_epochs)
    X = check_features(X)
    if theta is None:
        theta = np.zeros((X.shape[1], 1), dtype=X.dtype)
    X, y, theta = check_inputs(X, y, theta)
    theta = theta.copy()

    errors, losses = [], []
    for epoch in range(max_epochs + 1):
        loss_value, gradient_value = loss_and_gradient(X, y, theta)
        errors.append(int(np.count_nonzero(predict(X, theta) != y)))
        losses.append(loss_value)
        if errors[-1] == 0 or epoch == max_epochs:
            break
        theta -= learning_rate * gradient_value
    converged = errors[-1] == 0
    if not converged:
        warnings.warn(
            f"the perceptron still misjudges {errors[-1]} of {X.shape[0]} training samples "
            f"after {max_epochs} epochs; the classes may not be linearly separable. "
            "Raise max_epochs, or check that a separating hyperplane exists.",
            ConvergenceWarning,
            stacklevel=2,
        )
    return PerceptronTraining(theta, np.array(errors), np.array(losses), len(errors) - 1, converged)


def check_training_options(learning_rate, max_epochs):
    """Reject a learning rate that is not positive and a max_epochs below 1."""
    if not learning_rate > 0:
        raise ValueError(f"learning_rate is {learning_rate}; it must be a positive number.")
    if int(max_epochs) != max_epochs or max_epochs < 1:
        raise ValueError(f"max_epochs is {max_epochs}; pass a whole number of at least 1.")

