"""Gradient checking by centred finite differences.

``numerical_gradient`` differentiates any scalar function of an array entry by
entry; ``check_gradient`` compares an analytic gradient with it and reports the
largest errors; ``directional_check`` compares one directional derivative,
which costs two evaluations whatever the number of parameters.

The centred difference (f(t + e) - f(t - e)) / 2e has a truncation error of
order e^2 and a rounding error of order eps |f| / e; the default step 1e-6
balances the two for float64 losses of moderate size.
"""

from dataclasses import dataclass

import numpy as np


def numerical_gradient(loss, theta, step=1e-6):
    """Estimate the gradient of ``loss`` at ``theta`` by centred differences.

    Parameters
    ----------
    loss : callable
        Maps an array of the shape of ``theta`` to a float.
    theta : array
        The point, of any shape; it is not modified.
    step : float
        The difference step e.

    Returns
    -------
    array of the shape of ``theta``, in float64.
    """
    theta = np.array(theta, dtype=np.float64)
    estimate = np.zeros_like(theta)
    for index in np.ndindex(theta.shape):
        original = theta[index]
        theta[index] = original + step
        above = loss(theta)
        theta[index] = original - step
        below = loss(theta)
        theta[index] = original
        estimate[index] = (above - below) / (2 * step)
    return estimate


@dataclass(frozen=True)
class GradientCheck:
    """The outcome of comparing an analytic gradient with finite differences."""

    analytic: np.ndarray
    numerical: np.ndarray
    max_abs_error: float
    relative_error: float
    passed: bool

    def report(self, limit=6):
        """Format the worst entries as a table: index, analytic, numerical, difference."""
        difference = np.abs(self.analytic - self.numerical)
        worst = np.argsort(difference, axis=None)[::-1][:limit]
        lines = [
            f"max abs error {self.max_abs_error:.3e}, relative error {self.relative_error:.3e}",
            f"{'index':>12} {'analytic':>16} {'numerical':>16} {'difference':>12}",
        ]
        for flat in worst:
            index = np.unravel_index(flat, self.analytic.shape)
            lines.append(
                f"{str(tuple(int(i) for i in index)):>12} {self.analytic[index]:16.9g}"
                f" {self.numerical[index]:16.9g} {difference[index]:12.3e}"
            )
        return "\n".join(lines)


def relative_error(a, b):
    """Return ||a - b|| / max(||a|| + ||b||, tiny): 0 for equal arrays, at most 1."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = max(np.linalg.norm(a) + np.linalg.norm(b), np.finfo(np.float64).tiny)
    return float(np.linalg.norm(a - b) / scale)


def check_gradient(loss_and_gradient, theta, step=1e-6, rtol=1e-6, atol=1e-8):
    """Compare the analytic gradient of a loss with centred finite differences.

    Parameters
    ----------
    loss_and_gradient : callable
        Maps theta to ``(loss, gradient)`` with the gradient in theta's shape.
    theta : array
        The point of the check.
    step : float
        The difference step.
    rtol, atol : float
        The check passes when the relative error is at most ``rtol`` or the
        largest absolute error is at most ``atol``.

    Returns
    -------
    GradientCheck
    """
    theta = np.array(theta, dtype=np.float64)
    analytic = np.asarray(loss_and_gradient(theta.copy())[1], dtype=np.float64)
    if analytic.shape != theta.shape:
        raise ValueError(
            f"the gradient has shape {analytic.shape} but theta has {theta.shape}; "
            "loss_and_gradient must return the gradient in theta's shape."
        )
    numerical = numerical_gradient(lambda t: loss_and_gradient(t)[0], theta, step)
    max_abs = float(np.max(np.abs(analytic - numerical)))
    relative = relative_error(analytic, numerical)
    return GradientCheck(analytic, numerical, max_abs, relative, relative <= rtol or max_abs <= atol)


def assert_gradient_close(loss_and_gradient, theta, **tolerances):
    """Run ``check_gradient`` and raise ``AssertionError`` with the side-by-side table on failure."""
    result = check_gradient(loss_and_gradient, theta, **tolerances)
    if not result.passed:
        raise AssertionError("gradient check failed\n" + result.report())
    return result


def directional_check(loss_and_gradient, theta, rng, step=1e-6):
    """Compare the derivative along a random unit direction u with g . u.

    Returns ``(analytic, numerical)``: g . u from the analytic gradient g, and
    (f(t + e u) - f(t - e u)) / 2e.
    """
    theta = np.array(theta, dtype=np.float64)
    direction = rng.standard_normal(theta.shape)
    direction /= np.linalg.norm(direction)
    gradient = np.asarray(loss_and_gradient(theta.copy())[1], dtype=np.float64)
    above = loss_and_gradient(theta + step * direction)[0]
    below = loss_and_gradient(theta - step * direction)[0]
    return float(np.sum(gradient * direction)), float((above - below) / (2 * step))
