"""L2 regularization (weight decay) for every model's loss and gradient.

The regularized objective adds lambda/2 times the squared norm of the weights
to the data loss, and its gradient adds lambda times the weights:

    J = L + lambda/2 sum_j sum_r theta_jr^2,    dJ/dtheta = dL/dtheta + lambda D theta,

where D = diag(0, 1, ..., 1) leaves out the bias row. The bias enters as the
constant column of ones that is the first column of X, so it is the first
row of theta (linear, logistic and softmax regression) and of W (the
networks). By default that row is not penalized: shrinking the bias towards
0 shifts every prediction and does not make the fit any smoother. The output
weights V of a network multiply the hidden activations, which have no
constant column, so every row of V is penalized.

The penalty is added once to the loss summed over the batch, not once per
sample. With a summed loss the data term grows with n while the penalty does
not, so the same lambda regularizes a larger batch less. The derivation is
on the page models/l2-regularization; its SymPy form is
``derivlib.symbolic.l2_regularization``.
"""

import numpy as np

from ._validation import as_float_array

__all__ = ["check_strength", "l2_penalty", "with_l2"]


def check_strength(strength):
    """Validate the regularization strength lambda and return it as a float.

    lambda = 0 is allowed and gives the unregularized loss.
    """
    if isinstance(strength, bool) or not isinstance(strength, (int, float, np.integer, np.floating)):
        raise ValueError(
            f"strength is {strength!r}; the regularization strength lambda must be a real number "
            "of at least 0, e.g. strength=0.1."
        )
    value = float(strength)
    if not np.isfinite(value) or value < 0:
        raise ValueError(
            f"strength is {value}; the regularization strength lambda must be finite and at least 0."
        )
    return value


def _check_weights(name, weights):
    array = as_float_array(name, weights)
    if array.ndim != 2 or array.size == 0:
        raise ValueError(
            f"{name} has shape {array.shape}; expected a non-empty 2-D parameter matrix, "
            "such as theta (m, 1), theta (m, c), W (m, b) or V (b, c)."
        )
    return array


def l2_penalty(weights, strength, exclude_bias_row=True):
    """Compute the L2 penalty lambda/2 ||D w||^2 and its gradient lambda D w.

    Parameters
    ----------
    weights : array (m, k)
        One parameter matrix: theta (m, 1) or (m, c), W (m, b) or V (b, c).
    strength : float
        The regularization strength lambda, at least 0.
    exclude_bias_row : bool
        True (the default) leaves out row 0, the weights of the bias column
        of X: D = diag(0, 1, ..., 1). Pass False for every row, as for V.

    Returns
    -------
    penalty : float
        lambda/2 times the sum of the squared penalized entries.
    gradient : array (m, k)
        lambda times the weights, with 0 in row 0 when it is excluded, in the
        dtype of ``weights`` (float32 stays float32).

    Examples
    --------
    >>> theta = np.array([[5.0], [1.0], [-2.0]])
    >>> penalty, gradient = l2_penalty(theta, 0.5)
    >>> penalty
    1.25
    >>> gradient.ravel().tolist()
    [0.0, 0.5, -1.0]
    """
    weights = _check_weights("weights", weights)
    strength = check_strength(strength)
    penalized = weights[1:] if exclude_bias_row else weights
    penalty = 0.5 * strength * float(np.sum(penalized.astype(np.float64) ** 2))
    gradient = weights.dtype.type(strength) * weights
    if exclude_bias_row:
        gradient[0] = 0
    return penalty, gradient


def _check_bias_column(X):
    """Raise unless the first column of X is all ones, which the bias row convention needs."""
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        return  # the model's own checks reject this X with a better message
    first = X[:, 0]
    if not np.all(first == 1):
        row = int(np.flatnonzero(first != 1)[0])
        raise ValueError(
            f"X[{row}, 0] is {first[row]}; with exclude_bias_row=True the first row of the "
            "first parameter is the bias, so the first column of X must be all ones. Prepend "
            "it with np.hstack([np.ones((n, 1)), X]), or pass exclude_bias_row=False to "
            "penalize every row."
        )


def with_l2(loss_and_gradient, strength, exclude_bias_row=True):
    """Wrap a model's ``loss_and_gradient`` so that it returns the L2-regularized loss and gradient.

    The wrapped function has the model's signature
    ``(X, y, *parameters, **options)`` and its return shape: ``(loss,
    gradient)`` for one parameter matrix (linear, logistic and softmax
    regression), ``(loss, (dW, dV))`` for the networks. Keyword options such
    as a network's ``dropout_mask`` are passed through unchanged.

    Parameters
    ----------
    loss_and_gradient : callable
        A model's function, such as ``linear_regression.loss_and_gradient``
        or ``relu_softmax_network.loss_and_gradient``.
    strength : float
        The regularization strength lambda, at least 0.
    exclude_bias_row : bool
        True (the default) leaves the bias unpenalized: row 0 of the first
        parameter (theta or W), which multiplies the column of ones that must
        be the first column of X. Later parameters (V) are penalized in full
        either way. False penalizes every row and accepts any X.

    Returns
    -------
    callable
        ``(X, y, *parameters, **options) -> (loss + penalty, gradients)``.

    Examples
    --------
    >>> from derivlib import linear_regression
    >>> X = np.array([[1.0, 2.0], [1.0, 3.0]])
    >>> regularized = with_l2(linear_regression.loss_and_gradient, 1.0)
    >>> loss, gradient = regularized(X, np.array([1.0, 2.0]), np.array([[4.0], [1.0]]))
    >>> loss  # 1/2 (5^2 + 5^2) from the data, 1/2 1^2 from the weight 1 (the bias 4 is exempt)
    25.5
    >>> gradient.ravel().tolist()  # X^T (h - y) = (10, 25), plus lambda (0, 1)
    [10.0, 26.0]
    """
    strength = check_strength(strength)

    def regularized(X, y, *parameters, **options):
        # The model validates X first, so a NaN or a wrong shape gets the model's message.
        loss, gradients = loss_and_gradient(X, y, *parameters, **options)
        if exclude_bias_row:
            _check_bias_column(X)
        single = len(parameters) == 1
        gradients = (gradients,) if single else tuple(gradients)
        total = loss
        penalized = []
        for index, (weights, gradient) in enumerate(zip(parameters, gradients)):
            # The model has validated and cast its parameters; cast the same way here.
            weights = np.asarray(weights).astype(gradient.dtype, copy=False)
            penalty, penalty_gradient = l2_penalty(weights, strength, exclude_bias_row and index == 0)
            total += penalty
            penalized.append(gradient + penalty_gradient)
        return total, penalized[0] if single else tuple(penalized)

    name = getattr(loss_and_gradient, "__qualname__", "loss_and_gradient")
    regularized.__name__ = regularized.__qualname__ = f"{name}_with_l2"
    bias = "the bias row exempt" if exclude_bias_row else "every row penalized"
    regularized.__doc__ = f"{name} plus the L2 penalty with lambda = {strength}, {bias}."
    return regularized
