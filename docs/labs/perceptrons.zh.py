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
# # 感知机实验 { #perceptrons-lab }
#
# 本笔记本在 scikit-learn 自带的数据上，用模型页面推导出的梯度训练二分类感知机和多分类感知机，并与在同一次运行中对同一数据拟合的 scikit-learn `Perceptron` 比较。
# derivlib 的两次训练都从 $\theta = 0$ 出发，使用全批量规则 $\theta \leftarrow \theta - X^\top (h - y)$，每个轮次（epoch）更新一次，并在第一个没有训练错误的轮次停止。
# scikit-learn 的 `Perceptron`（默认设置，`random_state=0`）按打乱的顺序逐个样本更新，当损失连续 5 个轮次的改进都小于 $10^{-3}$ 时停止。
# 下面的数值都在笔记本中断言，所以破坏训练的改动也会使网站构建失败。

# %%
import matplotlib.pyplot as plt
import numpy as np

from derivlib.experiments import perceptrons

# %% [markdown]
# ## 两种鸢尾花 { #iris-binary }
#
# 山鸢尾（标签 0）和变色鸢尾（标签 1）各 50 朵，二者线性可分。
# 以萼片长度和花瓣长度为特征，再加一列 1 作为偏置，$X$ 是 $100 \times 3$ 的矩阵。

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
# 第二次训练使用萼片长度和萼片宽度；两种花在这两个特征上仍然线性可分，但它们之间的间隔很窄。
# 在这种情况下感知机需要多得多的轮次。
# 设 $R$ 是 $X$ 各行范数的最大值（包括那一列 1），$\gamma$ 是某个单位范数的分离 $\theta$ 的间隔。
# 对线性可分的数据，各轮次错误数之和至多为 $n (R / \gamma)^2$；间隔越小，这个上界越大。
# 在这一对特征上，scikit-learn 按其损失改进规则停止时，还没有把训练集完全分开。

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
# 着色区域是最终 $\theta$ 的预测 $h = \mathbb{1}[x\theta \geq 0]$；分界线是直线 $x\theta = 0$。
#
# ## 十个数字 { #digits }
#
# 手写数字数据有 1,797 张 $8 \times 8$ 像素的图像，像素强度为 0 到 16，共 10 个类别。
# 用固定的随机种子分层划分出其中的 30%（540 张图像）作为测试集。
# 加上一列 1 之后，$X$ 有 65 列，$\theta$ 是 $65 \times 10$ 的矩阵。
# 多分类感知机使用梯度 $X^\top (H - Y)$，其中 $H$ 的各行是预测类别的独热向量。
# scikit-learn 的 `Perceptron` 则为每个类别训练一个"该类对其余类"的二分类感知机。

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
# 手写数字的训练集是线性可分的，所以感知机规则最终没有训练错误。
# 测试准确率必须与 scikit-learn 的相差不超过 2 个百分点，且不低于 93%。
# 错误数并不是一路下降的：一次更新纠正了一些样本，也可能弄错另一些样本。
