"""Linear regression on the diabetes data and logistic regression on the breast-cancer data.

Both fits use derivlib's gradients with full-batch gradient descent, and
both are compared with a reference solution: ``numpy.linalg.lstsq`` for the
least-squares fit, and scikit-learn's unpenalized ``LogisticRegression``.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from .. import linear_regression, logistic_regression
from ..training import gradient_descent
from .cache import shared

# The ten "mean" features of the breast-cancer data. With all thirty the two
# classes are linearly separable, so the unpenalized maximum-likelihood
# estimate does not exist and the coefficients grow without bound.
BREAST_CANCER_FEATURES = slice(0, 10)


def with_bias(X):
    """Prepend the constant column of ones that carries the bias."""
    return np.hstack([np.ones((X.shape[0], 1)), X])


def nesterov_momentum(hessian):
    """Return (learning_rate, momentum) for a quadratic with this Hessian: 1/L and (sqrt(k) - 1)/(sqrt(k) + 1)."""
    eigenvalues = np.linalg.eigvalsh(hessian)
    condition = eigenvalues[-1] / eigenvalues[0]
    return 1 / eigenvalues[-1], (np.sqrt(condition) - 1) / (np.sqrt(condition) + 1)


@dataclass(frozen=True)
class LeastSquaresFit:
    """Gradient descent on the diabetes data beside the least-squares solution."""

    condition_number: float
    plain_losses: np.ndarray
    nesterov_losses: np.ndarray
    theta: np.ndarray
    theta_least_squares: np.ndarray
    loss_least_squares: float

    @property
    def relative_error(self):
        """||theta - theta_ls|| / ||theta_ls|| for the Nesterov run."""
        return float(
            np.linalg.norm(self.theta - self.theta_least_squares)
            / np.linalg.norm(self.theta_least_squares)
        )


@shared
def fit_diabetes(max_steps=5000):
    """Fit linear regression to the diabetes data by plain and by Nesterov gradient descent."""
    features, target = load_diabetes(return_X_y=True)
    X, y = with_bias(features), target.reshape(-1, 1)
    theta_ls, *_ = np.linalg.lstsq(X, y, rcond=None)
    learning_rate, momentum = nesterov_momentum(X.T @ X)
    start = np.zeros((X.shape[1], 1))

    def objective(theta):
        return linear_regression.loss_and_gradient(X, y, theta)

    plain = gradient_descent(objective, start, learning_rate, max_steps)
    fast = gradient_descent(objective, start, learning_rate, max_steps, momentum=momentum)
    eigenvalues = np.linalg.eigvalsh(X.T @ X)
    return LeastSquaresFit(
        condition_number=float(eigenvalues[-1] / eigenvalues[0]),
        plain_losses=plain.losses,
        nesterov_losses=fast.losses,
        theta=fast.theta,
        theta_least_squares=theta_ls,
        loss_least_squares=linear_regression.loss(X, y, theta_ls),
    )


@dataclass(frozen=True)
class LogisticFit:
    """Cross-entropy logistic regression beside scikit-learn's on the same standardized data."""

    losses: np.ndarray
    theta: np.ndarray
    theta_sklearn: np.ndarray
    accuracy: float
    accuracy_sklearn: float

    @property
    def relative_error(self):
        """||theta - theta_sklearn|| / ||theta_sklearn||."""
        return float(
            np.linalg.norm(self.theta - self.theta_sklearn) / np.linalg.norm(self.theta_sklearn)
        )


@shared
def fit_breast_cancer(max_steps=20000, momentum=0.99):
    """Fit cross-entropy logistic regression to the standardized breast-cancer data.

    The learning rate is 1/L with L = lambda_max(X^T X) / 4, a bound on the
    curvature of the summed cross-entropy, because the sigmoid's slope is at
    most 1/4.
    """
    features, labels = load_breast_cancer(return_X_y=True)
    Z = StandardScaler().fit_transform(features[:, BREAST_CANCER_FEATURES])
    X, y = with_bias(Z), labels.reshape(-1, 1).astype(float)
    learning_rate = 4 / np.linalg.eigvalsh(X.T @ X)[-1]

    run = gradient_descent(
        lambda theta: logistic_regression.cross_entropy_loss_and_gradient(X, y, theta),
        np.zeros((X.shape[1], 1)), learning_rate, max_steps, momentum=momentum,
    )
    reference = LogisticRegression(C=np.inf, max_iter=10_000, tol=1e-12).fit(Z, labels)
    theta_sklearn = np.concatenate([reference.intercept_, reference.coef_[0]]).reshape(-1, 1)
    predictions = logistic_regression.predict(X, run.theta)
    return LogisticFit(
        losses=run.losses,
        theta=run.theta,
        theta_sklearn=theta_sklearn,
        accuracy=float(np.mean(predictions == y)),
        accuracy_sklearn=float(reference.score(Z, labels)),
    )
