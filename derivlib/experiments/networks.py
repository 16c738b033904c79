"""Both two-layer networks trained on the digits data, beside scikit-learn's MLPClassifier.

The digits data that scikit-learn ships has 1,797 images of 8 x 8 pixels with
values 0 to 16 and ten classes. The pixels are divided by 16, so every
feature lies in [0, 1], and a column of ones carries the bias: X has 65
columns. One stratified split, fixed by ``random_state``, serves every model.

Training is mini-batch gradient descent with momentum (``train``). The
networks' losses are sums over the batch, so the step that a learning rate
makes grows with the batch size. scikit-learn averages over the batch, so
``fit_mlp_classifier`` multiplies its learning rate by the batch size to
take the same steps.
"""

import time
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from .. import relu_softmax_network, sigmoid_network
from .cache import shared

CLASSES = 10


@dataclass(frozen=True)
class DigitsSplit:
    """The digits data split into a training and a test set.

    ``X_train`` (n_train, 65) and ``X_test`` (n_test, 65) start with the bias
    column of ones; ``y_train`` and ``y_test`` hold class ids 0 to 9.
    """

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def load_digits_split(test_size=0.25, random_state=0):
    """Load the digits, scale the pixels to [0, 1], add the bias column and split them."""
    pixels, labels = load_digits(return_X_y=True)
    X = np.hstack([np.ones((pixels.shape[0], 1)), pixels / 16.0])
    X_train, X_test, y_train, y_test = train_test_split(
        X, labels, test_size=test_size, random_state=random_state, stratify=labels
    )
    return DigitsSplit(X_train, X_test, y_train, y_test)


@dataclass(frozen=True)
class TrainingRun:
    """The result of one training run.

    ``losses`` and ``test_accuracies`` have one entry per epoch from
    ``first_epoch`` on, where epoch 0 is the state before training: the loss
    summed over the whole training set, and the fraction of test samples
    classified correctly. ``seconds`` is the wall time of the run, with the
    loss and accuracy of every epoch included.
    """

    W: np.ndarray | None
    V: np.ndarray | None
    losses: np.ndarray
    test_accuracies: np.ndarray
    seconds: float
    first_epoch: int = 0

    @property
    def epochs(self):
        """The epoch numbers of the entries of ``losses``."""
        return np.arange(self.first_epoch, self.first_epoch + len(self.losses))

    @property
    def test_accuracy(self):
        """The test accuracy after the last epoch."""
        return float(self.test_accuracies[-1])


def train(network, X, Y, W, V, learning_rate, momentum, epochs, batch_size, rng, X_test, y_test):
    """Train a two-layer network by mini-batch gradient descent with momentum.

    Each epoch visits the training samples in a new random order, in batches
    of ``batch_size``. For each batch, with g the gradient of the loss summed
    over the batch, the velocity u and the weights change as
    u <- momentum u - learning_rate g, then W <- W + u (and alike for V).

    Parameters
    ----------
    network : module
        ``sigmoid_network`` or ``relu_softmax_network``.
    X : array (n, m)
    Y : array
        The training targets, as the network's ``loss_and_gradient`` takes them.
    W : array (m, b)
    V : array (b, c)
        The starting weights; they are not modified.
    learning_rate, momentum : float
    epochs, batch_size : int
    rng : numpy.random.Generator
        Draws the order of the samples.
    X_test : array (n_test, m)
    y_test : array (n_test,)
        The test samples and their class ids, for the accuracy after each epoch.

    Returns
    -------
    TrainingRun
    """
    start = time.perf_counter()
    W, V = W.copy(), V.copy()
    velocity_W, velocity_V = np.zeros_like(W), np.zeros_like(V)

    def record():
        losses.append(network.loss(X, Y, W, V))
        accuracies.append(float(np.mean(_predict_class(network, X_test, W, V) == y_test)))

    losses, accuracies = [], []
    record()
    for _ in range(epochs):
        order = rng.permutation(X.shape[0])
        for first in range(0, X.shape[0], batch_size):
            batch = order[first:first + batch_size]
            _, (dW, dV) = network.loss_and_gradient(X[batch], Y[batch], W, V)
            velocity_W = momentum * velocity_W - learning_rate * dW
            velocity_V = momentum * velocity_V - learning_rate * dV
            W += velocity_W
            V += velocity_V
        record()
    seconds = time.perf_counter() - start
    return TrainingRun(W, V, np.array(losses), np.array(accuracies), seconds)


