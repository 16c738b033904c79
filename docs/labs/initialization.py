# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Initialization scale and L2 { #initialization-lab }
#
# A rule of thumb from practice states that weights drawn from a standard normal make the L2 term dominate and the loss too high to train, while 0.01 times that trains well, and the loss may then rise.
# This notebook measures each part of that claim on the digits with the ReLU/softmax network, and asserts the numbers it reports.
# The penalty and its gradient are derived on the [L2 regularization page](../../models/l2-regularization/); the [initialization page](../../practice/initialization/) sums up the findings.

# %%
import matplotlib.pyplot as plt
import numpy as np

from derivlib.experiments import initialization

# %% [markdown]
# ## Setup { #setup }
#
# The data are scikit-learn's digits as in the softmax lab: pixels divided by 16, so every feature lies in $[0, 1]$, a bias column of ones first ($m = 65$), and a fixed stratified split into 1,347 training and 450 test images.
# The network is $X W \to \operatorname{ReLU} \to Z V \to \operatorname{softmax}$ with $b = 32$ hidden units and $c = 10$ classes.
# $W$ and $V$ start as `scale` times standard normal entries, for the scales 1, 0.1, 0.01 and 0.001, each with the seeds 0, 1 and 2.
#
# The objective is $J = L + R$: $L$ is the cross-entropy summed over the training set, and $R = \frac{\lambda}{2}(\sum W^2 + \sum V^2)$ without the bias row of $W$, with $\lambda = 1$ or $\lambda = 0$ (no L2).
# Every run takes 300 full-batch steps of size $\alpha = 3 \cdot 10^{-4}$ with Nesterov momentum 0.9, the same for every scale.
# $L$ and $R$ are recorded separately at every step; the test cross-entropy and accuracy every 10 steps.

# %%
result = initialization.sweep()
SMALL = (0.1, 0.01, 0.001)
summaries = {
    (scale, strength): initialization.summarize(result, scale, strength)
    for scale in initialization.SCALES
    for strength in initialization.STRENGTHS
}
print(f"{len(result.runs)} runs of {initialization.STEPS} steps in {result.seconds:.1f} s")
print(f"{result.n_train} training images, {result.penalized_weights} penalized weights")
print("mean ± standard deviation over the seeds:")
print(initialization.summary_table(result))

# %% [markdown]
# ## The start { #start }
#
# With small weights every logit is close to 0, so every class gets probability about $1/10$ and the loss starts at $n \log 10 \approx 3101.6$.
# With scale 1 the logits are large, the softmax is confident and mostly wrong, and $L$ starts several times higher.
# The L2 term starts at its expectation, $\frac{\lambda}{2}\,\text{scale}^2$ times the number of penalized weights: about 1,184 at scale 1 and $\lambda = 1$.

# %%
uniform_loss = result.n_train * np.log(10)
large = summaries[1.0, 1.0]
print(f"n log 10 = {uniform_loss:.1f}")
print("scale 1, L at step 0:", large.initial_data.round(0), "=", (large.initial_data / uniform_loss).round(1), "times n log 10")
print("scale 1, R at step 0:", large.initial_penalty.round(0), "=", (large.initial_penalty / large.initial_data).round(3), "of L")

# Small scales start at n log 10 (within 1 %); scale 1 starts at least 4 times higher.
for scale in SMALL:
    assert np.allclose(summaries[scale, 1.0].initial_data, uniform_loss, rtol=0.01)
assert np.all(large.initial_data >= 4 * uniform_loss)
# R at scale 1 is lambda/2 times the number of penalized weights (within 5 %), and under a tenth of L.
assert np.allclose(large.initial_penalty, 0.5 * result.penalized_weights, rtol=0.05)
assert np.all(large.initial_penalty <= 0.1 * large.initial_data)

# %% [markdown]
# So at step 0 the L2 term does not dominate: at scale 1 it is under a tenth of the data term.
# The loss is high because of the data term.
#
# ## Which term dominates { #terms }
#
# The next figure shows, for $\lambda = 1$, the data term $L$ and the L2 term $R$ of every run, one panel per scale.

# %%
fig, axes = plt.subplots(1, len(initialization.SCALES), figsize=(13, 3.4), sharey=True)
for ax, scale in zip(axes, initialization.SCALES):
    for run in result.of(scale, 1.0):
        ax.semilogy(run.data_losses, color="tab:blue", alpha=0.7)
        ax.semilogy(run.penalties, color="tab:orange", alpha=0.7)
    ax.set_title(f"scale {scale:g}")
    ax.set_xlabel("step")
axes[0].plot([], color="tab:blue", label="data term L")
axes[0].plot([], color="tab:orange", label="L2 term R")
axes[0].set_ylabel("sum over the training set")
axes[0].set_ylim(1e-3, 1e5)
axes[0].legend(loc="lower left")
plt.tight_layout()
plt.show()

