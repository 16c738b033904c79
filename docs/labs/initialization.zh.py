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
# # 初始化尺度与 L2 { #initialization-lab }
#
# 实践中有一条经验：权重直接从标准正态分布抽取，会使 L2 项占主导、损失太高而无法训练；乘以 0.01 之后训练效果好得多，而且此后损失可能会上升。
# 本笔记本在手写数字数据上用 ReLU/softmax 网络逐条测量这一说法，并断言它报告的数值。
# 惩罚项及其梯度推导于 [L2 正则化页面](../../models/l2-regularization/)；[初始化页面](../../practice/initialization/) 汇总了结论。

# %%
import matplotlib.pyplot as plt
import numpy as np

from derivlib.experiments import initialization

# %% [markdown]
# ## 设定 { #setup }
#
# 数据与 softmax 实验相同，是 scikit-learn 的手写数字：像素除以 16，使每个特征都在 $[0, 1]$ 内，最前面加一列 1 作为偏置（$m = 65$），并固定地分层划分为 1,347 张训练图像和 450 张测试图像。
# 网络是 $X W \to \operatorname{ReLU} \to Z V \to \operatorname{softmax}$，有 $b = 32$ 个隐藏单元和 $c = 10$ 个类别。
# $W$ 和 $V$ 的初值是 `scale` 乘以标准正态随机数，尺度取 1、0.1、0.01 和 0.001，每个尺度用种子 0、1、2 各跑一次。
#
# 目标函数是 $J = L + R$：$L$ 是训练集上交叉熵的和，$R = \frac{\lambda}{2}(\sum W^2 + \sum V^2)$ 不含 $W$ 的偏置行，$\lambda = 1$ 或 $\lambda = 0$（不加 L2）。
# 每次运行都用全批量梯度下降走 300 步，步长 $\alpha = 3 \cdot 10^{-4}$，Nesterov 动量 0.9，所有尺度相同。
# 每一步分别记录 $L$ 和 $R$；每 10 步记录一次测试集上的交叉熵和准确率。

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
# ## 起点 { #start }
#
# 权重很小时每个 logit 都接近 0，每个类别的概率约为 $1/10$，所以损失从 $n \log 10 \approx 3101.6$ 开始。
# 尺度为 1 时 logit 很大，softmax 非常自信却大多判错，$L$ 的起点高出数倍。
# L2 项从它的期望值开始，即 $\frac{\lambda}{2}\,\text{scale}^2$ 乘以受惩罚权重的个数：尺度为 1、$\lambda = 1$ 时约为 1,184。

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
# 所以在第 0 步 L2 项并不占主导：尺度为 1 时它还不到数据项的十分之一。
# 损失高是因为数据项高。
#
# ## 哪一项占主导 { #terms }
#
# 下图给出 $\lambda = 1$ 时每次运行的数据项 $L$ 和 L2 项 $R$，每个尺度一幅子图。

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
# 在 $\lambda = 1$ 的每次运行中，数据项最终都降到 L2 项之下；但尺度为 1 时，这在最初几十步内就发生了，而且两者的差距一直大得多。
# 尺度为 1 时，L2 项起初甚至还会增长：在最初 35 步内，早期很大的数据梯度推动权重，使它增长 10% 到 130%。
# 此后权重缩小得很慢：每一步在数据梯度起作用之前先把权重乘以 $1 - \alpha\lambda = 0.9997$，所以 300 步里仅靠衰减去掉的还不到十分之一。
# 300 步之后，尺度为 1 的 $J$ 仍约为小尺度的三到五倍，几乎全是 L2 项。
# 在这个意义上，说法的前一半成立：从标准正态分布出发，L2 项主导了目标函数。
#
# ## 能训练吗？ { #training }
#
# $J$ 高并不等于网络学不到东西。
# 下面是每次运行在有、无 L2 时的测试准确率：

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
# 在这个步长下，说法的后一半不成立：尺度为 1 的网络无论有没有 L2 都能训练。
# 有 L2 时它的平均测试准确率与小尺度相差不到一个百分点，没有 L2 时低一到两个百分点。
# 尺度 0.1、0.01 和 0.001 的训练结果相近。
#
# ## 损失会上升吗？ { #rise }
#
# 从很小的权重出发，L2 项起初接近零，之后必然增长，因为数据项只有让权重离开零才能下降。
# 下图左边是尺度 0.01、$\lambda = 1$ 的一次运行，右边是尺度 0.01 时有、无 L2 的测试交叉熵。

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
# 上升的是 L2 项：尺度 0.01 时从约 0.1 增长到约 96，大约在第 50 到 90 步达到峰值，此后缓慢回落。
# 它增长是因为数据项要下降，权重就必须变大，而 $\lambda$ 对小权重的拉力很弱（$w$ 很小时 $\lambda w$ 也很小）。
# 目标函数 $J$ 并没有实质性的上升：它从约 3,100 降到约 130，299 步中只有三四步因动量冲过头而略有上升。
# 没有 L2 时，*测试*损失在达到最低点之后确实会上升，而训练损失仍在下降：网络对训练集的自信超出了测试集所能支持的程度，这里 L2 防止了这一点。
#
# ## 更大的步长 { #larger-step }
#
# 选用步长 $3 \cdot 10^{-4}$，是因为每次运行在这个步长下都能训练。
# 换成 $5 \cdot 10^{-4}$，情形就反过来了：小尺度失败，尺度 1 却能训练。

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
# 尺度 0.01 的三次运行全部失败，它们的隐藏单元几乎在任何图像上都不再激活；尺度 1 的三次运行测试准确率都超过 90%。
# 一个可能的原因（这里没有检验）：权重很小时，同样大小的一步对每个权重的改变远大于权重本身；而输入全都非负，一个权重平均变为负的单元对每张图像都不激活，从此再也得不到梯度。
# 所以安全的步长取决于初始尺度；对标准正态初始化而言，这些运行并没有表现出说法中的“损失太高而无法训练”。
#
# ## 结论 { #verdict }
#
# - **从标准正态分布出发，L2 项占主导：成立**，指的是最初几十步之后的目标函数，结束时 $R$ 至少是 $L$ 的 5 倍；但在第 0 步不成立，那时数据项至少大十倍。
# - **损失太高而无法训练：不成立**，只要步长适合该尺度；尺度 1 的测试准确率达到 95–98%。它起点的损失高，是因为数据项高。
# - **0.01 倍标准正态的初值训练得好：成立**，0.1 和 0.001 在同一步长下也一样。
# - **此后损失可能上升：对 L2 项成立**，它随权重增长从接近零开始变大；对无 L2 时的测试损失也成立；目标函数 $J$ 则在下降。