def _predict_class(network, X, W, V):
    if network is sigmoid_network:
        return sigmoid_network.predict_class(X, W, V)
    return relu_softmax_network.predict(X, W, V)


@shared
def fit_relu_softmax_network(
    split, hidden=128, epochs=30, learning_rate=0.003, momentum=0.9, batch_size=32, scale=0.1, seed=0
):
    """Train the ReLU/softmax network on the digits; return its ``TrainingRun``.

    The weights start as ``scale`` times standard normal entries, drawn with
    the order of the batches from ``numpy.random.default_rng(seed)``.
    """
    rng = np.random.default_rng(seed)
    W, V = relu_softmax_network.init_parameters(split.X_train.shape[1], hidden, CLASSES, scale, rng)
    return train(
        relu_softmax_network, split.X_train, split.y_train, W, V,
        learning_rate, momentum, epochs, batch_size, rng, split.X_test, split.y_test,
    )


@shared
def fit_sigmoid_network(
    split, hidden=64, epochs=100, learning_rate=0.003, momentum=0.9, batch_size=32, scale=0.1, seed=0
):
    """Train the sigmoid network on one-hot digits with the squared error; return its ``TrainingRun``."""
    rng = np.random.default_rng(seed)
    W, V = sigmoid_network.init_parameters(split.X_train.shape[1], hidden, CLASSES, scale, rng)
    Y = np.eye(CLASSES)[split.y_train]
    return train(
        sigmoid_network, split.X_train, Y, W, V,
        learning_rate, momentum, epochs, batch_size, rng, split.X_test, split.y_test,
    )


@shared
def fit_mlp_classifier(
    split, hidden=128, epochs=30, learning_rate=0.003, momentum=0.9, batch_size=32, seed=0
):
    """Train scikit-learn's MLPClassifier like ``fit_relu_softmax_network``; return its ``TrainingRun``.

    The classifier has one hidden ReLU layer of ``hidden`` units and a
    softmax output, and is trained by plain momentum SGD without a penalty
    (alpha = 0), one ``partial_fit`` call per epoch. It averages the loss over
    the batch, so its learning rate is ``learning_rate * batch_size``. Unlike
    derivlib's network it has a bias in each layer (so it is given X without
    the column of ones) and starts from scikit-learn's Glorot-uniform weights.
    The losses are summed cross-entropies over the training set, as for the
    other runs, from epoch 1 on: the classifier has no weights before its
    first epoch. ``W`` and ``V`` of the result are None.
    """
    start = time.perf_counter()
    classifier = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        activation="relu",
        solver="sgd",
        learning_rate="constant",
        learning_rate_init=learning_rate * batch_size,
        momentum=momentum,
        nesterovs_momentum=False,
        alpha=0.0,
        batch_size=batch_size,
        random_state=seed,
    )
    X_train, X_test = split.X_train[:, 1:], split.X_test[:, 1:]
    losses, accuracies = [], []
    for _ in range(epochs):
        classifier.partial_fit(X_train, split.y_train, classes=np.arange(CLASSES))
        probabilities = classifier.predict_proba(X_train)
        losses.append(log_loss(split.y_train, probabilities, labels=np.arange(CLASSES), normalize=False))
        accuracies.append(classifier.score(X_test, split.y_test))
    seconds = time.perf_counter() - start
    return TrainingRun(None, None, np.array(losses), np.array(accuracies), seconds, first_epoch=1)
