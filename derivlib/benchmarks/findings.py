"""The page's section on where the time goes: tables computed from the run, and what they show.

The prose states mechanisms that the code shows (which passes over which
arrays each gradient makes); every number comes from the run, through the
tables: the time beyond the matrix products at the largest n, and the
probes of ``probes.py``.
"""

from .formatting import format_seconds, table, text
from .models import MODELS

# NOTE: EXPLANATIONS describe the model code as it was when they were
# written; they must be updated with it.


def beyond_products_table(results, language):
    """Rows of derivlib's time, the floors and the difference, at the largest n of each configuration."""
    header = text(
        language,
        ["Model", "m", "b", "dtype", "n", "derivlib", "products alone", "beyond the products", "bandwidth floor"],
        ["模型", "m", "b", "dtype", "n", "derivlib", "仅矩阵乘积", "乘积之外", "带宽下限"],
    )
    rows = []
    for model in MODELS:
        largest = results.largest_n(model.key)
        for case in results.cases(model.key):
            if case[4] != largest:
                continue
            mine = results.seconds("derivlib", case)
            products = results.seconds("floor-products", case)
            beyond = None if mine is None or products is None else mine - products
            rows.append(
                [
                    text(language, model.title, model.title_zh),
                    case[1],
                    case[2] or "—",
                    case[3],
                    f"{case[4]:,}",
                    format_seconds(mine),
                    format_seconds(products),
                    format_seconds(beyond),
                    format_seconds(results.seconds("floor-bandwidth", case)),
                ]
            )
    return header, rows


def probes_table(raw, language):
    header = text(language, ["Operation", "Shape", "dtype", "Time"], ["运算", "形状", "dtype", "时间"])
    rows = [
        [f"`{probe['operation']}`", " × ".join(f"{size:,}" for size in probe["shape"]), probe["dtype"],
         format_seconds(probe["timing"]["median"])]
        for probe in raw.get("probes", [])
    ]
    return header, rows


EXPLANATIONS = [
    (
        "**Linear and logistic regression** read X twice, once for X θ and once for Xᵀ(h − y); everything else is "
        "O(n). Their floor is the time to read X twice. Until this suite was written, `check_features` also scanned "
        "X for NaN and infinity before the products, a third pass as long as the probe `np.isfinite(X).all()` in "
        "the table above. Both functions now skip that scan and run it only when the loss is not finite (a NaN or "
        "an infinity in X always makes the loss NaN or infinite); logistic regression also takes the softplus and "
        "the sigmoid from one exponential exp(−|ĥ|) instead of `np.logaddexp` and a `np.where` per entry.",
        "**线性回归与逻辑回归**把 X 读两遍：一次算 X θ，一次算 Xᵀ(h − y)；其余都是 O(n) 的运算。"
        "它们的下限就是把 X 读两遍的时间。在编写本基准之前，`check_features` 还会在矩阵乘积之前扫描 X 中的 NaN 和无穷大，"
        "这是第三遍读取，耗时与上面探针表中的 `np.isfinite(X).all()` 相当。"
        "现在这两个函数跳过这次扫描，只在损失不是有限值时才执行（X 中的 NaN 或无穷大必然使损失为 NaN 或无穷大）；"
        "逻辑回归还从同一个指数 exp(−|ĥ|) 同时得到 softplus 和 sigmoid，不再调用 `np.logaddexp`，也不再逐元素 `np.where`。",
    ),
    (
        "**Softmax regression** still scans X for NaN and infinity in `check_features`, which costs about the probe "
        "`np.isfinite(X).all()`, and `functions.log_softmax` reduces rows of only c = 10 entries with `max` and "
        "`sum` along axis 1, which NumPy does row by row; compare the probe `functions.log_softmax(H_hat)` with the "
        "time beyond the products.",
        "**Softmax 回归**仍在 `check_features` 中扫描 X 的 NaN 和无穷大，耗时约为探针 `np.isfinite(X).all()`；"
        "`functions.log_softmax` 沿第 1 轴用 `max` 和 `sum` 归约每行只有 c = 10 个元素的行，NumPy 逐行处理这类归约。"
        "可以把探针 `functions.log_softmax(H_hat)` 的时间与“乘积之外”一列对照。",
    ),
    (
        "**The two networks** make several elementwise passes over the hidden layer (n, b), each of which reads and "
        "writes arrays as large as Z, and NumPy runs them on one thread while the BLAS products use every thread. "
        "In the sigmoid network, `functions.sigmoid` alone (the probe) evaluates both branches of a `np.where`, "
        "with seven intermediate arrays as large as Z; the backward pass adds the products (D Vᵀ) ∘ Z ∘ (1 − Z) with "
        "three more. In the ReLU network, `functions.relu_derivative` builds a boolean mask and converts it to the "
        "float dtype. At m = 100 the products are eight times smaller than at m = 784 while these passes stay "
        "the same, so they weigh more.",
        "**两个网络**要对隐藏层 (n, b) 做多次逐元素运算，每次都读写与 Z 一样大的数组；NumPy 只用一个线程执行这些运算，"
        "而 BLAS 的矩阵乘积使用全部线程。Sigmoid 网络中，仅 `functions.sigmoid`（见探针）就要计算 `np.where` 的两个分支，"
        "中间产生七个与 Z 同样大的数组；反向传播中的 (D Vᵀ) ∘ Z ∘ (1 − Z) 又多出三个。ReLU 网络中，"
        "`functions.relu_derivative` 先生成布尔掩码，再转换成浮点类型。m = 100 时矩阵乘积只有 m = 784 时的八分之一，"
        "而这些逐元素运算不变，所以它们所占的比重更大。",
    ),
    (
        "**PyTorch**: the gap between its two columns is autograd's own overhead, because both run the same "
        "products; the gap between the hand formula and derivlib is mostly the BLAS library (MKL in the CPU wheel, "
        "OpenBLAS in NumPy's) and PyTorch's per-operation dispatch.",
        "**PyTorch**：两列都执行相同的矩阵乘积，所以二者之差是自动微分本身的开销；手写公式与 derivlib 之差主要来自 BLAS 库"
        "（CPU 版 PyTorch 用 MKL，NumPy 用 OpenBLAS）以及 PyTorch 每个算子的调度开销。",
    ),
    (
        "**JAX** compiles the whole loss and gradient with XLA, which fuses the elementwise passes into the loops "
        "around the products and reuses buffers; that is the advantage NumPy cannot match in the networks.",
        "**JAX** 用 XLA 编译整个损失和梯度，把逐元素运算融合进矩阵乘积前后的循环并复用缓冲区；"
        "这正是 NumPy 在网络上无法追上的优势。",
    ),
]


def section(results, language):
    lines = [text(language, "## Where the time goes { #analysis }", "## 时间花在哪里 { #analysis }"), ""]
    lines.append(
        text(
            language,
            "At the largest n of each configuration, this table splits derivlib's time into the matrix products "
            "alone and the rest:",
            "在每个配置最大的 n 上，下表把 derivlib 的时间分成矩阵乘积本身和其余部分：",
        )
    )
    lines.append("")
    header, rows = beyond_products_table(results, language)
    lines += table(header, rows)
    lines.append("")
    header, rows = probes_table(results.raw, language)
    if rows:
        lines.append(
            text(
                language,
                "Single operations timed alone at the same n (the probes):",
                "在同样的 n 上单独计时的几个运算（探针）：",
            )
        )
        lines.append("")
        lines += table(header, rows)
        lines.append("")
    for en, zh in EXPLANATIONS:
        lines.append(f"- {text(language, en, zh)}")
    lines.append("")
    return lines
