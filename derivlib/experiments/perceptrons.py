"""The binary perceptron on two iris species and the multi-class perceptron on the digits.

Both use derivlib's full-batch perceptron rule, theta <- theta - X^T (h - y),
from theta = 0, and both are compared with scikit-learn's ``Perceptron``
(default settings, ``random_state=0``) fitted to the same data in the same
call. scikit-learn's estimator updates one sample at a time in a shuffled
order, and it stops once its loss has improved by less than ``tol = 1e-3``
for 5 epochs. It fits the bias itself, so it gets the features without the
column of ones. For more than two classes it trains one binary perceptron
per class against the rest.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits, load_iris
from sklearn.linear_model import Perceptron
from sklearn.model_selection import train_test_split

from .. import multiclass_perceptron, perceptron
from ..perceptron import PerceptronTraining
from .cache import shared

# Setosa (class 0) against versicolor (class 1): linearly separable on every
# pair of the four iris features.
BINARY_SPECIES = (0, 1)
WIDE_MARGIN_FEATURES = ("sepal length (cm)", "petal length (cm)")
NARROW_MARGIN_FEATURES = ("sepal length (cm)", "sepal width (cm)")

DIGITS_TEST_FRACTION = 0.3
SPLIT_SEED = 0


def with_bias(features):
    """Prepend the constant column of ones that carries the bias."""
    return np.hstack([np.ones((features.shape[0], 1)), features])


def sklearn_perceptron():
    """Return scikit-learn's ``Perceptron`` with its default settings and a fixed seed."""
    return Perceptron(random_state=0)


@dataclass(frozen=True)
class BinaryRun:
    """The binary perceptron on two iris species and two features, beside scikit-learn's."""

    feature_names: tuple
    features: np.ndarray
    labels: np.ndarray
    training: PerceptronTraining
    sklearn_accuracy: float
    sklearn_epochs: int

    @property
    def training_errors(self):
        """The number of training samples that the final theta judges wrongly."""
        return int(self.training.errors[-1])

    @property
    def accuracy(self):
        """The training accuracy of the final theta."""
        return 1 - self.training_errors / len(self.labels)


@shared
def binary_iris(feature_names=WIDE_MARGIN_FEATURES, max_epochs=10_000):
    """Train the binary perceptron on setosa against versicolor, on two iris features.

    Parameters
    ----------
    feature_names : tuple of two str
        Names from ``load_iris().feature_names``.
    max_epochs : int
        The largest number of full-batch updates.

    Returns
    -------
    BinaryRun
    """
    iris = load_iris()
    columns = [iris.feature_names.index(name) for name in feature_names]
    keep = np.isin(iris.target, BINARY_SPECIES)
    features = iris.data[keep][:, columns]
    labels = (iris.target[keep] == BINARY_SPECIES[1]).astype(int)
    training = perceptron.train(with_bias(features), labels, max_epochs=max_epochs)
    reference = sklearn_perceptron().fit(features, labels)
    return BinaryRun(
        feature_names=tuple(feature_names),
        features=features,
        labels=labels,
        training=training,
        sklearn_accuracy=float(reference.score(features, labels)),
        sklearn_epochs=int(reference.n_iter_),
    )


def decision_regions(run, points=300, padding=0.5):
    """Evaluate the trained perceptron on a grid over the run's two features.

    Returns (first, second, predictions): the grid coordinates and the
    predicted label at each grid point, all of shape (points, points), ready
    for ``matplotlib.pyplot.contourf``.
    """
    low = run.features.min(axis=0) - padding
    high = run.features.max(axis=0) + padding
    first, second = np.meshgrid(
        np.linspace(low[0], high[0], points), np.linspace(low[1], high[1], points)
    )
    grid = np.column_stack([first.ravel(), second.ravel()])
    predictions = perceptron.predict(with_bias(grid), run.training.theta)
    return first, second, predictions.reshape(first.shape)


@dataclass(frozen=True)
class MulticlassRun:
    """The multi-class perceptron on a fixed train/test split of the digits, beside scikit-learn's."""

    training: PerceptronTraining
    n_train: int
    n_test: int
    train_accuracy: float
    test_accuracy: float
    sklearn_train_accuracy: float
    sklearn_test_accuracy: float
    sklearn_epochs: int


@shared
def multiclass_digits(max_epochs=2000):
    """Train the multi-class perceptron on the 8x8 digits and test it on a held-out split.

    The split is stratified, with 30% of the 1,797 images held out and the
    seed fixed. The features are the 64 raw pixel intensities (0 to 16),
    plus the column of ones.

    Returns
    -------
    MulticlassRun
    """
    features, classes = load_digits(return_X_y=True)
    train_features, test_features, train_classes, test_classes = train_test_split(
        features, classes, test_size=DIGITS_TEST_FRACTION, random_state=SPLIT_SEED,
        stratify=classes,
    )
    X_train, X_test = with_bias(train_features), with_bias(test_features)
    training = multiclass_perceptron.train(X_train, train_classes, max_epochs=max_epochs)
    reference = sklearn_perceptron().fit(train_features, train_classes)

    def accuracy(X, classes):
        return float(np.mean(multiclass_perceptron.predict(X, training.theta) == classes))

    return MulticlassRun(
        training=training,
        n_train=len(train_classes),
        n_test=len(test_classes),
        train_accuracy=accuracy(X_train, train_classes),
        test_accuracy=accuracy(X_test, test_classes),
        sklearn_train_accuracy=float(reference.score(train_features, train_classes)),
        sklearn_test_accuracy=float(reference.score(test_features, test_classes)),
        sklearn_epochs=int(reference.n_iter_),
    )
