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
# # 回归实验 { #regression-lab }
#
# 本笔记本在 scikit-learn 自带的真实数据上运行线性回归和逻辑回归页面中的梯度，并把每次拟合与参考解比较。
# 下面的数值都在笔记本中断言，所以破坏拟合的改动也会使网站构建失败。

# %%
import matplotlib.pyplot as plt
import numpy as np

from derivlib.experiments import regression

# %% [markdown]
# ## 糖尿病数据上的线性回归 { #diabetes }
#
# 糖尿病数据有 442 名患者和 10 个标准化特征；加上一列 1 之后，$X$ 是 $442 \times 11$ 的矩阵。
# 梯度下降沿梯度 $X^\top (h - y)$ 前进，步长为 $1/L$，其中 $L$ 是 $X^\top X$ 的最大特征值。
# 有些特征高度相关，所以 $X^\top X$ 的条件数很大，普通的梯度下降沿最平坦的方向爬行得很慢。
# Nesterov 动量在前瞻点上使用同样的梯度，每提高一位精度大约只需要 $\sqrt{\kappa}$ 步而不是 $\kappa$ 步，$\kappa$ 为条件数。

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
# 5,000 步之后，普通梯度下降的损失仍比最小二乘解高 0.6%，而带动量的运行已经在机器精度内达到了它。
# 两次运行使用同一个梯度，只是步子不同。
#
# ## 乳腺癌数据上的逻辑回归 { #breast-cancer }
#
# 乳腺癌数据有 569 个肿瘤样本，标签为恶性（0）或良性（1）。
# 这里使用标准化后的 10 个“均值”特征；如果使用全部 30 个特征，两类是线性可分的，不带惩罚的拟合就没有有限的解。
# 梯度下降使用交叉熵的梯度 $X^\top (h - y)$，步长为 $4/\lambda_{\max}(X^\top X)$，因为 sigmoid 的斜率最大为 $1/4$。
# 参考解是 scikit-learn 不带惩罚的 `LogisticRegression`，求解精度为 $10^{-12}$。

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
# 系数与 scikit-learn 的结果相差不到千分之一，两个模型对每个训练样本的分类都相同。
