"""Dropout on the hidden layer of the ReLU/softmax network, trained on the digits.

The claim under test: a mask drawn per element of Z (every sample drops its
own units) trains better than a mask drawn per hidden unit and shared by the
whole mini-batch (a column mask). Each seed fixes the initial weights and
the order of the mini-batches, which are the same for every mask style, so
the styles differ only in their masks. The digits split is the one of the
softmax lab (pixels / 16 in [0, 1], a bias column, 1,347 training and 450
test images).

Training is mini-batch gradient descent with heavy-ball momentum on the
cross-entropy summed over each mini-batch. The mask is drawn by
``Dropout.mask`` for every mini-batch and passed to the network's
``loss_and_gradient``, which uses the same mask in the forward and in the
backward pass. Every score is taken without random masks: the network as it
is for inverted dropout, and with the activations times p for classic
dropout.
"""

import time
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from .. import relu_softmax_network as network
from ..dropout import Dropout
from .cache import shared
from .softmax import CLASSES, load_digits_split

KEEP_PROBABILITY = 0.5
HIDDEN = 64
INIT_SCALE = 0.1
BATCH_SIZE = 64
MOMENTUM = 0.9
EPOCHS = 30
# The main comparison, and a second one with a step four times smaller.
LEARNING_RATE, SEEDS = 2e-3, tuple(range(8))
SMALL_LEARNING_RATE, SMALL_STEP_SEEDS = 5e-4, tuple(range(5))
SCALING_SEEDS = tuple(range(3))
STYLES = ("none", "element", "neuron")  # "none": no dropout, the baseline


@dataclass(frozen=True)
class DropoutRun:
    """One training run, scored after every epoch without random masks.

    Attributes
    ----------
    train_losses : array (epochs,)
        The cross-entropy summed over the 1,347 training images.
    test_accuracies : array (epochs,)
    W, V : array (m, b) and (b, c)
        The weights after the last epoch.
    """

    style: str
    scaling: str
    seed: int
    train_losses: np.ndarray
    test_accuracies: np.ndarray
    W: np.ndarray
    V: np.ndarray

    @property
    def test_accuracy(self):
        return float(self.test_accuracies[-1])

    @property
    def train_loss(self):
        return float(self.train_losses[-1])


def evaluation_mask(dropout, n, hidden):
    """Return the mask for scoring: None without dropout, else the Dropout's test-time mask."""
    return None if dropout is None else dropout.mask(None, (n, hidden), training=False)