# %%
for scale in initialization.SCALES:
    summary = summaries[scale, 1.0]
    print(
        f"scale {scale:>5g}: R > L from step {summary.penalty_above_data_from} on, "
        f"R / L at the end {(summary.final_penalty / summary.final_data).round(1)}, "
        f"J at the end {summary.final_total.round(0)}"
    )
print(f"scale 1: R largest at step {large.peak_penalty_step}, {(large.peak_penalty / large.initial_penalty).round(2)} times its start")
print(f"weight decay per step: 1 - alpha lambda = {1 - initialization.LEARNING_RATE:.4f}")

# At scale 1, R overtakes L within 50 steps and ends at least 5 times larger.
# At the small scales it ends less than 4 times larger.
assert all(step is not None and step <= 50 for step in large.penalty_above_data_from)
assert np.all(large.final_penalty >= 5 * large.final_data)
for scale in SMALL:
    assert np.all(summaries[scale, 1.0].final_penalty < 4 * summaries[scale, 1.0].final_data)
# J at the end is at least twice as high at scale 1 as at any small scale.
assert large.final_total.min() >= 2 * max(summaries[scale, 1.0].final_total.max() for scale in SMALL)
# At scale 1, R first grows above its start, within the first 50 steps.
assert np.all(large.peak_penalty > large.initial_penalty)
assert np.all(large.peak_penalty_step <= 50)

# %% [markdown]
# The data term falls below the L2 term in every run with $\lambda = 1$, but at scale 1 it does so within the first few dozen steps, and the gap stays much wider.
# At scale 1 the L2 term even grows at first, by 10 % to 130 % within the first 35 steps, while the large early data gradients move the weights.
# After that the weights shrink slowly: each step multiplies a weight by $1 - \alpha\lambda = 0.9997$ before the data gradient acts, so in 300 steps the decay alone removes less than a tenth of it.
# After 300 steps $J$ at scale 1 is still about three to five times the $J$ of the small scales, almost all of it L2 term.
# In that sense the first half of the claim holds: from a standard normal, the L2 term dominates the objective.
#
# ## Does it train? { #training }
#
# High $J$ is not the same as a network that does not learn.
# The test accuracy of every run, with and without L2:

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
for ax, strength in zip(axes, initialization.STRENGTHS):
    for scale, color in zip(initialization.SCALES, ("tab:red", "tab:green", "tab:blue", "tab:purple")):
        for index, run in enumerate(result.of(scale, strength)):
            ax.plot(run.test_steps, run.test_accuracies, color=color, alpha=0.7, label=f"scale {scale:g}" if index == 0 else None)
    ax.set_title("without L2" if strength == 0 else f"lambda = {strength:g}")
    ax.set_xlabel("step")
    ax.set_ylim(0.8, 1.0)
axes[0].set_ylabel("test accuracy")
axes[1].legend(loc="lower right")
plt.tight_layout()
plt.show()

# %%
for strength in initialization.STRENGTHS:
    for scale in initialization.SCALES:
        print(f"lambda {strength:g}, scale {scale:>5g}: test accuracy {summaries[scale, strength].final_test_accuracy.round(3)}")

# Every run trains: at least 94 % test accuracy after 300 steps.
assert all(run.test_accuracies[-1] >= 0.94 for run in result.runs.values())
# With L2, scale 1 ends within 2 percentage points of the small scales on average.
small_accuracy = np.mean([summaries[scale, 1.0].final_test_accuracy.mean() for scale in SMALL])
assert abs(large.final_test_accuracy.mean() - small_accuracy) <= 0.02

# %% [markdown]
# The second half of the claim does not hold at this step: scale 1 trains, with and without L2.
# With L2 its mean test accuracy is within one percentage point of the small scales, and without L2 one to two points lower.
# Scales 0.1, 0.01 and 0.001 train alike.
#
# ## Does the loss rise? { #rise }
#
# From small weights the L2 term starts near zero and has to grow, because the data term can only fall by moving the weights away from zero.
# The next figure shows one run at scale 0.01 with $\lambda = 1$ (left), and the test cross-entropy at scale 0.01 with and without L2 (right).

# %%
run = result.runs[0.01, 1.0, 0]
fig, (terms_ax, test_ax) = plt.subplots(1, 2, figsize=(11, 3.6))
terms_ax.semilogy(run.data_losses, label="data term L")
terms_ax.semilogy(run.penalties, label="L2 term R")
terms_ax.semilogy(run.totals, color="black", linestyle="--", label="J = L + R")
terms_ax.set_xlabel("step")
terms_ax.set_title("scale 0.01, lambda = 1, seed 0")
terms_ax.legend()
for strength, color in zip(initialization.STRENGTHS, ("tab:red", "tab:blue")):
    label = "without L2" if strength == 0 else f"lambda = {strength:g}"
    for seed_run in result.of(0.01, strength):
        test_ax.plot(seed_run.test_steps, seed_run.test_losses, color=color, alpha=0.7, label=label)
        label = None  # one legend entry per strength
