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
# # 手写数字上的两层网络 { #networks-lab }
#
# 本笔记本在 scikit-learn 自带的手写数字数据上训练两个两层网络，所用梯度分别在 [Sigmoid 网络](../../models/sigmoid-network/)和 [ReLU/Softmax 网络](../../models/relu-softmax-network/)页面中推导。
# ReLU/Softmax 网络的结果与同样规模的 scikit-learn `MLPClassifier` 并列比较，后者在同一次运行中训练。
# 关键数值都在笔记本中断言，所以破坏训练的改动也会使网站构建失败。

# %%
import matplotlib.pyplot as plt
import numpy as np

from derivlib.experiments import networks

# %% [markdown]
# ## 数据 { #data }
#
# 数据共有 1,797 张 8 × 8 像素的图像，像素值为 0 到 16，分为 $c = 10$ 类。
# 像素值除以 16，每个特征都落在 $[0, 1]$ 内；最前面加一列 1 作为偏置，所以 $X$ 有 $m = 65$ 列。
# 网络没有其他偏置：隐藏单元从这一列得到偏置，输出单元没有偏置。
# 按类别分层、`random_state=0` 的划分留下 1,347 张图像用于训练，450 张用于测试。

# %%
split = networks.load_digits_split()
print(f"training set: {split.X_train.shape}, test set: {split.X_test.shape}")

assert split.X_train.shape == (1347, 65)
assert split.X_test.shape == (450, 65)

# %% [markdown]
# ## 训练 { #training }
#
# 两个网络都用带动量 0.9 的小批量梯度下降训练，每批 32 个样本，每个轮次（epoch）重新打乱顺序。
# 损失是对批量求和，所以学习率 0.003 表示权重移动 0.003 乘以 32 个样本之和的梯度。
# 换成对批量取平均的损失，同样的步长需要学习率 0.096。
# 权重初始化为 0.1 乘以标准正态分布的随机数，由 `numpy.random.default_rng(0)` 生成，批量的顺序也由它生成。
#
# - ReLU/Softmax 网络有 $b = 128$ 个隐藏单元，训练 30 个轮次。
# - Sigmoid 网络有 $b = 64$ 个隐藏单元，用平方误差回归独热标签，训练 100 个轮次；预测的类别是 10 个输出中最大的那个。
# - `MLPClassifier(hidden_layer_sizes=(128,), activation="relu", solver="sgd")` 使用相同的动量、批量大小和轮次数，没有正则项（`alpha=0`），学习率为 0.096，因为它对批量取平均。
#   它每一层都有偏置，并从它自己的 Glorot 均匀分布初始权重开始。

# %%
relu_softmax = networks.fit_relu_softmax_network(split)
mlp = networks.fit_mlp_classifier(split)
sigmoid = networks.fit_sigmoid_network(split)

print(f"ReLU/softmax network: test accuracy {relu_softmax.test_accuracy:.4f}, {relu_softmax.seconds:.1f} s")
print(f"MLPClassifier:        test accuracy {mlp.test_accuracy:.4f}, {mlp.seconds:.1f} s")
print(f"sigmoid network:      test accuracy {sigmoid.test_accuracy:.4f}, {sigmoid.seconds:.1f} s")

assert relu_softmax.test_accuracy >= 0.97
assert mlp.test_accuracy >= 0.95
assert abs(relu_softmax.test_accuracy - mlp.test_accuracy) <= 0.03
assert sigmoid.test_accuracy >= 0.95
assert relu_softmax.losses[-1] < 0.01 * relu_softmax.losses[0]
assert sigmoid.losses[-1] < 0.05 * sigmoid.losses[0]

# %% [markdown]
# ReLU/Softmax 网络至少正确分类 97% 的测试图像，同样规模的 scikit-learn 网络与它相差不超过三个百分点。
# 上面的单元格断言了这两点。
# 计时包括每个轮次之后计算损失和准确率的时间，而且取决于构建网站的机器，所以只打印，不断言。
#
# ## 损失与准确率曲线 { #curves }
#
# 每个轮次之后在整个训练集上对损失求和；第 0 轮是训练前的起点。
# `MLPClassifier` 在第一个轮次之前还没有权重，所以它的曲线从第 1 轮开始。

# %%
fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(10, 3.5))
loss_ax.semilogy(relu_softmax.epochs, relu_softmax.losses, label="ReLU/softmax network")
loss_ax.semilogy(mlp.epochs, mlp.losses, label="MLPClassifier")
loss_ax.set_xlabel("epoch")
loss_ax.set_ylabel("cross-entropy (sum over the training set)")
loss_ax.legend()
accuracy_ax.plot(relu_softmax.epochs, relu_softmax.test_accuracies, label="ReLU/softmax network")
accuracy_ax.plot(mlp.epochs, mlp.test_accuracies, label="MLPClassifier")
accuracy_ax.set_ylim(0.85, 1.0)
accuracy_ax.set_xlabel("epoch")
accuracy_ax.set_ylabel("test accuracy")
accuracy_ax.legend(loc="lower right")
plt.tight_layout()
plt.show()

# %%
for name, run in (("ReLU/softmax network", relu_softmax), ("MLPClassifier", mlp)):
    first_above_95 = int(run.epochs[np.argmax(run.test_accuracies >= 0.95)])
    print(f"{name}: 95% test accuracy from epoch {first_above_95}, final training loss {run.losses[-1]:.2f}")
    assert first_above_95 <= 5

# %% [markdown]
# 两个网络都在五个轮次之内超过 95% 的测试准确率。
# 最后两者在 1,347 张训练图像上的损失之和都只有几奈特，每张图像只有千分之几：有 128 个隐藏单元时，它们几乎记住了整个训练集。
#
# ## Sigmoid 网络 { #sigmoid }
#
# Sigmoid 网络用平方误差学习同一个任务。
# 它的损失先停滞不前：每张图像的 10 个目标中有 9 个是 0，所以所有输出先被推向 0，而在那里输出层误差项中的因子 $h (1 - h)$ 很小。
# 之后各个类别才逐渐分开。

# %%
fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(10, 3.5))
loss_ax.semilogy(sigmoid.epochs, sigmoid.losses)
loss_ax.set_xlabel("epoch")
loss_ax.set_ylabel("squared error (sum over the training set)")
accuracy_ax.plot(sigmoid.epochs, sigmoid.test_accuracies)
accuracy_ax.set_ylim(0.0, 1.0)
accuracy_ax.set_xlabel("epoch")
accuracy_ax.set_ylabel("test accuracy")
plt.tight_layout()
plt.show()

first_sigmoid = int(np.argmax(sigmoid.test_accuracies >= 0.9))
first_relu_softmax = int(np.argmax(relu_softmax.test_accuracies >= 0.9))
print(f"first epoch with 90% test accuracy: sigmoid {first_sigmoid}, ReLU/softmax {first_relu_softmax}")
assert first_sigmoid > 5 * first_relu_softmax

# %% [markdown]
# Sigmoid 网络达到 90% 测试准确率所需的轮次比 ReLU/Softmax 网络多得多。
# Sigmoid 输出配平方误差时，输出层误差项保留因子 $h (1 - h)$。
# Softmax 输出配交叉熵时这个因子被消去，只剩 $h - y$。
