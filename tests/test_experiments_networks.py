"""The networks lab's training runs, with the assertions that the notebook makes.

The ReLU/softmax run and scikit-learn's run are the lab's own, at about 2 s
each. The sigmoid run is cut to 20 of the lab's 100 epochs.
"""

import numpy as np
import pytest

from derivlib.experiments import networks


@pytest.fixture(scope="module")
def split():
    return networks.load_digits_split()


@pytest.fixture(scope="module")
def relu_softmax(split):
    return networks.fit_relu_softmax_network(split)


@pytest.fixture(scope="module")
def mlp(split):
    return networks.fit_mlp_classifier(split)


def test_split_sizes_and_scaling(split):
    assert split.X_train.shape == (1347, 65)
    assert split.X_test.shape == (450, 65)
    assert np.all(split.X_train[:, 0] == 1)
    assert split.X_train.min() == 0
    assert split.X_train.max() == 1
    assert np.bincount(split.y_test).min() >= 43  # stratified: 43 to 46 of each digit


def test_relu_softmax_reaches_97_percent(relu_softmax):
    assert relu_softmax.test_accuracy >= 0.97


def test_relu_softmax_loss_falls(relu_softmax):
    assert len(relu_softmax.losses) == 31
    assert relu_softmax.losses[-1] < 0.01 * relu_softmax.losses[0]


def test_mlp_classifier_comparable(relu_softmax, mlp):
    assert mlp.test_accuracy >= 0.95
    assert abs(relu_softmax.test_accuracy - mlp.test_accuracy) <= 0.03
    assert mlp.epochs.tolist() == list(range(1, 31))


def test_sigmoid_network_learns(split):
    run = networks.fit_sigmoid_network(split, epochs=20)
    assert run.test_accuracy >= 0.9
    assert run.losses[-1] < 0.1 * run.losses[0]


def test_training_leaves_start_unchanged(split):
    W, V = networks.relu_softmax_network.init_parameters(65, 8, 10, 0.1, np.random.default_rng(0))
    W_start, V_start = W.copy(), V.copy()
    run = networks.train(
        networks.relu_softmax_network, split.X_train[:64], split.y_train[:64], W, V,
        learning_rate=0.01, momentum=0.9, epochs=2, batch_size=16,
        rng=np.random.default_rng(1), X_test=split.X_test, y_test=split.y_test,
    )
    np.testing.assert_array_equal(W, W_start)
    np.testing.assert_array_equal(V, V_start)
    assert run.epochs.tolist() == [0, 1, 2]
    assert not np.array_equal(run.W, W_start)