test_ax.set_ylim(0, 200)
test_ax.set_xlabel("step")
test_ax.set_title("test cross-entropy, scale 0.01")
test_ax.legend()
plt.tight_layout()
plt.show()

# %%
for scale in SMALL:
    summary, unregularized = summaries[scale, 1.0], summaries[scale, 0.0]
    print(
        f"scale {scale:>5g}: R from {summary.initial_penalty.round(3)} to {summary.final_penalty.round(1)}, "
        f"largest at step {summary.peak_penalty_step}; J rose at {summary.total_rises} of {initialization.STEPS - 1} steps"
    )
    print(
        f"             test loss without L2: lowest {unregularized.min_test_loss.round(1)}, "
        f"at the end {unregularized.final_test_loss.round(1)}; with L2 at the end {summary.final_test_loss.round(1)}"
    )

for scale in SMALL:
    summary, unregularized = summaries[scale, 1.0], summaries[scale, 0.0]
    # The L2 term grows in every run, at least 100-fold from scale 0.01 down.
    assert np.all(summary.final_penalty > summary.initial_penalty)
    if scale <= 0.01:
        assert np.all(summary.final_penalty >= 100 * summary.initial_penalty)
    # J itself falls: to under 5 % of its start, rising at fewer than 5 % of the steps.
    assert np.all(summary.final_total <= 0.05 * (summary.initial_data + summary.initial_penalty))
    assert np.all(summary.total_rises <= 0.05 * (initialization.STEPS - 1))
    # Without L2 the test loss ends above its lowest value; with L2 it ends lower.
    assert np.all(unregularized.final_test_loss > unregularized.min_test_loss)
    assert np.all(summary.final_test_loss < unregularized.final_test_loss)

# %% [markdown]
# What rises is the L2 term: from about 0.1 at scale 0.01 to about 96, with a peak after about 50 to 90 steps and a slow decline after it.
# It grows because the weights must grow for the data term to fall, while the pull of $\lambda$ on small weights is weak ($\lambda w$ is tiny when $w$ is).
# The objective $J$ does not rise in any meaningful way: it falls from about 3,100 to about 130, and goes up at only three or four of the 299 steps, where the momentum overshoots.
# Without L2 the *test* loss does rise after its minimum while the training loss keeps falling: the network grows more confident on the training set than the test set supports, and L2 prevents that here.
#
# ## A larger step { #larger-step }
#
# The step $3 \cdot 10^{-4}$ was chosen because every run trains with it.
# With $5 \cdot 10^{-4}$ the picture turns around: the small scale fails and scale 1 trains.

# %%
larger = initialization.sweep(scales=(1.0, 0.01), strengths=(1.0,), learning_rate=5e-4)
for (scale, strength, seed), larger_run in larger.runs.items():
    print(
        f"scale {scale:>5g}, seed {seed}: test accuracy {larger_run.test_accuracies[-1]:.3f}, "
        f"active (image, unit) pairs {larger_run.active_fraction:.3f}"
    )

assert all(larger_run.test_accuracies[-1] >= 0.9 for larger_run in larger.of(1.0, 1.0))
assert all(larger_run.test_accuracies[-1] < 0.5 for larger_run in larger.of(0.01, 1.0))

# %% [markdown]
# All three runs from scale 0.01 fail, and few of their hidden units are still active on any image.
# All three from scale 1 reach more than 90 % test accuracy.
# A plausible cause, not tested here: from tiny weights, one step of a given size changes every weight by much more than its own size, and with inputs that are all nonnegative, a unit whose weights turn negative on average is inactive for every image and gets no gradient again.
# So the step that is safe depends on the initial scale; the claim's "too high to train" is not what these runs show for a standard normal.
#
# ## Verdict { #verdict }
#
# - **The L2 term dominates from a standard normal: holds** for the objective after the first few dozen steps, where $R$ is at least 5 times $L$ at the end; but not at step 0, where the data term is at least ten times larger.
# - **The loss is too high to train: does not hold** at a step that suits the scale; scale 1 reaches 95–98 % test accuracy. Its loss is high at the start because of the data term.
# - **0.01 times a standard normal trains well: holds**, and so do 0.1 and 0.001, at the same step.
# - **The loss may then rise: holds for the L2 term**, which grows from near zero as the weights grow, and for the test loss without L2; the objective $J$ falls.
