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
# # Softmax 手写数字实验 { #softmax-lab }
#
# 本笔记本在 scikit-learn 自带的手写数字数据上训练 softmax 回归，所用的梯度 $X^\top (H - Y)$ 推导于 [softmax 回归页面](../../models/softmax-regression/)。
# 在同一次运行、同一个划分上，把结果与 scikit-learn 的多项逻辑回归并列比较。
# 关键数值都在笔记本中断言，所以破坏拟合的改动也会使网站构建失败。

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import ConfusionMatrixDisplay

from derivlib.experiments import softmax

# %% [markdown]
# ## 数据与训练 { #training }
#
# 数据共有 1,797 张 8 × 8 像素的图像，像素值为 0 到 16，分为 $c = 10$ 类。
# 像素除以 16，使每个特征都落在 $[0, 1]$ 内，并在最前面加一列 1 来承载偏置：$X$ 共有 $m = 65$ 列。
# 按类别分层、`random_state=0` 的划分留下 1,347 张图像用于训练，450 张用于测试。
#
# 损失是整个训练集上交叉熵的和，所以训练集越大，步长必须越小。
# 求和损失的 Hessian 不超过 $\lambda_{\max}(X^\top X) / 2$，因为 softmax 的雅可比矩阵 $\operatorname{diag}(h) - h h^\top$ 的特征值都在 $[0, 1/2]$ 内。
# 步长取这个上界的倒数 $2 / \lambda_{\max}(X^\top X)$，配合 0.9 的 Nesterov 动量，从 $\theta = 0$ 出发走 1,000 步。
#
# 参照模型是 scikit-learn 的 `LogisticRegression(C=np.inf)`：没有惩罚项，在 10 个类别上做多项回归，用 L-BFGS 求解，并自带截距。
# （从 scikit-learn 1.8 起，`penalty=None` 已被弃用，改用 `C=np.inf`。）

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
# 两个模型在测试集上的准确率都超过 95%，而且相差不超过两个百分点；上面的单元格断言了这两点。
# 拟合时间取决于构建网站的机器，所以只打印，不断言。
#
# ## 损失与准确率曲线 { #curves }
#
# 在 $\theta = 0$ 处每个类别的概率都是 $1/10$，所以损失从 $1347 \log 10 \approx 3102$ 开始，所有图像都被预测为类别 0。

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
# 测试准确率在几百步之后趋于平稳，而训练损失仍在下降。
# scikit-learn 把每张训练图像都分对了，可见训练集是线性可分的。
# 这时不带惩罚的损失没有最小值：$\theta$ 沿某个分隔方向增大时，损失趋于 0，训练得越久，$\theta$ 只会越大。
# 何时停止需要自己决定；这里取固定的步数。
#
# ## 混淆矩阵 { #confusion }
#
# 第 $t$ 行第 $p$ 列统计真实数字为 $t$、被模型预测为 $p$ 的测试图像数；对角线上是预测正确的图像。

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
# ## 权重的样子 { #weights }
#
# 去掉偏置项之后，$\theta$ 的第 $r$ 列对每个像素有一个权重，因此可以画成一张 8 × 8 的图像。
# 蓝色像素提高数字 $r$ 的 logit $\hat{h}_r$，红色像素降低它。

# %%
fig, axes = plt.subplots(1, softmax.CLASSES, figsize=(12, 1.6))
for digit, ax in enumerate(axes):
    weights = fit.theta[1:, digit].reshape(8, 8)
    limit = np.abs(weights).max()
    ax.imshow(weights, cmap="RdBu", vmin=-limit, vmax=limit)
    ax.set_title(str(digit))
    ax.axis("off")
plt.show()
