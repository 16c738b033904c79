"""The initialization lab's sweep, with the assertions that the notebook makes.

The fast tests run scale 1 and scale 0.01 from one seed; the slow ones run
the lab's whole sweep and its larger-step comparison.
"""

import numpy as np
import pytest

from derivlib import relu_softmax_network as network
from derivlib.experiments import initialization
from derivlib.experiments.softmax import load_digits_split

SMALL = (0.1, 0.01, 0.001)
UNIFORM_LOSS = 1347 * np.log(10)  # n log 10: every class at probability 1/10


@pytest.fixture(scope="module")
def cheap():
    return initialization.sweep(scales=(1.0, 0.01), strengths=(0.0, 1.0), seeds=(0,))


@pytest.fixture(scope="module")
def full():
    return initialization.sweep()


# --- What a run records -------------------------------------------------------------


def test_run_records_every_step(cheap):
    run = cheap.runs[0.01, 1.0, 0]
    assert run.data_losses.shape == run.penalties.shape == (initialization.STEPS,)
    assert run.test_steps[0] == 0
    assert run.test_steps[-1] == initialization.STEPS - 1
    assert run.test_losses.shape == run.test_accuracies.shape == run.test_steps.shape


def test_run_starts_at_initial_weights(cheap):
    data = load_digits_split()
    for scale in (1.0, 0.01):
        W, V = network.init_parameters(65, initialization.HIDDEN, 10, scale, np.random.default_rng(0))
        run = cheap.runs[scale, 1.0, 0]
        assert run.data_losses[0] == pytest.approx(network.loss(data.X_train, data.y_train, W, V), rel=1e-12)
        # The bias row of W is exempt; all of V is penalized.
        assert run.penalties[0] == pytest.approx(0.5 * (np.sum(W[1:] ** 2) + np.sum(V**2)), rel=1e-12)


def test_unregularized_run_has_no_penalty(cheap):
    assert np.all(cheap.runs[1.0, 0.0, 0].penalties == 0)


def test_penalized_weight_count(cheap):
    assert cheap.penalized_weights == 64 * initialization.HIDDEN + initialization.HIDDEN * 10


def test_summary_table_lists_every_case(cheap):
    table = initialization.summary_table(cheap, scales=(1.0, 0.01), strengths=(0.0, 1.0))
    assert len(table.splitlines()) == 1 + 4


def test_rises_counts_increases():
    assert initialization.rises(np.array([3.0, 2.0, 2.5, 1.0, 1.0, 1.5])) == 2


# --- The lab's assertions, on one seed -----------------------------------------------


def test_start_data_term(cheap):
    assert cheap.runs[0.01, 1.0, 0].data_losses[0] == pytest.approx(UNIFORM_LOSS, rel=0.01)
    assert cheap.runs[1.0, 1.0, 0].data_losses[0] >= 4 * UNIFORM_LOSS


def test_start_penalty_below_data_term(cheap):
    run = cheap.runs[1.0, 1.0, 0]
    assert run.penalties[0] == pytest.approx(0.5 * cheap.penalized_weights, rel=0.05)
    assert run.penalties[0] <= 0.1 * run.data_losses[0]


def test_penalty_dominates_at_scale_one(cheap):
    large = initialization.summarize(cheap, 1.0, 1.0)
    small = initialization.summarize(cheap, 0.01, 1.0)
    assert large.penalty_above_data_from[0] is not None
    assert large.penalty_above_data_from[0] <= 50
    assert large.final_penalty[0] >= 5 * large.final_data[0]
    assert small.final_penalty[0] < 4 * small.final_data[0]
    assert large.final_total[0] >= 2 * small.final_total[0]
    assert large.peak_penalty[0] > large.initial_penalty[0]
    assert large.peak_penalty_step[0] <= 50


def test_every_cheap_run_trains(cheap):
    for key, run in cheap.runs.items():
        assert run.test_accuracies[-1] >= 0.94, key


