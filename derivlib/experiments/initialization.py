"""The scale of the initial weights, with and without L2, for the ReLU/softmax network on the digits.

The network X W -> ReLU -> Z V -> softmax has b = 32 hidden units. W and V
start as ``scale`` times standard normal entries, for several scales and
seeds, and full-batch gradient descent with Nesterov momentum minimizes

    J = L + R,    L = the cross-entropy summed over the training set,
    R = lambda/2 (sum of W^2 without its bias row + sum of V^2),

with the same step for every scale. Each run records the data term L and
the L2 term R separately at every step, and the test cross-entropy and
accuracy every ``TEST_EVERY`` steps. The digits split is the one of the
softmax lab (pixels / 16 in [0, 1], a bias column, 1,347 training and 450
test images).
"""

import time
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from .. import relu_softmax_network as network
from ..regularization import l2_penalty
from ..training import gradient_descent
from .cache import shared
from .softmax import CLASSES, load_digits_split

SCALES = (1.0, 0.1, 0.01, 0.001)
STRENGTHS = (0.0, 1.0)  # lambda; 0 is the run without L2
SEEDS = (0, 1, 2)
HIDDEN = 32
STEPS = 300
# A step at which every run of the sweep trains. At 5e-4 some runs from the
# small scales end with every hidden unit inactive (see the lab).
LEARNING_RATE = 3e-4
MOMENTUM = 0.9
TEST_EVERY = 10


@dataclass(frozen=True)
class Run:
    """One descent from one initial scale, strength and seed.

    Attributes
    ----------
    data_losses, penalties : array (steps,)
        L and R at the point where each step's gradient is taken.
    test_steps : array (k,)
        The steps at which the test set was scored.
    test_losses, test_accuracies : array (k,)
        The test cross-entropy (summed over the 450 test images) and accuracy.
    W, V : array (m, b) and (b, c)
        The weights after the last step.
    active_fraction : float
        The fraction of (training image, hidden unit) pairs with X W > 0 after
        the last step; 0 means that every hidden unit is inactive on every image.
    """

    scale: float
    strength: float
    seed: int
    data_losses: np.ndarray
    penalties: np.ndarray
    test_steps: np.ndarray
    test_losses: np.ndarray
    test_accuracies: np.ndarray
    W: np.ndarray
    V: np.ndarray
    active_fraction: float

    @property
    def totals(self):
        """J = L + R at every step."""
        return self.data_losses + self.penalties


def split_parameters(theta, m, b, c):
    """Unpack the flat parameter vector into W (m, b) and V (b, c)."""
    return theta[: m * b].reshape(m, b), theta[m * b :].reshape(b, c)


def train(data, scale, strength, seed, steps=STEPS, hidden=HIDDEN, learning_rate=LEARNING_RATE):
    """Train the network from ``scale`` times standard normal weights and record L, R and the test scores."""
    m, b, c = data.X_train.shape[1], hidden, CLASSES
    W, V = network.init_parameters(m, b, c, scale, np.random.default_rng(seed))
    data_losses, penalties, test_steps, test_losses, test_accuracies = [], [], [], [], []

    def objective(theta):
        W_, V_ = split_parameters(theta, m, b, c)
        loss, (dW, dV) = network.loss_and_gradient(data.X_train, data.y_train, W_, V_)
        # W's first row multiplies the bias column and is not penalized; V has no bias row.
        penalty_w, gradient_w = l2_penalty(W_, strength, exclude_bias_row=True)
        penalty_v, gradient_v = l2_penalty(V_, strength, exclude_bias_row=False)
        step = len(data_losses)
        data_losses.append(loss)
        penalties.append(penalty_w + penalty_v)
        if step % TEST_EVERY == 0 or step == steps - 1:
            test_steps.append(step)
            test_losses.append(network.loss(data.X_test, data.y_test, W_, V_))
            test_accuracies.append(float(np.mean(network.predict(data.X_test, W_, V_) == data.y_test)))
        gradient = np.concatenate([(dW + gradient_w).ravel(), (dV + gradient_v).ravel()])
        return loss + penalty_w + penalty_v, gradient

    start = np.concatenate([W.ravel(), V.ravel()])
    trajectory = gradient_descent(objective, start, learning_rate, steps, momentum=MOMENTUM)
    # gradient_descent evaluates the final point once more, after the last step.
    kept = len(test_steps) - (test_steps[-1] >= steps)
    W_final, V_final = split_parameters(trajectory.theta, m, b, c)
    return Run(
        scale, strength, seed,
        data_losses=np.array(data_losses[:steps]),
        penalties=np.array(penalties[:steps]),
        test_steps=np.array(test_steps[:kept]),
        test_losses=np.array(test_losses[:kept]),
        test_accuracies=np.array(test_accuracies[:kept]),
        W=W_final,
        V=V_final,
        active_fraction=float(np.mean(data.X_train @ W_final > 0)),
    )


