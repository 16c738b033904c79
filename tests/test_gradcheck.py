"""The public finite-difference checks catch wrong gradients and pass right ones."""

import numpy as np
import pytest

from derivlib import gradcheck


def cubic(theta):
    return float(np.sum(theta**3)), 3 * theta**2


def wrong_cubic(theta):
    return float(np.sum(theta**3)), 3 * theta**2 + 1e-3


def test_numerical_gradient_of_cubic():
    theta = np.array([[0.5, -1.0], [2.0, 0.0]])
    estimate = gradcheck.numerical_gradient(lambda t: cubic(t)[0], theta)
    np.testing.assert_allclose(estimate, 3 * theta**2, rtol=1e-8, atol=1e-9)


def test_check_passes_right_gradient():
    result = gradcheck.check_gradient(cubic, np.array([[0.5], [-1.0], [2.0]]))
    assert result.passed
    assert result.relative_error < 1e-9


def test_check_fails_wrong_gradient():
    result = gradcheck.check_gradient(wrong_cubic, np.array([[0.5], [-1.0], [2.0]]))
    assert not result.passed
    assert result.max_abs_error == pytest.approx(1e-3, rel=1e-4)


def test_assert_shows_side_by_side():
    with pytest.raises(AssertionError, match=r"analytic\s+numerical"):
        gradcheck.assert_gradient_close(wrong_cubic, np.array([[0.5], [2.0]]))


def test_shape_mismatch_rejected():
    with pytest.raises(ValueError, match=r"the gradient has shape \(2,\) but theta has \(2, 1\)"):
        gradcheck.check_gradient(lambda t: (0.0, np.zeros(2)), np.zeros((2, 1)))


def test_directional_check_agrees():
    rng = np.random.default_rng(3)
    analytic, numerical = gradcheck.directional_check(cubic, rng.standard_normal((5, 2)), rng)
    assert analytic == pytest.approx(numerical, rel=1e-8)


def test_theta_not_modified():
    theta = np.array([[0.5], [2.0]])
    gradcheck.check_gradient(cubic, theta)
    assert theta.ravel().tolist() == [0.5, 2.0]


@pytest.mark.parametrize("a, b, expected", [([1.0], [1.0], 0.0), ([1.0], [-1.0], 1.0), ([0.0], [0.0], 0.0)])
def test_relative_error_bounds(a, b, expected):
    assert gradcheck.relative_error(a, b) == expected
