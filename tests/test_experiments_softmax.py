"""The softmax lab's fit on the digits, with the assertions that the notebook makes."""

import numpy as np
import pytest

from derivlib.experiments import softmax

# The same limits as in docs/labs/softmax.py.
ACCURACY_FLOOR = 0.95
SKLEARN_MARGIN = 0.02


@pytest.fixture(scope="module")
def fit():
    return softmax.fit_digits()


def test_digits_accuracy_above_floor(fit):
    assert fit.accuracy >= ACCURACY_FLOOR


def test_digits_accuracy_near_sklearn(fit):
    assert abs(fit.accuracy - fit.accuracy_sklearn) <= SKLEARN_MARGIN
    assert fit.accuracy_sklearn >= ACCURACY_FLOOR


def test_digits_training_set_separable(fit):
    # The lab's explanation of the falling loss rests on this.
    assert fit.train_accuracy_sklearn == 1.0


def test_digits_loss_falls(fit):
    assert fit.losses[0] == pytest.approx(fit.n_train * np.log(softmax.CLASSES), rel=1e-12)
    assert fit.losses[-1] < 0.05 * fit.losses[0]


def test_digits_curves_cover_every_step(fit):
    assert fit.losses.shape == fit.train_accuracies.shape == fit.test_accuracies.shape == (1000,)
    assert fit.test_accuracies[0] == pytest.approx(0.1, abs=0.01)  # theta = 0 predicts class 0 only


def test_digits_confusion_matches_accuracy(fit):
    assert fit.confusion.shape == (softmax.CLASSES, softmax.CLASSES)
    assert fit.confusion.sum() == fit.n_test
    assert np.trace(fit.confusion) / fit.n_test == pytest.approx(fit.accuracy)


def test_digits_split_fixed():
    first, second = softmax.load_digits_split(), softmax.load_digits_split()
    np.testing.assert_array_equal(first.y_test, second.y_test)
    assert first.X_train.shape == (1347, 65)
    assert first.X_test.shape == (450, 65)
    assert np.all(first.X_train[:, 0] == 1)
    assert first.X_train[:, 1:].min() >= 0
    assert first.X_train[:, 1:].max() <= 1


def test_learning_rate_bounds_curvature():
    # For one sample x, X^T X = x x^T has the largest eigenvalue |x|^2 = 25.
    X = np.array([[3.0, 4.0]])
    assert softmax.learning_rate_for(X) == pytest.approx(2 / 25)
