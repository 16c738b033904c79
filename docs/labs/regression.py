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
# # Regression lab { #regression-lab }
#
# This notebook runs the gradients of the linear and logistic regression pages on real data that scikit-learn ships, and compares each fit with a reference solution.
# The numbers below are asserted in the notebook, so a change that breaks a fit also breaks the site build.

# %%
import matplotlib.pyplot as plt
import numpy as np

from derivlib.experiments import regression

# %% [markdown]
# ## Linear regression on the diabetes data { #diabetes }
#
# The diabetes data has 442 patients and 10 standardized features; with the column of ones, $X$ is $442 \times 11$.
# Gradient descent with the step $1/L$, where $L$ is the largest eigenvalue of $X^\top X$, moves along the gradient $X^\top (h - y)$.
# Some features are strongly correlated, so $X^\top X$ is badly conditioned, and plain descent crawls along its flattest direction.
# Nesterov's momentum uses the same gradient at a look-ahead point and needs about $\sqrt{\kappa}$ rather than $\kappa$ steps per digit, where $\kappa$ is the condition number.

# %%
fit = regression.fit_diabetes(max_steps=5000)
print(f"condition number of X^T X: {fit.condition_number:.3g}")
print(f"relative distance to the least-squares solution: {fit.relative_error:.1e}")

assert fit.condition_number > 1e4
assert fit.relative_error < 1e-6
assert abs(fit.nesterov_losses[-1] - fit.loss_least_squares) <= 1e-10 * fit.loss_least_squares

# %%
gap_plain = fit.plain_losses / fit.loss_least_squares - 1
gap_nesterov = np.maximum(fit.nesterov_losses / fit.loss_least_squares - 1, 1e-16)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(gap_plain, label="gradient descent")
ax.semilogy(gap_nesterov, label="with Nesterov momentum")
ax.set_xlabel("step")
ax.set_ylabel("(L - L_least_squares) / L_least_squares")
ax.legend()
plt.show()

# %% [markdown]
# After 5,000 steps plain descent is still 0.6% above the least-squares loss, while the momentum run has reached it to machine precision.
# Both runs follow the same gradient; only the step differs.
#
# ## Logistic regression on the breast-cancer data { #breast-cancer }
#
# The breast-cancer data has 569 tumours labelled malignant (0) or benign (1).
# The ten "mean" features are standardized; with all thirty the two classes are linearly separable, and then the unpenalized fit has no finite solution.
# Descent uses the cross-entropy gradient $X^\top (h - y)$ with the step $4/\lambda_{\max}(X^\top X)$, because the sigmoid's slope is at most $1/4$.
# The reference is scikit-learn's `LogisticRegression` without a penalty, solved to a tolerance of $10^{-12}$.

# %%
logistic = regression.fit_breast_cancer()
print(f"relative distance to scikit-learn's coefficients: {logistic.relative_error:.1e}")
print(f"training accuracy: {logistic.accuracy:.4f} (scikit-learn: {logistic.accuracy_sklearn:.4f})")

assert logistic.relative_error < 1e-3
assert logistic.accuracy == logistic.accuracy_sklearn

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(logistic.losses)
ax.set_xlabel("step")
ax.set_ylabel("cross-entropy (sum over samples)")
plt.show()

# %% [markdown]
# The coefficients agree with scikit-learn's to better than one part in a thousand, and the two models classify every training sample alike.
