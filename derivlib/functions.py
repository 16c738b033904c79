"""Numerically stable activations and their logarithms.

Every function here accepts any real array and returns a finite result of the
same dtype: no overflow warning at inputs of +-1000, no ``log(0)``.
"""

import numpy as np


def sigmoid(z):
    """Compute the logistic function 1 / (1 + exp(-z)) without overflow.

    ``exp`` is only ever applied to arguments at or below 0, which cannot
    overflow: exp(min(z, 0)) / (1 + exp(-|z|)) is 1 / (1 + exp(-z)) for
    z >= 0 and the equal form exp(z) / (1 + exp(z)) for z < 0.

    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    # Two buffers as large as z, updated in place: a large z (a hidden layer
    # of a network) makes every further temporary array cost time.
    numerator = np.empty_like(z)
    np.minimum(z, 0, out=numerator)
    np.exp(numerator, out=numerator)
    denominator = np.empty_like(z)
    np.abs(z, out=denominator)
    np.negative(denominator, out=denominator)
    np.exp(denominator, out=denominator)
    denominator += 1
    numerator /= denominator
    return numerator if numerator.ndim else numerator[()]


def softplus(z):
    """Compute log(1 + exp(z)) without overflow, as max(z, 0) + log1p(exp(-|z|)).

    The cross-entropy of a sigmoid output with logit z is softplus(z) - y z,
    which stays finite where log(sigmoid(z)) would be log(0).

    >>> softplus(np.array([-1000.0, 0.0, 1000.0])).round(6).tolist()
    [0.0, 0.693147, 1000.0]
    """
    z = np.asarray(z)
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def log_softmax(Z):
    """Compute the log of the softmax of each row of ``Z`` (n, c), stably.

    Subtracting the row maximum first leaves the result unchanged and keeps
    every exponent at or below 0.
    """
    Z = np.asarray(Z)
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax(Z):
    """Compute the softmax of each row of ``Z`` (n, c); every row sums to 1."""
    Z = np.asarray(Z)
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def relu(z):
    """Compute max(0, z) elementwise."""
    return np.maximum(z, 0)


def relu_derivative(z):
    """Compute the derivative of ReLU: 1 where z > 0, else 0 (0 at z = 0, as in PyTorch and JAX)."""
    z = np.asarray(z)
    return (z > 0).astype(z.dtype if np.issubdtype(z.dtype, np.floating) else np.float64)
