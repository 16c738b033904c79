"""The regression lab's fits, with the assertions that the notebook makes."""

import numpy as np
import pytest

from derivlib.experiments import regression


@pytest.fixture(scope="module")
def diabetes():
    return regression.fit_diabetes(max_steps=5000)


@pytest.fixture(scope="module")
def breast_cancer():
    return regression.fit_breast_cancer()


def test_diabetes_reaches_least_squares(diabetes):
    assert diabetes.relative_error < 1e-6
    assert diabetes.nesterov_losses[-1] == pytest.approx(diabetes.loss_least_squares, rel=1e-10)


def test_diabetes_plain_descent_is_slow(diabetes):
    assert diabetes.condition_number > 1e4
    assert diabetes.plain_losses[-1] > 1.001 * diabetes.loss_least_squares
    assert np.all(np.diff(diabetes.plain_losses) <= 0)


def test_breast_cancer_matches_sklearn(breast_cancer):
    assert breast_cancer.relative_error < 1e-3
    assert breast_cancer.accuracy == breast_cancer.accuracy_sklearn
    assert breast_cancer.accuracy > 0.9
