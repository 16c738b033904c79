"""Softmax regression on scikit-learn's digits, beside scikit-learn's multinomial logistic regression.

The 8 x 8 images (1,797 of them, pixel values 0..16) are scaled to [0, 1]
and given a bias column, then split once into training and test sets with a
fixed seed. derivlib's gradient X^T (H - Y) drives full-batch gradient
descent. scikit-learn's ``LogisticRegression`` without a penalty is fitted to
the same training set, and both are scored on the same test set in the same
run.
"""

import time
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split

from .. import softmax_regression
from ..training import gradient_descent
from .cache import shared

CLASSES = 10
PIXEL_MAX = 16.0
TEST_SIZE = 0.25
RANDOM_STATE = 0


@dataclass(frozen=True)
class DigitsSplit:
    """The digits scaled to [0, 1] with a bias column first, and their class ids 0..9."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def load_digits_split(test_size=TEST_SIZE, random_state=RANDOM_STATE):
    """Load the digits and split them, stratified by class, with a fixed seed."""
    images, labels = load_digits(return_X_y=True)
    X = np.hstack([np.ones((images.shape[0], 1)), images / PIXEL_MAX])
    X_train, X_test, y_train, y_test = train_test_split(
        X, labels, test_size=test_size, random_state=random_state, stratify=labels
    )
    return DigitsSplit(X_train, y_train, X_test, y_test)


def learning_rate_for(X):
    """Return the step 2 / lambda_max(X^T X) for the summed softmax cross-entropy.

    The Hessian of the summed loss is sum_k (x_k x_k^T) kron (diag(h_k) - h_k h_k^T),
    and the eigenvalues of diag(h) - h h^T lie in [0, 1/2]. The curvature is
    therefore at most L = lambda_max(X^T X) / 2, and 1 / L is a stable step.
    """
    return 2.0 / np.linalg.eigvalsh(X.T @ X)[-1]


@dataclass(frozen=True)
class DigitsFit:
    """Gradient descent on the digits beside scikit-learn, on one train/test split."""

    losses: np.ndarray
    train_accuracies: np.ndarray
    test_accuracies: np.ndarray
    theta: np.ndarray
    learning_rate: float
    accuracy: float
    accuracy_sklearn: float
    train_accuracy: float
    train_accuracy_sklearn: float
    confusion: np.ndarray
    seconds: float
    seconds_sklearn: float
    n_train: int
    n_test: int


def accuracy(X, y, theta):
    """Return the fraction of rows of X whose predicted class id equals y."""
    return float(np.mean(softmax_regression.predict(X, theta) == y))


@shared
def fit_digits(max_steps=1000, momentum=0.9, test_size=TEST_SIZE, random_state=RANDOM_STATE):
    """Fit softmax regression to the digits by gradient descent and compare it with scikit-learn.

    The step is ``learning_rate_for(X_train)``, with Nesterov momentum
    ``momentum``. The losses and both accuracies are recorded at every point
    where the gradient is taken (the look-ahead point, with momentum).
    scikit-learn's model is ``LogisticRegression(C=np.inf)``: no penalty,
    multinomial for more than two classes with the default lbfgs solver.
    """
    data = load_digits_split(test_size, random_state)
    train_accuracies, test_accuracies = [], []

    def objective(theta):
        train_accuracies.append(accuracy(data.X_train, data.y_train, theta))
        test_accuracies.append(accuracy(data.X_test, data.y_test, theta))
        return softmax_regression.loss_and_gradient(data.X_train, data.y_train, theta)

    learning_rate = learning_rate_for(data.X_train)
    start = time.perf_counter()
    run = gradient_descent(
        objective, np.zeros((data.X_train.shape[1], CLASSES)), learning_rate, max_steps, momentum=momentum
    )
    seconds = time.perf_counter() - start

    # The bias column is dropped: scikit-learn fits its own intercept.
    start = time.perf_counter()
    reference = LogisticRegression(C=np.inf, max_iter=1000).fit(data.X_train[:, 1:], data.y_train)
    seconds_sklearn = time.perf_counter() - start

    predictions = softmax_regression.predict(data.X_test, run.theta)
    return DigitsFit(
        losses=run.losses,
        # gradient_descent evaluates the final point once more; that entry has no loss in run.losses.
        train_accuracies=np.array(train_accuracies[:max_steps]),
        test_accuracies=np.array(test_accuracies[:max_steps]),
        theta=run.theta,
        learning_rate=float(learning_rate),
        accuracy=float(np.mean(predictions == data.y_test)),
        accuracy_sklearn=float(reference.score(data.X_test[:, 1:], data.y_test)),
        train_accuracy=accuracy(data.X_train, data.y_train, run.theta),
        train_accuracy_sklearn=float(reference.score(data.X_train[:, 1:], data.y_train)),
        confusion=confusion_matrix(data.y_test, predictions, labels=np.arange(CLASSES)),
        seconds=seconds,
        seconds_sklearn=seconds_sklearn,
        n_train=int(data.X_train.shape[0]),
        n_test=int(data.X_test.shape[0]),
    )
