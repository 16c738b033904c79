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
# # Softmax on digits { #softmax-lab }
#
# This notebook trains softmax regression on the handwritten digits that scikit-learn ships, with the gradient $X^\top (H - Y)$ derived on the [softmax regression page](../../models/softmax-regression/).
# It scores the result beside scikit-learn's multinomial logistic regression on the same split, in the same run.
# The key numbers are asserted, so a change that breaks the fit also breaks the site build.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import ConfusionMatrixDisplay

from derivlib.experiments import softmax

# %% [markdown]
# ## Data and training { #training }
#
# The digits are 1,797 images of 8 × 8 pixels with values 0 to 16, in $c = 10$ classes.
# The pixels are divided by 16, so every feature lies in $[0, 1]$, and a column of ones in front carries the bias: $X$ has $m = 65$ columns.
# A stratified split with `random_state=0` keeps 1,347 images for training and 450 for testing.
#
# The loss is the cross-entropy summed over the training set, so the step must shrink as the set grows.
# The Hessian of the summed loss is bounded by $\lambda_{\max}(X^\top X) / 2$, because the eigenvalues of the softmax Jacobian $\operatorname{diag}(h) - h h^\top$ lie in $[0, 1/2]$.
# The step is the inverse of that bound, $2 / \lambda_{\max}(X^\top X)$, with Nesterov momentum 0.9, for 1,000 steps from $\theta = 0$.
#
# The reference is scikit-learn's `LogisticRegression(C=np.inf)`: no penalty, multinomial over the 10 classes, fitted by L-BFGS with its own intercept.
# (Since scikit-learn 1.8, `penalty=None` is deprecated in favour of `C=np.inf`.)

# %%
fit = softmax.fit_digits()
print(f"step size: {fit.learning_rate:.3g}")
print(f"test accuracy:     derivlib {fit.accuracy:.4f}, scikit-learn {fit.accuracy_sklearn:.4f}")
print(f"training accuracy: derivlib {fit.train_accuracy:.4f}, scikit-learn {fit.train_accuracy_sklearn:.4f}")
print(f"fit time:          derivlib {fit.seconds:.2f} s, scikit-learn {fit.seconds_sklearn:.2f} s")

ACCURACY_FLOOR = 0.95
SKLEARN_MARGIN = 0.02
assert fit.accuracy >= ACCURACY_FLOOR
assert fit.accuracy_sklearn >= ACCURACY_FLOOR
assert abs(fit.accuracy - fit.accuracy_sklearn) <= SKLEARN_MARGIN
assert fit.losses[-1] < 0.05 * fit.losses[0]
assert fit.train_accuracy_sklearn == 1.0  # the training set is linearly separable

# %% [markdown]
# Both models classify more than 95% of the test images correctly, and their test accuracies differ by at most two percentage points.
# The cell asserts both.
# The fit times are measured on whatever machine builds the site, so they are printed but not asserted.
#
# ## Loss and accuracy curves { #curves }
#
# At $\theta = 0$ every class has probability $1/10$, so the loss starts at $1347 \log 10 \approx 3102$ and every image is predicted as class 0.

# %%
fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(10, 3.5))
loss_ax.semilogy(fit.losses)
loss_ax.set_xlabel("step")
loss_ax.set_ylabel("cross-entropy (sum over the training set)")
accuracy_ax.plot(fit.train_accuracies, label="training set")
accuracy_ax.plot(fit.test_accuracies, label="test set")
accuracy_ax.axhline(fit.accuracy_sklearn, color="gray", linestyle="--", label="scikit-learn, test set")
accuracy_ax.set_ylim(0.8, 1.0)
accuracy_ax.set_xlabel("step")
accuracy_ax.set_ylabel("accuracy")
accuracy_ax.legend(loc="lower right")
plt.tight_layout()
plt.show()

# %% [markdown]
# The test accuracy levels off after a few hundred steps, while the training loss keeps falling.
# scikit-learn classifies every training image correctly, so the training set is linearly separable.
# Then the unpenalized loss has no minimum: it tends to 0 as $\theta$ grows along a separating direction, and a longer run only makes $\theta$ larger.
# When to stop is a choice; here it is the fixed number of steps.
#
# ## Confusion matrix { #confusion }
#
# Row $t$, column $p$ counts the test images of digit $t$ that the model predicts as $p$; the diagonal contains the correct predictions.

# %%
errors = fit.confusion.copy()
np.fill_diagonal(errors, 0)
true_digit, predicted_digit = np.unravel_index(errors.argmax(), errors.shape)
print(f"test errors: {errors.sum()} of {fit.n_test}")
print(f"most frequent confusion: {true_digit} predicted as {predicted_digit}, {errors.max()} times")

assert np.trace(fit.confusion) + errors.sum() == fit.n_test

fig, ax = plt.subplots(figsize=(5, 5))
ConfusionMatrixDisplay(fit.confusion).plot(ax=ax, colorbar=False)
ax.set_xlabel("predicted digit")
ax.set_ylabel("true digit")
plt.show()

# %% [markdown]
# ## What the weights look like { #weights }
#
# Column $r$ of $\theta$ without its bias entry contains one weight per pixel, so it can be shown as an 8 × 8 image.
# Blue pixels raise the logit $\hat{h}_r$ of digit $r$, red pixels lower it.

# %%
fig, axes = plt.subplots(1, softmax.CLASSES, figsize=(12, 1.6))
for digit, ax in enumerate(axes):
    weights = fit.theta[1:, digit].reshape(8, 8)
    limit = np.abs(weights).max()
    ax.imshow(weights, cmap="RdBu", vmin=-limit, vmax=limit)
    ax.set_title(str(digit))
    ax.axis("off")
plt.show()
