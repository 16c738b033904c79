"""Parts shared by the two-layer networks: input checks, the forward cache, initialization.

Both networks compute X W -> activation -> Z V -> activation -> H, with
W (m, b) the hidden weights, Z (n, b) the hidden activations and V (b, c)
the output weights. A bias enters only as a column of ones in X.
"""

from dataclasses import dataclass

import numpy as np

from ._validation import as_float_array, check_features, check_features_deferred, check_parameters, common_dtype


@dataclass(frozen=True)
class ForwardPass:
    """The values of one forward pass that the backward pass reads.

    Attributes
    ----------
    Z_hat : array (n, b)
        X W, the hidden layer before its activation.
    Z : array (n, b)
        The hidden activations.
    mask : array (n, b) or (1, b), or None
        The fixed dropout mask that multiplied Z, if any.
    Z_masked : array (n, b)
        Z times the mask: the input of the output layer (Z itself without a mask).
    H_hat : array (n, c)
        Z_masked V, the output layer before its activation.
    H : array (n, c)
        The outputs.
    """

    Z_hat: np.ndarray
    Z: np.ndarray
    mask: np.ndarray | None
    Z_masked: np.ndarray
    H_hat: np.ndarray
    H: np.ndarray


def check_weights(X, W, V, deferred=False):
    """Validate X (n, m), W (m, b) and V (b, c); return them as float arrays of one dtype.

    With ``deferred=True`` the entries of X are not scanned for NaN and
    infinity. The caller must then pass its loss and the sum of dW to
    ``derivlib._validation.check_deferred_features``. A NaN or an infinity
    in X reaches one of the two: it makes the loss NaN, or, where the hidden
    units saturate and the loss stays finite, it meets a hidden-layer term
    of 0 in X^T Delta_hid and makes dW NaN.
    """
    X = check_features_deferred(X) if deferred else check_features(X)
    W = check_parameters("W", W, X.shape[1], rows_from="X.shape[1]")
    V = check_parameters("V", V, W.shape[1], rows_from="W.shape[1]")
    dtype = common_dtype(X, W, V)
    return X.astype(dtype, copy=False), W.astype(dtype, copy=False), V.astype(dtype, copy=False)


def check_dropout_mask(mask, n, b, dtype):
    """Validate a fixed dropout mask for the hidden layer and return it in ``dtype``.

    The mask multiplies Z entry by entry, so it must have the shape (n, b) of
    Z, or (1, b) to apply one mask row to every sample. ``None`` stands for
    no mask and is returned unchanged.
    """
    if mask is None:
        return None
    mask = as_float_array("dropout_mask", mask)
    if mask.ndim != 2 or mask.shape[1] != b or mask.shape[0] not in (1, n):
        raise ValueError(
            f"dropout_mask has shape {mask.shape}; expected ({n}, {b}), the shape of Z, "
            f"or (1, {b}) for one mask shared by all samples."
        )
    return mask.astype(dtype, copy=False)


def init_parameters(m, b, c, scale, rng):
    """Draw W (m, b) and V (b, c) as ``scale`` times standard normal entries.

    W is drawn first, then V, both from ``rng``, so one seed fixes both.

    Parameters
    ----------
    m, b, c : int
        The number of input features (including a bias column), hidden units
        and outputs.
    scale : float
        The standard deviation of every weight, at least 0. Large scales
        saturate sigmoid units and make ReLU networks start with huge logits.
    rng : numpy.random.Generator
        The source of the random numbers, e.g. ``np.random.default_rng(0)``.

    Returns
    -------
    W : array (m, b)
    V : array (b, c)
    """
    for name, value in (("m", m), ("b", b), ("c", c)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} is {value!r}; it must be a positive integer.")
    if not (np.isfinite(scale) and scale >= 0):
        raise ValueError(f"scale is {scale!r}; it must be a finite number of at least 0.")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng is a {type(rng).__name__}; pass a numpy.random.Generator, "
            "e.g. np.random.default_rng(0)."
        )
    W = scale * rng.standard_normal((m, b))
    V = scale * rng.standard_normal((b, c))
    return W, V
