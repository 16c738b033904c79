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
        "**Softmax regression** skips the NaN and infinity scan of X in the same way (a bad entry of X makes a whole "
        "row of X θ non-finite, and the log-softmax of that row NaN). It also subtracts Y from H in place. What "
        "remains beyond the two products is `functions.log_softmax`, which reduces rows of only c = 10 entries with "
        "`max` and `sum` along axis 1, a case NumPy handles row by row. Compare the probe "
        "`functions.log_softmax(H_hat)` with the time beyond the products.",
        "**Softmax 回归**同样跳过对 X 的 NaN 与无穷大扫描（X 中的坏值会使 X θ 的整行不是有限值，该行的 log-softmax 随之为 NaN），"
        "并原地从 H 中减去 Y。两个矩阵乘积之外剩下的是 `functions.log_softmax`：它沿第 1 轴用 `max` 和 `sum` 归约每行只有 "
        "c = 10 个元素的行，NumPy 逐行处理这类归约。可以把探针 `functions.log_softmax(H_hat)` 的时间与“乘积之外”一列对照。",
    ),
    (
        "**The two networks** skip the scan of X as well, checking the loss and the sum of dW instead (an infinity "
        "that saturates the hidden layer leaves the loss finite but makes dW NaN). They still make elementwise "
        "passes over the hidden layer (n, b), and NumPy runs them on one thread while the BLAS products use every "
        "thread. `functions.sigmoid` (the probe) makes seven passes in two buffers; the sigmoid network's backward "
        "pass multiplies (D Vᵀ) by Z and by 1 − Z in place, with one temporary; the ReLU network multiplies (D Vᵀ) "
        "in place by the boolean mask Ẑ > 0. Each new array as large as Z also costs its first touch of fresh "
        "memory, which the probe `np.multiply(A, B, out=C)` on a reused buffer does not pay. At m = 100 the "
        "products are eight times smaller than at m = 784 while these passes stay the same, so they weigh more.",
        "**两个网络**同样跳过对 X 的扫描，改为检查损失与 dW 之和（使隐藏层饱和的无穷大会让损失保持有限，但让 dW 成为 NaN）。"
        "它们仍要对隐藏层 (n, b) 做多次逐元素运算；NumPy 只用一个线程执行这些运算，而 BLAS 的矩阵乘积使用全部线程。"
        "`functions.sigmoid`（见探针）在两个缓冲区里做七遍运算；Sigmoid 网络的反向传播把 (D Vᵀ) 原地乘以 Z 和 1 − Z，"
        "只多一个临时数组；ReLU 网络把 (D Vᵀ) 原地乘以布尔掩码 Ẑ > 0。每个与 Z 一样大的新数组还要付出首次写入新内存的代价，"
        "而探针 `np.multiply(A, B, out=C)` 复用缓冲区，不付这笔代价。m = 100 时矩阵乘积只有 m = 784 时的八分之一，"
        "而这些逐元素运算不变，所以它们所占的比重更大。",
    ),
    (
        "**Ratios below 1x of the bandwidth floor, and negative times beyond the products,** come from timing "
        "the floors in processes of their own: a floor is a separate measurement, not a bound that derivlib's "
        "run includes. A ratio below 1x means that X was read faster than the measured memory bandwidth. That "
        "happens when X stays in the CPU's cache between calls, and this machine reports a large L3 cache (see "
        "the table of the machine below). A negative difference is the noise between two medians.",
        "**带宽下限之比低于 1x、以及“乘积之外”为负值的情形**，来自在各自独立的进程中测量下限：下限是另一次测量，"
        "并不是 derivlib 这次运行所包含的界。比值低于 1x 表示读取 X 的速度超过了测得的内存带宽，这发生在 X 在两次调用之间"
        "留在 CPU 缓存中的时候（这台机器报告的 L3 缓存很大，见下文的机器表）；负的差值是两个中位数之间的噪声。",
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


def per_sample_summary(results, language):
    """Describe the per-sample loop's time per row and its ratio to derivlib, at the largest n it was timed."""
    rows = []
    for case in results.cases():
        loop = results.seconds("per-sample", case)
        ratio = results.ratio_to_derivlib("per-sample", case)
        if loop is not None and ratio is not None:
            rows.append((case, loop / case[4], ratio))
    if not rows:
        return None
    largest = max(case[4] for case, _, _ in rows)
    rows = [row for row in rows if row[0][4] == largest]
    fastest_row = min(rows, key=lambda row: row[1])
    slowest_row = max(rows, key=lambda row: row[1])
    low = min(rows, key=lambda row: row[2])
    high = max(rows, key=lambda row: row[2])

    def label(case):
        hidden = f", b = {case[2]}" if case[2] else ""
        return f"{case[0]}, m = {case[1]}{hidden}, {case[3]}"

    return text(
        language,
        f"**The per-sample loop** makes one Python iteration per row. At n = {largest:,} a row costs it from "
        f"{fastest_row[1] * 1e6:.1f} µs ({label(fastest_row[0])}) to {slowest_row[1] * 1e6:.0f} µs "
        f"({label(slowest_row[0])}). Vectorizing removes the interpreter's few microseconds per row, but not the "
        "arithmetic of the row, which the loop already runs in compiled NumPy code: its outer products with x and z. "
        f"So the ratio is largest where a row's arithmetic is small ({high[2]:.0f}x, {label(high[0])}). It is "
        f"smallest where that arithmetic is large or where derivlib's own products are slow ({low[2]:.1f}x, "
        f"{label(low[0])}). The target of 100x holds only where a row's arithmetic is smallest.",
        f"**逐样本循环**每行执行一次 Python 迭代。n = {largest:,} 时，每行耗时从 {fastest_row[1] * 1e6:.1f} µs"
        f"（{label(fastest_row[0])}）到 {slowest_row[1] * 1e6:.0f} µs（{label(slowest_row[0])}）。"
        "向量化省去的是解释器每行几微秒的开销，而不是该行本身的运算；循环中的这部分运算（与 x、z 的外积）本来就在编译过的 NumPy 代码中执行。"
        f"因此，行内运算量小时比值最大（{high[2]:.0f}x，{label(high[0])}），运算量大或 derivlib 自身的矩阵乘积较慢时比值最小"
        f"（{low[2]:.1f}x，{label(low[0])}），100x 的目标只在最小的行上达到。",
    )


def skinny_product_summary(results, language):
    """Compare softmax regression's product floor with its bandwidth floor at the largest n."""
    model = "softmax-regression"
    largest = results.largest_n(model)
    ratios = []
    for case in results.cases(model):
        products = results.seconds("floor-products", case)
        bandwidth = results.seconds("floor-bandwidth", case)
        if case[4] == largest and products and bandwidth:
            ratios.append(products / bandwidth)
    if not ratios:
        return None
    return text(
        language,
        f"**Softmax regression's product floor** is {min(ratios):.1f} to {max(ratios):.1f} times its bandwidth floor "
        f"at n = {largest:,}. OpenBLAS runs the narrow products X θ and Xᵀ(H − Y), with c = 10 columns, far below "
        "the read speed that a matrix-vector product of the same X reaches. derivlib calls the "
        "same products, so its ratio to the product floor is the fair measure, and the bandwidth floor stays out "
        "of reach with these BLAS calls.",
        f"**Softmax 回归的矩阵乘积下限**在 n = {largest:,} 时是其带宽下限的 {min(ratios):.1f} 到 {max(ratios):.1f} 倍："
        "OpenBLAS 执行 c = 10 列的窄矩阵乘积 X θ 和 Xᵀ(H − Y) 时，读取 X 的速度远低于同一个 X 的矩阵-向量乘积所能达到的速度。"
        "derivlib 调用的正是这些乘积，所以与乘积下限之比才是公平的衡量；用这些 BLAS 调用无法达到带宽下限。",
    )


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
    for summary in (skinny_product_summary(results, language), per_sample_summary(results, language)):
        if summary:
            lines.append(f"- {summary}")
    lines.append("")
    return lines
