"""Full-batch gradient descent that returns its loss history.

The library never prints: a run returns the losses, and a run that ends with
a gradient still larger than the tolerance warns with ``ConvergenceWarning``.
"""

import warnings
from dataclasses import dataclass

import numpy as np


class ConvergenceWarning(UserWarning):
    """Gradient descent stopped before the gradient norm fell below the tolerance."""


@dataclass(frozen=True)
class Trajectory:
    """The result of a descent: final parameters, the loss at every step, and the final gradient norm."""

    theta: np.ndarray
    losses: np.ndarray
    gradient_norm: float
    converged: bool


def gradient_descent(loss_and_gradient, theta, learning_rate, max_steps, tolerance=None, momentum=0.0):
    """Minimize a loss by full-batch gradient descent, theta <- theta - learning_rate * gradient.

    With ``momentum`` beta > 0 the step is Nesterov's: the gradient is taken
    at the look-ahead point theta + beta (theta - theta_previous). For a
    quadratic with Hessian eigenvalues in [mu, L], learning_rate = 1 / L and
    beta = (sqrt(L / mu) - 1) / (sqrt(L / mu) + 1) need about sqrt(L / mu)
    steps per digit of accuracy, where plain descent needs about L / mu.

    Parameters
    ----------
    loss_and_gradient : callable
        Maps theta to ``(loss, gradient)``.
    theta : array
        The starting point; it is not modified.
    learning_rate : float
        The step size. With a loss summed over the batch, a stable step
        shrinks as the batch grows.
    max_steps : int
        The largest number of steps.
    tolerance : float, optional
        Stop once the gradient norm is at most this. When given and not
        reached, a ``ConvergenceWarning`` is issued.
    momentum : float
        Nesterov momentum beta in [0, 1); 0 gives plain gradient descent.

    Returns
    -------
    Trajectory
    """
    if not learning_rate > 0:
        raise ValueError(f"learning_rate is {learning_rate}; it must be a positive number.")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum is {momentum}; it must be in [0, 1).")
    if max_steps < 1:
        raise ValueError(f"max_steps is {max_steps}; pass at least 1.")
    theta = np.asarray(theta)
    theta = theta.astype(np.result_type(theta.dtype, np.float32), copy=True)
    previous = theta.copy()
    losses = []
    for _ in range(max_steps):
        point = theta + momentum * (theta - previous) if momentum else theta
        loss, gradient = loss_and_gradient(point)
        losses.append(loss)
        norm = float(np.linalg.norm(gradient))
        if not np.isfinite(loss) or not np.isfinite(norm):
            raise FloatingPointError(
                f"the loss became {loss} after {len(losses)} steps; lower learning_rate "
                f"(now {learning_rate})."
            )
        if tolerance is not None and norm <= tolerance:
            return Trajectory(point, np.array(losses), norm, True)
        previous = theta
        theta = point - learning_rate * gradient
    norm = float(np.linalg.norm(loss_and_gradient(theta)[1]))
    converged = tolerance is not None and norm <= tolerance
    if tolerance is not None and not converged:
        warnings.warn(
            f"gradient norm {norm:.3g} is above the tolerance {tolerance:.3g} after "
            f"{max_steps} steps; raise max_steps or learning_rate.",
            ConvergenceWarning,
            stacklevel=2,
        )
    return Trajectory(theta, np.array(losses), norm, converged)
