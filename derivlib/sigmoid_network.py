"""A two-layer network with sigmoid units in both layers and the squared error.

For X (n, m), targets Y (n, c), hidden weights W (m, b) and output weights
V (b, c), with the loss summed over samples and outputs:

    Z_hat = X W,    Z = sigmoid(Z_hat),    H_hat = Z V,    H = sigmoid(H_hat)
    L = 1/2 sum_k sum_r (H_kr - Y_kr)^2

The backward pass reads the forward pass in reverse:

    output-layer term  Delta_out = (H - Y) * H * (1 - H)          (n, c)
    dL/dV = Z^T Delta_out                                         (b, c)
    hidden-layer term  Delta_hid = (Delta_out V^T) * Z * (1 - Z)  (n, b)
    dL/dW = X^T Delta_hid                                         (m, b)

where * is the elementwise product. A bias enters only as a column of ones
in X. The derivation is on the page models/sigmoid-network; its SymPy form
is ``derivlib.symbolic.sigmoid_network``.

Targets. Y contains real targets in [0, 1], the range of the sigmoid outputs:
a 2-D array (n, c), of which one-hot rows are the classification case. A 1-D
integer array (n,) holds class ids in 0..c-1 and is turned into one-hot rows,
as for every multi-class model; with a single output (c = 1) a 1-D array is
instead the column of targets (n, 1).
"""

import numpy as np

from ._two_layer import ForwardPass, check_dropout_mask, check_weights, init_parameters
from ._validation import as_float_array, check_class_labels, check_column_labels, check_deferred_features
from .functions import sigmoid

__all__ = [
    "ForwardPass",
    "forward",
    "gradient",
    "init_parameters",
    "loss",
    "loss_and_gradient",
    "per_sample_gradient",
    "predict",
    "predict_class",
]


def check_targets(Y, n, c, dtype):
    """Validate the targets of the sigmoid network and return them as an array (n, c).

    See the module docstring for the accepted forms. Every target must lie in
    [0, 1], because the sigmoid outputs cannot leave (0, 1).
    """
    array = np.asarray(Y)
    if array.ndim == 1 and c > 1:
        return check_class_labels(array, n, c, dtype=dtype, classes_from="V.shape[1]", name="Y")
    if array.ndim == 1:
        targets = check_column_labels(array, n).astype(dtype, copy=False)
    else:
        targets = as_float_array("Y", array)
        if targets.shape != (n, c):
            raise ValueError(
                f"Y has shape {targets.shape}; expected ({n}, {c}): one row per row of X "
                f"and one column per output, with c = {c} = V.shape[1]."
            )
    outside = (targets < 0) | (targets > 1)
    if outside.any():
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(
            f"Y contains {targets[index]} at index {index}; targets must lie in [0, 1], "
            "the range of the sigmoid outputs. Rescale them, e.g. to (Y - min) / (max - min)."
        )
    return targets.astype(dtype, copy=False)


def _checked(X, Y, W, V, dropout_mask=None, deferred=False):
    X, W, V = check_weights(X, W, V, deferred)
    Y = check_targets(Y, X.shape[0], V.shape[1], X.dtype)
    mask = check_dropout_mask(dropout_mask, X.shape[0], W.shape[1], X.dtype)
    return X, Y, W, V, mask


def _forward(X, W, V, mask):
    Z_hat = X @ W  # eq-sigmoid-network-hidden-logit
    Z = sigmoid(Z_hat)  # eq-sigmoid-network-hidden
    Z_masked = Z if mask is None else Z * mask
    H_hat = Z_masked @ V  # eq-sigmoid-network-output-logit
    H = sigmoid(H_hat)  # eq-sigmoid-network-output
    return ForwardPass(Z_hat, Z, mask, Z_masked, H_hat, H)


def forward(X, W, V, dropout_mask=None):
    """Run the forward pass and return every intermediate value.

    Parameters
    ----------
    X : array (n, m)
        Features, one sample per row. A bias enters as a column of ones.
    W : array (m, b)
        Hidden weights.
    V : array (b, c)
        Output weights.
    dropout_mask : array (n, b) or (1, b), optional
        A fixed mask that multiplies the hidden activations Z before they
        reach V; see ``loss_and_gradient``.

    Returns
    -------
    ForwardPass
    """
    X, W, V = check_weights(X, W, V)
    mask = check_dropout_mask(dropout_mask, X.shape[0], W.shape[1], X.dtype)
    return _forward(X, W, V, mask)