@dataclass(frozen=True)
class Sweep:
    """Every run of the sweep, by (scale, strength, seed), and the sizes behind the numbers."""

    runs: dict
    n_train: int
    n_test: int
    penalized_weights: int
    seconds: float

    def of(self, scale, strength):
        """Return the runs of one scale and strength, one per seed."""
        return [run for (s, lam, _), run in self.runs.items() if s == scale and lam == strength]


@shared
def sweep(scales=SCALES, strengths=STRENGTHS, seeds=SEEDS, steps=STEPS, hidden=HIDDEN,
          learning_rate=LEARNING_RATE):
    """Train once per scale, strength and seed; return the ``Sweep``.

    The matrices are small (1,347 x 65 times 65 x 32), so one BLAS thread is
    as fast as two and does not compete with other processes for the cores.
    """
    data = load_digits_split()
    started = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):
        runs = {
            (scale, strength, seed): train(data, scale, strength, seed, steps, hidden, learning_rate)
            for scale in scales
            for strength in strengths
            for seed in seeds
        }
    m = data.X_train.shape[1]
    return Sweep(
        runs=runs,
        n_train=int(data.X_train.shape[0]),
        n_test=int(data.X_test.shape[0]),
        # Every weight but the bias row of W: (m - 1) b + b c.
        penalized_weights=(m - 1) * hidden + hidden * CLASSES,
        seconds=time.perf_counter() - started,
    )


# --- Summaries that the lab prints and asserts --------------------------------------


def first_step_where(condition):
    """Return the first index where a boolean array is True, or None."""
    indices = np.flatnonzero(condition)
    return int(indices[0]) if indices.size else None


def rises(values):
    """Count the steps at which a curve went up."""
    return int(np.sum(np.diff(values) > 0))


@dataclass(frozen=True)
class Summary:
    """The numbers of one scale and strength, one entry per seed."""

    scale: float
    strength: float
    initial_data: np.ndarray
    initial_penalty: np.ndarray
    final_data: np.ndarray
    final_penalty: np.ndarray
    final_total: np.ndarray
    final_test_accuracy: np.ndarray
    min_test_loss: np.ndarray
    final_test_loss: np.ndarray
    penalty_above_data_from: list
    peak_penalty: np.ndarray
    peak_penalty_step: np.ndarray
    total_rises: np.ndarray


def summarize(sweep_result, scale, strength):
    """Collect the per-seed numbers of one scale and strength."""
    runs = sweep_result.of(scale, strength)
    return Summary(
        scale=scale,
        strength=strength,
        initial_data=np.array([run.data_losses[0] for run in runs]),
        initial_penalty=np.array([run.penalties[0] for run in runs]),
        final_data=np.array([run.data_losses[-1] for run in runs]),
        final_penalty=np.array([run.penalties[-1] for run in runs]),
        final_total=np.array([run.totals[-1] for run in runs]),
        final_test_accuracy=np.array([run.test_accuracies[-1] for run in runs]),
        min_test_loss=np.array([run.test_losses.min() for run in runs]),
        final_test_loss=np.array([run.test_losses[-1] for run in runs]),
        # From this step on the L2 term is larger than the data term, for good.
        penalty_above_data_from=[
            first_step_where(np.minimum.accumulate((run.penalties > run.data_losses)[::-1])[::-1])
            for run in runs
        ],
        peak_penalty=np.array([run.penalties.max() for run in runs]),
        peak_penalty_step=np.array([int(np.argmax(run.penalties)) for run in runs]),
        total_rises=np.array([rises(run.totals) for run in runs]),
    )


def mean_and_spread(values, digits):
    """Format the mean and the sample standard deviation over the seeds, such as "3101.6 ± 0.1"."""
    values = np.asarray(values, dtype=float)
    spread = values.std(ddof=1) if values.size > 1 else 0.0
    return f"{values.mean():.{digits}f} ± {spread:.{digits}f}"


def summary_table(sweep_result, scales=SCALES, strengths=STRENGTHS):
    """Format the start and the end of every scale and strength as a text table (mean ± sd over seeds)."""
    header = (
        f"{'lambda':>6} {'scale':>6} {'L at step 0':>18} {'R at step 0':>16} {'L at the end':>14}"
        f" {'R at the end':>14} {'J at the end':>14} {'test accuracy':>16}"
    )
    lines = [header]
    for strength in strengths:
        for scale in scales:
            summary = summarize(sweep_result, scale, strength)
            lines.append(
                f"{strength:>6g} {scale:>6g} {mean_and_spread(summary.initial_data, 1):>18}"
                f" {mean_and_spread(summary.initial_penalty, 2):>16}"
                f" {mean_and_spread(summary.final_data, 1):>14} {mean_and_spread(summary.final_penalty, 1):>14}"
                f" {mean_and_spread(summary.final_total, 1):>14}"
                f" {mean_and_spread(summary.final_test_accuracy, 3):>16}"
            )
    return "\n".join(lines)