def test_small_scale_penalty_grows(cheap):
    small = initialization.summarize(cheap, 0.01, 1.0)
    assert small.final_penalty[0] >= 100 * small.initial_penalty[0]
    assert small.final_total[0] <= 0.05 * (small.initial_data[0] + small.initial_penalty[0])
    assert small.total_rises[0] <= 0.05 * (initialization.STEPS - 1)


def test_test_loss_rises_without_l2(cheap):
    unregularized = initialization.summarize(cheap, 0.01, 0.0)
    regularized = initialization.summarize(cheap, 0.01, 1.0)
    assert unregularized.final_test_loss[0] > unregularized.min_test_loss[0]
    assert regularized.final_test_loss[0] < unregularized.final_test_loss[0]


# --- The whole sweep, as in the lab ----------------------------------------------------


@pytest.mark.slow
def test_lab_start(full):
    for scale in SMALL:
        assert np.allclose(initialization.summarize(full, scale, 1.0).initial_data, UNIFORM_LOSS, rtol=0.01)
    large = initialization.summarize(full, 1.0, 1.0)
    assert np.all(large.initial_data >= 4 * UNIFORM_LOSS)
    assert np.allclose(large.initial_penalty, 0.5 * full.penalized_weights, rtol=0.05)
    assert np.all(large.initial_penalty <= 0.1 * large.initial_data)


@pytest.mark.slow
def test_lab_terms(full):
    large = initialization.summarize(full, 1.0, 1.0)
    assert all(step is not None and step <= 50 for step in large.penalty_above_data_from)
    assert np.all(large.final_penalty >= 5 * large.final_data)
    smalls = [initialization.summarize(full, scale, 1.0) for scale in SMALL]
    for summary in smalls:
        assert np.all(summary.final_penalty < 4 * summary.final_data)
    assert large.final_total.min() >= 2 * max(summary.final_total.max() for summary in smalls)
    assert np.all(large.peak_penalty > large.initial_penalty)
    assert np.all(large.peak_penalty_step <= 50)


@pytest.mark.slow
def test_lab_training(full):
    assert all(run.test_accuracies[-1] >= 0.94 for run in full.runs.values())
    large = initialization.summarize(full, 1.0, 1.0)
    small_accuracy = np.mean([initialization.summarize(full, s, 1.0).final_test_accuracy.mean() for s in SMALL])
    assert abs(large.final_test_accuracy.mean() - small_accuracy) <= 0.02


@pytest.mark.slow
def test_lab_rise(full):
    for scale in SMALL:
        summary = initialization.summarize(full, scale, 1.0)
        unregularized = initialization.summarize(full, scale, 0.0)
        assert np.all(summary.final_penalty > summary.initial_penalty)
        if scale <= 0.01:
            assert np.all(summary.final_penalty >= 100 * summary.initial_penalty)
        assert np.all(summary.final_total <= 0.05 * (summary.initial_data + summary.initial_penalty))
        assert np.all(summary.total_rises <= 0.05 * (initialization.STEPS - 1))
        assert np.all(unregularized.final_test_loss > unregularized.min_test_loss)
        assert np.all(summary.final_test_loss < unregularized.final_test_loss)


@pytest.mark.slow
def test_lab_larger_step():
    larger = initialization.sweep(scales=(1.0, 0.01), strengths=(1.0,), learning_rate=5e-4)
    assert all(run.test_accuracies[-1] >= 0.9 for run in larger.of(1.0, 1.0))
    assert all(run.test_accuracies[-1] < 0.5 for run in larger.of(0.01, 1.0))


@pytest.mark.slow
def test_larger_step_fails_small_scales_most():
    # As the initialization page states: at 5e-4 every scale-1 run trains, and most small-scale runs fail.
    larger = initialization.sweep(learning_rate=5e-4)
    assert all(run.test_accuracies[-1] >= 0.9 for run in larger.runs.values() if run.scale == 1.0)
    small_runs = [run for run in larger.runs.values() if run.scale < 1.0]
    failed = [run for run in small_runs if run.test_accuracies[-1] < 0.5]
    assert len(failed) > len(small_runs) / 2
    assert any(run.active_fraction == 0 for run in failed)