def loss_and_gradient(X, Y, W, V, dropout_mask=None):
    """Compute the summed squared error and its gradients by W and V in one pass.

    Parameters
    ----------
    X : array (n, m)
        Features, one sample per row. A bias enters as a column of ones.
    Y : array (n, c), or (n,)
        Targets in [0, 1], or class ids; see the module docstring.
    W : array (m, b)
        Hidden weights.
    V : array (b, c)
        Output weights.
    dropout_mask : array (n, b) or (1, b), optional
        A fixed mask M for the hidden layer. V then multiplies Z * M in
        place of Z, and the gradients are those of that network with M
        held constant. The mask is used as given: for inverted
        dropout with keep probability p, pass Bernoulli(p) entries divided
        by p. The default None is the network without dropout.

    Returns
    -------
    loss : float
        1/2 sum_k sum_r (H_kr - Y_kr)^2.
    gradients : tuple (dW, dV)
        dW (m, b) and dV (b, c), in the dtype of the inputs (float32 stays float32).

    Examples
    --------
    >>> X = np.array([[1.0, 0.5], [1.0, -1.5]])
    >>> W, V = np.array([[0.1, -0.2], [0.3, 0.4]]), np.array([[0.5], [-0.5]])
    >>> loss, (dW, dV) = loss_and_gradient(X, np.array([[1.0], [0.0]]), W, V)
    >>> round(loss, 6)
    0.252686
    >>> dW.shape, dV.shape
    ((2, 2), (2, 1))
    """
    X, Y, W, V, mask = _checked(X, Y, W, V, dropout_mask, deferred=True)
    # X is scanned for NaN and infinity only if the loss or the sum of dW is
    # not finite (see check_weights), which saves a pass over X. Until then
    # a bad entry of X passes through silently.
    with np.errstate(invalid="ignore"):
        cache = _forward(X, W, V, mask)
        H, Z = cache.H, cache.Z

        # The backward pass, from the loss down to the first layer.
        error = H - Y  # eq-sigmoid-network-dl-dh
        loss = 0.5 * float(np.sum(error * error))  # eq-sigmoid-network-loss
        output_term = error * H * (1 - H)  # eq-sigmoid-network-output-term
        dV = cache.Z_masked.T @ output_term  # eq-sigmoid-network-batch-v
        back = output_term @ V.T  # sum over r of output_term_r v_sr, eq-sigmoid-network-dlogit-dz
        # back becomes the hidden-layer term in place, with one temporary 1 - Z.
        if mask is not None:
            back *= mask
        back *= Z
        back *= 1 - Z  # eq-sigmoid-network-hidden-term
        dW = X.T @ back  # eq-sigmoid-network-batch-w
    check_deferred_features(X, loss, dW.sum())
    return loss, (dW, dV)


def loss(X, Y, W, V, dropout_mask=None):
    """Compute the summed squared error 1/2 sum_k sum_r (H_kr - Y_kr)^2 as a float."""
    return loss_and_gradient(X, Y, W, V, dropout_mask)[0]


def gradient(X, Y, W, V, dropout_mask=None):
    """Compute the gradients (dW (m, b), dV (b, c)) of the summed squared error."""
    return loss_and_gradient(X, Y, W, V, dropout_mask)[1]


def predict(X, W, V):
    """Compute the outputs H = sigmoid(sigmoid(X W) V), shape (n, c), each in (0, 1)."""
    return forward(X, W, V).H


def predict_class(X, W, V):
    """Predict class ids (n,) as the index of the largest output (the lowest index on a tie)."""
    return np.argmax(predict(X, W, V), axis=1)


def per_sample_gradient(X, Y, W, V):
    """Compute the gradients (dW, dV) by the per-sample formulas, one sample at a time.

    For each row x of X, with z = sigmoid(x W) and h = sigmoid(z V), it adds
    output_term_r z_s to dV[s, r], where output_term_r = (h_r - y_r) h_r (1 - h_r),
    and hidden_term_s x_i to dW[i, s], where
    hidden_term_s = (sum_r output_term_r v_sr) z_s (1 - z_s).
    Slow; a reference for tests and benchmarks.
    """
    X, Y, W, V, _ = _checked(X, Y, W, V)
    dW, dV = np.zeros_like(W), np.zeros_like(V)
    for x, y in zip(X, Y):
        z = sigmoid(x @ W)
        h = sigmoid(z @ V)
        output_term = (h - y) * h * (1 - h)
        dV += np.outer(z, output_term)
        hidden_term = (V @ output_term) * z * (1 - z)
        dW += np.outer(x, hidden_term)
    return dW, dV
