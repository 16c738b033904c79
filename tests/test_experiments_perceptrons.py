"""The perceptrons lab's runs, with the assertions that the notebook makes."""

import numpy as np
import pytest

from derivlib.experiments import perceptrons

# The multi-class run must stay within this much of scikit-learn's test
# accuracy and above the floor, as the lab asserts.
ACCURACY_MARGIN = 0.02
ACCURACY_FLOOR = 0.93


@pytest.fixture(scope="module")
def wide():
    return perceptrons.binary_iris(perceptrons.WIDE_MARGIN_FEATURES)


@pytest.fixture(scope="module")
def narrow():
    return perceptrons.binary_iris(perceptrons.NARROW_MARGIN_FEATURES)


@pytest.fixture(scope="module")
def digits():
    return perceptrons.multiclass_digits()


@pytest.mark.parametrize("name", ["wide", "narrow"])
def test_binary_reaches_zero_training_errors(name, request):
    run = request.getfixturevalue(name)
    assert run.training.converged
    assert run.training_errors == 0
    assert run.accuracy == 1.0


def test_binary_narrow_margin_needs_more_epochs(wide, narrow):
    assert narrow.training.epochs > 100 * wide.training.epochs


def test_binary_sklearn_reference(wide, narrow):
    assert wide.sklearn_accuracy == 1.0
    assert 0.98 <= narrow.sklearn_accuracy < 1.0
    assert wide.sklearn_epochs >= 1


def test_binary_data_shape(wide):
    assert wide.features.shape == (100, 2)
    assert sorted(np.unique(wide.labels).tolist()) == [0, 1]


def test_decision_regions_match_predictions(wide):
    first, second, predictions = perceptrons.decision_regions(wide, points=50)
    assert first.shape == second.shape == predictions.shape == (50, 50)
    assert set(np.unique(predictions).tolist()) == {0.0, 1.0}


def test_multiclass_separates_training_split(digits):
    assert digits.training.converged
    assert digits.train_accuracy == 1.0
    assert (digits.n_train, digits.n_test) == (1257, 540)


def test_multiclass_errors_not_monotone(digits):
    assert np.any(np.diff(digits.training.errors) > 0)


def test_multiclass_test_accuracy_near_sklearn(digits):
    assert digits.test_accuracy >= digits.sklearn_test_accuracy - ACCURACY_MARGIN
    assert digits.test_accuracy >= ACCURACY_FLOOR
