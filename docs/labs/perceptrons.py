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
# # Perceptrons lab { #perceptrons-lab }
#
# This notebook trains the binary and the multi-class perceptron on data that scikit-learn ships, with the gradients derived on the model pages, and compares each run with scikit-learn's `Perceptron` fitted to the same data in the same run.
# Both of derivlib's runs use the full-batch rule $\theta \leftarrow \theta - X^\top (h - y)$ from $\theta = 0$, one update per epoch, and stop at the first epoch without a training error.
# scikit-learn's `Perceptron` (default settings, `random_state=0`) updates after each sample in a shuffled order, and stops once its loss has improved by less than $10^{-3}$ for 5 epochs.
# The numbers below are asserted in the notebook, so a change that breaks a run also breaks the site build.

# %%
import matplotlib.pyplot as plt
import numpy as np

from derivlib.experiments import perceptrons

# %% [markdown]
# ## Two iris species { #iris-binary }
#
# Setosa (label 0) and versicolor (label 1), 50 flowers each, are linearly separable.
# With sepal length and petal length as the features and a column of ones for the bias, $X$ is $100 \times 3$.

# %%
wide = perceptrons.binary_iris(perceptrons.WIDE_MARGIN_FEATURES)
print(f"derivlib: {wide.training_errors} training errors after {wide.training.epochs} epochs")
print(f"scikit-learn: training accuracy {wide.sklearn_accuracy:.2f} after {wide.sklearn_epochs} epochs")

assert wide.training.converged
assert wide.training_errors == 0
assert wide.sklearn_accuracy == 1.0

# %%
narrow = perceptrons.binary_iris(perceptrons.NARROW_MARGIN_FEATURES)
print(f"derivlib: {narrow.training_errors} training errors after {narrow.training.epochs} epochs")
print(f"scikit-learn: training accuracy {narrow.sklearn_accuracy:.2f} after {narrow.sklearn_epochs} epochs")

assert narrow.training.converged
assert narrow.training_errors == 0
assert narrow.training.epochs > 100 * wide.training.epochs
assert 0.98 <= narrow.sklearn_accuracy < 1.0

# %% [markdown]
# The second run uses sepal length and sepal width, where the two species are still separable but the gap between them is narrow.
# The perceptron needs far more epochs there.
# Let $R$ be the largest norm of a row of $X$, the column of ones included, and $\gamma$ the margin of a separating $\theta$ of unit norm.
# On separable data the number of mistakes, summed over the epochs, is then at most $n (R / \gamma)^2$, a bound that grows as the margin shrinks.
# scikit-learn's run on that pair stops by its loss-improvement rule before it separates the training set.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, run in zip(axes, [wide, narrow]):
    first, second, regions = perceptrons.decision_regions(run)
    ax.contourf(first, second, regions, levels=[-0.5, 0.5, 1.5], colors=["#cde", "#fdc"])
    for label, marker, name in [(0, "o", "setosa (0)"), (1, "^", "versicolor (1)")]:
        points = run.features[run.labels == label]
        ax.scatter(points[:, 0], points[:, 1], marker=marker, label=name, edgecolor="k", s=25)
    ax.set_xlabel(run.feature_names[0])
    ax.set_ylabel(run.feature_names[1])
    ax.set_title(f"{run.training.epochs} epochs")
axes[0].legend(loc="upper left")
plt.tight_layout()
plt.show()

# %% [markdown]
# The shaded regions are the predictions $h = \mathbb{1}[x\theta \geq 0]$ of the final $\theta$; the boundary is the line $x\theta = 0$.
#
# ## Ten digits { #digits }
#
# The digits data has 1,797 images of $8 \times 8$ pixels with intensities 0 to 16, in 10 classes.
# A stratified split with a fixed seed holds out 30% of them, 540 images.
# With the column of ones, $X$ has 65 columns and $\theta$ is $65 \times 10$.
# The multi-class perceptron takes the gradient $X^\top (H - Y)$, with $H$ the one-hot rows of the predicted classes.
# scikit-learn's `Perceptron` trains one binary perceptron per class against the rest instead.

# %%
digits = perceptrons.multiclass_digits()
print(f"derivlib: training accuracy {digits.train_accuracy:.4f} after {digits.training.epochs} epochs, "
      f"test accuracy {digits.test_accuracy:.4f}")
print(f"scikit-learn: training accuracy {digits.sklearn_train_accuracy:.4f} after {digits.sklearn_epochs} epochs, "
      f"test accuracy {digits.sklearn_test_accuracy:.4f}")

assert digits.training.converged
assert digits.train_accuracy == 1.0
assert digits.test_accuracy >= digits.sklearn_test_accuracy - 0.02
assert digits.test_accuracy >= 0.93
assert np.any(np.diff(digits.training.errors) > 0)

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(np.maximum(digits.training.errors, 0.5))
ax.set_xlabel("epoch")
ax.set_ylabel("training errors (0 drawn at 0.5)")
plt.show()

# %% [markdown]
# The training split of the digits is linearly separable, so the perceptron rule ends with no training error.
# The test accuracy must stay within 2 percentage points of scikit-learn's and at or above 93%.
# The number of errors does not fall steadily: an update that corrects some samples can break others.
