"""The dropout lab's comparisons, with the assertions that the notebook makes.

The fast tests train two seeds per mask style; the slow ones run the lab's
comparisons in full.
"""

import numpy as np
import pytest

from derivlib.dropout import Dropout
from derivlib.experiments import dropout
from derivlib.experiments.softmax import load_digits_split


@pytest.fixture(scope="module")
def cheap():
    return dropout.compare_styles(styles=("element", "neuron"), seeds=(0, 1))


def test_mask_means_match_test_values():
    p, samples = dropout.KEEP_PROBABILITY, 200_000
    for scaling, (mean, test_value) in dropout.mask_means(p, samples).items():
        standard_error = Dropout(p, scaling=scaling).training_scale * np.sqrt(p * (1 - p) / samples)
        assert abs(mean - test_value) <= 4 * standard_error, scaling


def test_comparison_curves_cover_every_epoch(cheap):
    assert cheap.curves("element", "train_losses").shape == (2, dropout.EPOCHS)
    assert cheap.curves("neuron", "test_accuracies").shape == (2, dropout.EPOCHS)


def test_training_is_deterministic():
    data = load_digits_split()
    first = dropout.train(data, "element", 3, epochs=2)
    second = dropout.train(data, "element", 3, epochs=2)
    np.testing.assert_array_equal(first.W, second.W)
    np.testing.assert_array_equal(first.train_losses, second.train_losses)


def test_styles_share_initial_weights_and_order():
    # With p = 1 every mask keeps every unit, so the three styles must train the same network.
    data = load_digits_split()
    runs = [dropout.train(data, style, 4, keep_probability=1.0, epochs=1) for style in dropout.STYLES]
    for run in runs[1:]:
        np.testing.assert_allclose(run.W, runs[0].W, rtol=1e-12, atol=1e-12)


def test_element_beats_neuron_per_seed(cheap):
    assert np.all(cheap.paired_differences("element", "neuron") > 0)
    assert cheap.accuracies("element").min() >= 0.95
    assert cheap.train_losses("element").mean() < cheap.train_losses("neuron").mean()


def test_classic_factor_keeps_accuracy():
    scaling = dropout.classic_test_scaling(seeds=(0,))
    assert np.array_equal(scaling.accuracy_scaled, scaling.accuracy_unscaled)
    assert np.all(scaling.test_loss_scaled < scaling.test_loss_unscaled)


def test_evaluation_mask_has_no_randomness():
    assert dropout.evaluation_mask(None, 5, 3) is None
    assert dropout.evaluation_mask(Dropout(0.5), 5, 3) is None
    np.testing.assert_array_equal(
        dropout.evaluation_mask(Dropout(0.5, scaling="classic"), 5, 3), np.full((1, 3), 0.5)
    )


@pytest.mark.slow
def test_lab_main_comparison():
    main = dropout.compare_styles()
    differences = main.paired_differences("element", "neuron")
    assert np.all(differences > 0)
    assert differences.mean() >= 0.05
    assert main.train_losses("element").mean() < main.train_losses("neuron").mean()
    assert main.accuracies("element").min() >= 0.95
    assert main.accuracies("element").mean() <= main.accuracies("none").mean() + 0.005


@pytest.mark.slow
def test_lab_smaller_step():
    small = dropout.compare_styles(
        styles=("element", "neuron"), seeds=dropout.SMALL_STEP_SEEDS, learning_rate=dropout.SMALL_LEARNING_RATE
    )
    assert abs(small.paired_differences("element", "neuron").mean()) <= 0.015
    assert small.train_losses("element").mean() < small.train_losses("neuron").mean()


@pytest.mark.slow
def test_lab_classic_scaling():
    scaling = dropout.classic_test_scaling()
    assert np.array_equal(scaling.accuracy_scaled, scaling.accuracy_unscaled)
    assert np.all(scaling.test_loss_scaled < scaling.test_loss_unscaled)