def train(data, style, seed, keep_probability=KEEP_PROBABILITY, scaling="inverted",
          learning_rate=LEARNING_RATE, epochs=EPOCHS, hidden=HIDDEN):
    """Train the network with one mask style (or none) from the initial weights of ``seed``."""
    m, n = data.X_train.shape[1], data.X_train.shape[0]
    W, V = network.init_parameters(m, hidden, CLASSES, INIT_SCALE, np.random.default_rng(seed))
    order_rng = np.random.default_rng([seed, 1])
    mask_rng = np.random.default_rng([seed, 2])
    dropout = None if style == "none" else Dropout(keep_probability, scaling=scaling, style=style)
    velocity_W, velocity_V = np.zeros_like(W), np.zeros_like(V)
    Y_train = np.eye(CLASSES)[data.y_train]
    train_losses, test_accuracies = [], []
    for _ in range(epochs):
        order = order_rng.permutation(n)
        for start in range(0, n, BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            mask = None if dropout is None else dropout.mask(mask_rng, (rows.size, hidden), training=True)
            _, (dW, dV) = network.loss_and_gradient(
                data.X_train[rows], Y_train[rows], W, V, dropout_mask=mask
            )
            velocity_W = MOMENTUM * velocity_W - learning_rate * dW
            velocity_V = MOMENTUM * velocity_V - learning_rate * dV
            W, V = W + velocity_W, V + velocity_V
        train_losses.append(
            network.loss(data.X_train, Y_train, W, V, dropout_mask=evaluation_mask(dropout, n, hidden))
        )
        test_accuracies.append(accuracy(data.X_test, data.y_test, W, V, evaluation_mask(dropout, 1, hidden)))
    return DropoutRun(style, scaling, seed, np.array(train_losses), np.array(test_accuracies), W, V)


def accuracy(X, y, W, V, mask=None):
    """Return the fraction of rows of X whose most probable class is y."""
    logits = network.forward(X, W, V, dropout_mask=mask).H_hat
    return float(np.mean(np.argmax(logits, axis=1) == y))


@dataclass(frozen=True)
class StyleComparison:
    """Runs of every style with the same seeds, step and number of epochs."""

    runs: dict  # style -> list of DropoutRun, one per seed
    learning_rate: float
    epochs: int
    seconds: float

    def accuracies(self, style):
        return np.array([run.test_accuracy for run in self.runs[style]])

    def train_losses(self, style):
        return np.array([run.train_loss for run in self.runs[style]])

    def curves(self, style, name):
        """Stack one per-epoch curve over the seeds: an array (seeds, epochs)."""
        return np.array([getattr(run, name) for run in self.runs[style]])

    def paired_differences(self, first, second):
        """Return the test accuracy of ``first`` minus that of ``second``, seed by seed."""
        return self.accuracies(first) - self.accuracies(second)


@shared
def compare_styles(styles=STYLES, seeds=SEEDS, learning_rate=LEARNING_RATE, epochs=EPOCHS,
                   keep_probability=KEEP_PROBABILITY):
    """Train every style from every seed with inverted dropout; return the ``StyleComparison``.

    One BLAS thread: the mini-batches are small, so a second thread only
    adds overhead and competes with other processes for the cores.
    """
    data = load_digits_split()
    started = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):
        runs = {
            style: [
                train(data, style, seed, keep_probability, "inverted", learning_rate, epochs)
                for seed in seeds
            ]
            for style in styles
        }
    return StyleComparison(runs, learning_rate, epochs, time.perf_counter() - started)


@dataclass(frozen=True)
class ScalingCheck:
    """Classic dropout scored with its test-time factor p and, wrongly, without it."""

    accuracy_scaled: np.ndarray
    accuracy_unscaled: np.ndarray
    test_loss_scaled: np.ndarray
    test_loss_unscaled: np.ndarray


@shared
def classic_test_scaling(seeds=SCALING_SEEDS, keep_probability=KEEP_PROBABILITY):
    """Train with classic dropout (per element), then score with and without the factor p."""
    data = load_digits_split()
    results = {"accuracy_scaled": [], "accuracy_unscaled": [], "test_loss_scaled": [], "test_loss_unscaled": []}
    dropout = Dropout(keep_probability, scaling="classic", style="element")
    with threadpool_limits(limits=1, user_api="blas"):
        for seed in seeds:
            run = train(data, "element", seed, keep_probability, "classic")
            scaled = evaluation_mask(dropout, 1, HIDDEN)
            results["accuracy_scaled"].append(accuracy(data.X_test, data.y_test, run.W, run.V, scaled))
            results["accuracy_unscaled"].append(accuracy(data.X_test, data.y_test, run.W, run.V))
            results["test_loss_scaled"].append(
                network.loss(data.X_test, data.y_test, run.W, run.V, dropout_mask=scaled)
            )
            results["test_loss_unscaled"].append(network.loss(data.X_test, data.y_test, run.W, run.V))
    return ScalingCheck(**{key: np.array(values) for key, values in results.items()})


def mask_means(keep_probability=KEEP_PROBABILITY, samples=200_000, seed=0):
    """Average many training masks of each scaling; return {scaling: (mean, test-time value)}.

    Each mean estimates E[mask], the expected activation for z = 1, with a
    standard error of sqrt(Var / samples).
    """
    rng = np.random.default_rng(seed)
    means = {}
    for scaling in ("inverted", "classic"):
        dropout = Dropout(keep_probability, scaling=scaling)
        mask = dropout.mask(rng, (samples, 1), training=True)
        means[scaling] = (float(mask.mean()), dropout.test_scale)
    return means
