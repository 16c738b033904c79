"""A two-layer network with a ReLU hidden layer, a softmax output and the cross-entropy.

For X (n, m), one-hot labels Y (n, c), hidden weights W (m, b) and output
weights V (b, c), with the loss summed over the batch:

    Z_hat = X W,    Z = relu(Z_hat),    H_hat = Z V,    H = softmax(H_hat) (by rows)
    L = -sum_k sum_r Y_kr log H_kr

The backward pass reads the forward pass in reverse:

    output-layer term  Delta_out = H - Y                              (n, c)
    dL/dV = Z^T Delta_out                                             (b, c)
    hidden-layer term  Delta_hid = (Delta_out V^T) * 1[Z_hat > 0]     (n, b)
    dL/dW = X^T Delta_hid                                             (m, b)

where * is the elementwise product and 1[Z_hat > 0], the derivative of ReLU,
is the mask of active units. At Z_hat = 0 ReLU has no derivative; derivlib
takes it as 0 there, as PyTorch and JAX do (``functions.relu_derivative``).
A bias enters only as a column of ones in X. The derivation is on the page
models/relu-softmax-network; its SymPy form is
``derivlib.symbolic.relu_softmax_network``.

Labels follow the rule of every multi-class model: a 1-D integer array (n,)
of class ids in 0..c-1, or one-hot rows (n, c). H - Y is the output-layer
term only because each row of Y sums to 1.
"""

import numpy as np

from ._two_layer import ForwardPass, check_dropout_mask, check_weights, init_parameters
from ._validation import check_class_labels, check_deferred_features
from .functions import log_softmax, relu, relu_derivative

__all__ = [
    "ForwardPass",
    "forward",
    "gradient",
    "init_parameters",
    "loss",
    "loss_and_gradient",
    "per_sample_gradient",
    "predict",
    "predict_proba",
]


def _checked(X, Y, W, V, dropout_mask=None, deferred=False):
    X, W, V = check_weights(X, W, V, deferred)
    if V.shape[1] < 2:
        raise ValueError(
            f"V has shape {V.shape}; the softmax output needs at least 2 classes, one column each. "
            "For a single output, use derivlib.sigmoid_network."
        )
    Y = check_class_labels(Y, X.shape[0], V.shape[1], dtype=X.dtype, classes_from="V.shape[1]", name="Y")
    mask = check_dropout_mask(dropout_mask, X.shape[0], W.shape[1], X.dtype)
    return X, Y, W, V, mask


def _forward_with_log(X, W, V, mask):
    """Run the forward pass; return it with log H, from which the loss is computed."""
    Z_hat = X @ W  # eq-relu-softmax-network-hidden-logit
    Z = relu(Z_hat)  # eq-relu-softmax-network-hidden
    Z_masked = Z if mask is None else Z * mask
    H_hat = Z_masked @ V  # eq-relu-softmax-network-output-logit
    log_H = log_softmax(H_hat)
    H = np.exp(log_H)  # eq-relu-softmax-network-output
    return ForwardPass(Z_hat, Z, mask, Z_masked, H_hat, H), log_H


def _forward(X, W, V, mask):
    return _forward_with_log(X, W, V, mask)[0]


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
    """Compute the summed cross-entropy and its gradients by W and V in one pass.

    The loss is evaluated as -sum Y * log_softmax(H_hat), which stays finite
    at logits of +-1e4, where log(softmax(H_hat)) would take log 0.

    Parameters
    ----------
    X : array (n, m)
        Features, one sample per row. A bias enters as a column of ones.
    Y : array (n,) or (n, c)
        Class ids in 0..c-1, or one-hot rows.
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
        -sum_k sum_r Y_kr log H_kr.
    gradients : tuple (dW, dV)
        dW (m, b) and dV (b, c), in the dtype of the inputs (float32 stays float32).

    Examples
    --------
    >>> X = np.array([[1.0, 0.5], [1.0, -1.5]])
    >>> W, V = np.array([[0.2, 0.1], [0.4, -0.3]]), np.array([[0.5, -1.0], [-0.5, 2.0]])
    >>> loss, (dW, dV) = loss_and_gradient(X, np.array([0, 1]), W, V)
    >>> round(loss, 6)
    0.662901
    >>> dW.shape, dV.shape
    ((2, 2), (2, 2))
    """
    X, Y, W, V, mask = _checked(X, Y, W, V, dropout_mask, deferred=True)
    # X is scanned for NaN and infinity only if the loss or the sum of dW is
    # not finite (see check_weights), which saves a pass over X. Until then
    # a bad entry of X passes through silently.
    with np.errstate(invalid="ignore"):
        cache, log_H = _forward_with_log(X, W, V, mask)

        # The backward pass, from the loss down to the first layer.
        loss = -float(np.sum(Y * log_H))  # eq-relu-softmax-network-loss
        output_term = cache.H - Y  # eq-relu-softmax-network-output-term
        dV = cache.Z_masked.T @ output_term  # eq-relu-softmax-network-batch-v
        back = output_term @ V.T  # sum over r of output_term_r v_sr, eq-relu-softmax-network-dlogit-dz
        # back becomes the hidden-layer term in place, without another (n, b) array.
        if mask is not None:
            back *= mask
        # The derivative of ReLU, 1[Z_hat > 0], enters as a boolean mask.
        np.multiply(back, cache.Z_hat > 0, out=back)  # eq-relu-softmax-network-hidden-term
        dW = X.T @ back  # eq-relu-softmax-network-batch-w
    check_deferred_features(X, loss, dW.sum())
    return loss, (dW, dV)


def loss(X, Y, W, V, dropout_mask=None):
    """Compute the summed cross-entropy -sum_k sum_r Y_kr log H_kr as a float."""
    return loss_and_gradient(X, Y, W, V, dropout_mask)[0]


def gradient(X, Y, W, V, dropout_mask=None):
    """Compute the gradients (dW (m, b), dV (b, c)) of the summed cross-entropy."""
    return loss_and_gradient(X, Y, W, V, dropout_mask)[1]


def predict_proba(X, W, V):
    """Compute the class probabilities H = softmax(relu(X W) V), shape (n, c); rows sum to 1."""
    return forward(X, W, V).H


def predict(X, W, V):
    """Predict class ids (n,): the most probable class, the lowest index on a tie."""
    return np.argmax(forward(X, W, V).H_hat, axis=1)


def per_sample_gradient(X, Y, W, V):
    """Compute the gradients (dW, dV) by the per-sample formulas, one sample at a time.

    For each row x of X, with z = relu(x W) and h = softmax(z V), it adds
    output_term_r z_s to dV[s, r], where output_term_r = h_r - y_r, and
    hidden_term_s x_i to dW[i, s], where
    hidden_term_s = (sum_r output_term_r v_sr) 1[z_hat_s > 0].
    Slow; a reference for tests and benchmarks.
    """
    X, Y, W, V, _ = _checked(X, Y, W, V)
    dW, dV = np.zeros_like(W), np.zeros_like(V)
    for x, y in zip(X, Y):
        z_hat = x @ W
        z = relu(z_hat)
        h = np.exp(log_softmax((z @ V)[np.newaxis, :]))[0]
        output_term = h - y
        dV += np.outer(z, output_term)
        hidden_term = (V @ output_term) * relu_derivative(z_hat)
        dW += np.outer(x, hidden_term)
    return dW, dV
