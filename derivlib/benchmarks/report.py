"""Write the performance page, in English and Chinese, and its plots from a results dict.

Both pages have the same sections with the same heading ids and the same
tables; only the prose is translated. Everything on them is computed from
the results, so a new run rewrites them whole.
"""

import json
from pathlib import Path

from . import analysis, findings, plots
from .formatting import format_ratio, format_seconds, one_sentence_per_line, table, text
from .contenders import CONTENDERS_BY_KEY
from .models import MODELS
from .runner import ASSETS, RESULTS_FILE

PAGE = "performance"
LANGUAGES = ("en", "zh")
TABLE_CONTENDERS = ("derivlib-gram", "per-sample", "torch-autograd", "torch-formula", "jax-jit")


def format_case(case):
    model, m, b, dtype, n = case
    hidden = f", b = {b}" if b else ""
    return f"{model}, m = {m}{hidden}, {dtype}, n = {n:,}"


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def introduction(raw, language):
    machine = raw["machine"]
    load = raw["load_average"]["start"][0]
    return [
        text(language, "# Performance { #performance }", "# 性能 { #performance }"),
        "",
        text(
            language,
            "This page times the loss and gradient of each model, computed in one call, against the per-sample loop, "
            "PyTorch, JAX and two floors: the matrix products alone, and the time to read their operands from memory once per product.",
            "本页测量每个模型在一次调用中同时算出损失和梯度所需的时间，并与逐样本循环、PyTorch、JAX "
            "以及两种下限作比较：仅矩阵乘积本身的时间，以及每个乘积把其操作数从内存读一遍的时间。",
        ),
        text(
            language,
            f"The page, its plots and the raw numbers in [results.json]({ASSETS.as_posix()}/{RESULTS_FILE}) "
            f"are written by `{raw['command']}`.",
            f"本页、其中的图以及原始数据 [results.json]({ASSETS.as_posix()}/{RESULTS_FILE}) "
            f"都由 `{raw['command']}` 生成。",
        ),
        text(
            language,
            f"Every number comes from one run on one machine ({machine['cpu_model']}, {raw['threads']} threads), "
            f"started at {raw['created']}; the 1-minute load average was {load:.2f} when it started.",
            f"所有数字都来自同一台机器上的同一次运行（{machine['cpu_model']}，{raw['threads']} 个线程），"
            f"开始于 {raw['created']}；开始时 1 分钟平均负载为 {load:.2f}。",
        ),
        text(
            language,
            "A load above zero means that other processes shared the CPUs, which makes every time longer and noisier.",
            "负载大于零说明有其他进程同时占用 CPU，这会让每个时间都变长，波动也更大。",
        ),
        "",
        *shared_machine_warning(raw, language),
    ]


# A run whose 1-minute load average per available CPU exceeded this at its
# start or end shared the machine with other work: a threaded BLAS call then
# waits for descheduled threads, and its time no longer measures the code.
SHARED_LOAD_PER_CPU = 0.25


def shared_machine_warning(raw, language):
    cpus = max(1, raw["machine"]["available_cpus"])
    load = max(raw["load_average"]["start"][0], raw["load_average"]["end"][0])
    if load / cpus <= SHARED_LOAD_PER_CPU:
        return []
    return [
        text(language, '!!! warning "A shared machine"', '!!! warning "机器被共用"'),
        "",
        "    "
        + text(
            language,
            f"The load average reached {load:.1f} on {cpus} CPUs during this run, so other work competed for the CPUs "
            "and the times below are not representative; run the command again on a quiet machine.",
            f"本次运行期间平均负载达到 {load:.1f}（共 {cpus} 个 CPU），其他任务在争用 CPU，下面的时间不具代表性；"
            "请在空闲的机器上重新运行该命令。",
        ),
        "",
    ]


def targets_section(results, language):
    per_sample_n = results.raw["grid"]["per_sample_max_n"]
    status = {
        "met": text(language, "met", "达到"),
        "missed": text(language, "missed", "未达到"),
        "not measured": text(language, "not measured", "未测量"),
    }
    rows = []
    for target in analysis.targets(results, per_sample_n):
        result = status[target.status]
        if target.status == "missed":
            result += text(language, f" in {target.missed} of {target.cases} cases", f"（{target.cases} 个情形中 {target.missed} 个未达到）")
        elif target.status == "met":
            result += text(language, f" ({target.cases} cases)", f"（{target.cases} 个情形）")
        bound = ("≥ " if target.higher_is_better else "≤ ") + format_ratio(target.bound)
        rows.append(
            [
                text(language, target.text, target.text_zh),
                text(language, target.ratio, target.ratio_zh),
                bound,
                format_ratio(target.worst),
                "—" if target.worst_case is None else format_case(target.worst_case),
                result,
            ]
        )
    header = text(
        language,
        ["Target", "Ratio", "Bound", "Worst measured", "Worst case", "Result"],
        ["目标", "比值", "界限", "最差实测值", "最差的情形", "结果"],
    )
    return [
        text(language, "## Targets { #targets }", "## 目标 { #targets }"),
        "",
        text(
            language,
            "Each target is checked on every case of the grid that it covers; the table shows the worst case.",
            "每个目标都在网格中它所涵盖的全部情形上检查；表中列出最差的情形。",
        ),
        "",
        *table(header, rows),
        "",
    ]


def blas_description(environment, language):
    pools = environment.get("threadpools")
    if not isinstance(pools, list):
        return text(language, "not recorded (threadpoolctl is not installed)", "未记录（未安装 threadpoolctl）")
    parts = [
        f"{pool.get('internal_api')} {pool.get('version')} ({pool.get('user_api')}, "
        + text(language, "kernel ", "内核 ")
        + f"{pool.get('architecture', '?')}, {pool.get('num_threads')} "
        + text(language, "threads", "个线程")
        + ")"
        for pool in pools
    ]
    return "; ".join(parts) if parts else text(language, "none loaded", "未加载")


def setup_section(raw, language):
    machine = raw["machine"]
    contenders = raw["contenders"]
    lines = [text(language, "## Machine and libraries { #setup }", "## 机器与库 { #setup }"), ""]
    caches = ", ".join(f"L{c['level']} {c['type'].lower()} {c['size']}" for c in machine["caches"]) or "—"
    memory = machine["memory_bytes"]
    rows = [
        [text(language, "CPU", "CPU"), machine["cpu_model"]],
        [text(language, "Logical CPUs (available)", "逻辑 CPU（可用）"), f"{machine['logical_cpus']} ({machine['available_cpus']})"],
        [text(language, "Caches of CPU 0", "CPU 0 的缓存"), caches],
        [text(language, "Memory", "内存"), "—" if memory is None else f"{memory / 2**30:.1f} GiB"],
        [text(language, "System", "系统"), machine["platform"]],
        [text(language, "Python", "Python"), machine["python"]],
    ]
    derivlib_environment = contenders.get("derivlib", {}).get("environment", {})
    rows.append(["NumPy", derivlib_environment.get("numpy", "—")])
    rows.append([text(language, "NumPy's BLAS (threadpoolctl)", "NumPy 的 BLAS（threadpoolctl）"), blas_description(derivlib_environment, language)])
    for key, name in (("torch-autograd", "PyTorch"), ("jax-jit", "JAX")):
        entry = contenders.get(key, {})
        if entry.get("status") == "skipped":
            rows.append([name, text(language, f"skipped: {entry['reason']}", f"跳过：{entry['reason']}")])
            continue
        environment = entry.get("environment", {})
        if key == "torch-autograd" and "torch" in environment:
            torch = environment["torch"]
            rows.append(["PyTorch", f"{torch['version']}, BLAS {torch['blas']}, torch.get_num_threads() = {torch['num_threads']}"])
            rows.append([text(language, "PyTorch's thread pools (threadpoolctl)", "PyTorch 的线程池（threadpoolctl）"), blas_description(environment, language)])
        if key == "jax-jit" and "jax" in environment:
            jax = environment["jax"]
            rows.append(["JAX", f"jax {jax['version']}, jaxlib {jax['jaxlib']}, x64 = {jax['x64']}, {', '.join(jax['devices'])}"])
    bandwidth = raw.get("read_bandwidth")
    if bandwidth:
        methods = ", ".join(f"{name} {rate / 1e9:.1f} GB/s" for name, rate in bandwidth["by_method"].items())
        rows.append(
            [
                text(language, "Read bandwidth (measured)", "读取带宽（实测）"),
                text(
                    language,
                    f"{bandwidth['bytes_per_second'] / 1e9:.1f} GB/s, the faster of {methods} over {bandwidth['array_bytes'] / 2**20:,.0f} MiB",
                    f"{bandwidth['bytes_per_second'] / 1e9:.1f} GB/s，取 {methods} 中较快者，数组大小 {bandwidth['array_bytes'] / 2**20:,.0f} MiB",
                ),
            ]
        )
    variables = ", ".join(f"`{name}={value}`" for name, value in raw["worker_environment"]["set"].items())
    removed = ", ".join(f"`{name}={value}`" for name, value in raw["worker_environment"]["removed"].items())
    rows.append([text(language, "Set in every worker", "每个工作进程都设置"), variables])
    rows.append(
        [
            text(language, "Removed in every worker", "每个工作进程都移除"),
            removed or text(language, "none was set", "均未设置"),
        ]
    )
    lines += table(text(language, ["", "Value"], ["", "值"]), rows)
    lines += [
        "",
        text(
            language,
            "`OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE` make OpenBLAS pick its kernels for a given CPU and cache size; "
            "when they do not match the real CPU, OpenBLAS runs slower kernels, so the workers run without them "
            "(the tests and CI keep the machine's settings).",
            "`OPENBLAS_CORETYPE` 和 `OPENBLAS_L2_SIZE` 让 OpenBLAS 按指定的 CPU 与缓存大小选择内核；"
            "与实际 CPU 不符时 OpenBLAS 会使用更慢的内核，所以工作进程中去掉这两个变量（测试和 CI 保留机器原有的设置）。",
        ),
        "",
    ]
    return lines


def grid_section(raw, language):
    grid = raw["grid"]
    lines = [text(language, "## Grid { #grid }", "## 网格 { #grid }"), ""]
    sizes = ", ".join(f"{n:,}" for n in grid["sizes"])
    lines.append(
        text(
            language,
            f"Every configuration below is timed at n = {sizes}; the per-sample loop only up to n = {grid['per_sample_max_n']:,}.",
            f"下面每个配置都在 n = {sizes} 上计时；逐样本循环只测到 n = {grid['per_sample_max_n']:,}。",
        )
    )
    rows = []
    for model in MODELS:
        chosen = [c for c in grid["configurations"] if c["model"] == model.key]
        if not chosen:
            continue
        ms = ", ".join(str(m) for m in sorted({c["m"] for c in chosen}))
        bs = ", ".join(str(b) for b in sorted({c["b"] for c in chosen})) if model.uses_hidden else "—"
        cs = ", ".join(str(c) for c in sorted({c["c"] for c in chosen}))
        dtypes = ", ".join(sorted({c["dtype"] for c in chosen}, reverse=True))
        rows.append([text(language, model.title, model.title_zh), ms, cs, bs, dtypes])
    lines += ["", *table(text(language, ["Model", "m", "c", "b", "dtype"], ["模型", "m", "c", "b", "dtype"]), rows), ""]
    minutes = raw["seconds"] / 60
    lines.append(
        text(
            language,
            f"Each sample times enough back-to-back calls to last {grid['sample_seconds'] * 1e3:g} ms; a case takes "
            f"{grid['repeat']} samples, or fewer (at least {grid['min_repeat']}) when they would last longer than "
            f"{grid['budget_seconds']:g} s. The whole run took {minutes:.1f} minutes.",
            f"每个样本连续调用足够多次，使其持续约 {grid['sample_seconds'] * 1e3:g} ms；每个情形取 {grid['repeat']} 个样本，"
            f"若总时间会超过 {grid['budget_seconds']:g} s 则减少（至少 {grid['min_repeat']} 个）。整次运行用了 {minutes:.1f} 分钟。",
        )
    )
    lines.append("")
    return lines


def method_section(raw, language):
    lines = [text(language, "## Method { #method }", "## 方法 { #method }"), ""]
    contenders = [
        (
            "derivlib",
            "the model's vectorized `loss_and_gradient` (for logistic regression `cross_entropy_loss_and_gradient`), input checks included.",
            "模型的向量化函数 `loss_and_gradient`（逻辑回归为 `cross_entropy_loss_and_gradient`），包括输入检查。",
        ),
        (
            "derivlib-gram",
            "linear regression only: one step of `gram_loss_and_gradient` from X^T X, X^T y and y^T y, which `gram_matrices` computes once before the timing (that one-time cost is `setup_seconds` in results.json).",
            "仅线性回归：用 `gram_matrices` 在计时前一次性算出 X^T X、X^T y 和 y^T y，再计时 `gram_loss_and_gradient` 的一步（一次性的开销记录在 results.json 的 `setup_seconds` 中）。",
        ),
        (
            "per-sample",
            "derivlib's `per_sample_gradient`, a Python loop over the samples; it returns the gradient only.",
            "derivlib 的 `per_sample_gradient`，在 Python 中逐个样本循环；它只返回梯度。",
        ),
        (
            "torch-autograd",
            "the loss in PyTorch on the CPU, differentiated by `torch.autograd.grad`.",
            "在 CPU 上用 PyTorch 写出损失，再用 `torch.autograd.grad` 求导。",
        ),
        (
            "torch-formula",
            "the same hand formula as derivlib, in PyTorch under `torch.no_grad()`: the gap to autograd is autograd's overhead, the gap to derivlib is mostly the BLAS library.",
            "在 PyTorch 中于 `torch.no_grad()` 下执行与 derivlib 相同的手写公式：它与自动微分之差是自动微分的开销，与 derivlib 之差主要来自 BLAS 库。",
        ),
        (
            "jax-jit",
            "`jax.jit(jax.value_and_grad(loss))` with `jax_enable_x64`, compiled for each shape before it is timed; each call waits with `block_until_ready`.",
            "开启 `jax_enable_x64` 的 `jax.jit(jax.value_and_grad(loss))`，每种形状在计时前先编译；每次调用都用 `block_until_ready` 等待结果。",
        ),
        (
            "floor-products",
            "the matrix products that the gradient cannot avoid, alone, in NumPy, with the same shapes, dtype and memory layout, into preallocated outputs.",
            "梯度无法省去的矩阵乘积本身，用 NumPy 计算，形状、dtype 和内存布局都相同，输出写入预先分配的数组。",
        ),
        (
            "floor-bandwidth",
            "the bytes that those products read, divided by the measured read bandwidth: the time to read the data once per product.",
            "这些乘积要读取的字节数除以实测的读取带宽：每个乘积把数据读一遍所需的时间。",
        ),
    ]
    for key, en, zh in contenders:
        label = {"floor-bandwidth": text(language, "bandwidth floor", "带宽下限")}.get(key)
        if label is None:
            contender = CONTENDERS_BY_KEY[key]
            label = text(language, contender.label, contender.label_zh)
        lines.append(text(language, f"- **{label}** (`{key}`): {en}", f"- **{label}**（`{key}`）：{zh}"))
    lines.append("")
    lines.append(text(language, "The products of each floor, per model:", "各模型下限中的矩阵乘积："))
    lines.append("")
    for model in MODELS:
        products = ", ".join(f"`{product}`" for product in model.products)
        lines.append(text(language, f"- {model.title}: {products}", f"- {model.title_zh}：{products}"))
    lines += [
        "",
        text(
            language,
            "Each contender runs in a worker process of its own, one after the other, with the same thread count. "
            "Time is measured with `time.perf_counter`; the first call is a warm-up, and the tables show the median "
            "of the samples (minimum and maximum are in results.json).",
            "每个对比对象都在自己的工作进程中依次运行，线程数相同。"
            "用 `time.perf_counter` 计时；第一次调用用于预热，表中是各样本的中位数（最小值与最大值见 results.json）。",
        ),
        text(
            language,
            "X is standard normal, drawn from a fixed seed, and is the same array for every contender. "
            "For the multi-class models derivlib gets class ids (n,), its cheapest documented input, and the others get one-hot Y (n, c).",
            "X 为标准正态分布，用固定种子生成，所有对比对象使用同一个数组。"
            "多分类模型中 derivlib 接收类别编号 (n,)，这是它文档中开销最小的输入，其他对比对象接收独热矩阵 Y (n, c)。",
        ),
    ]
    lines += agreement_lines(raw, language)
    lines.append("")
    return lines


def agreement_lines(raw, language):
    checked = [row for row in raw["results"] if row.get("agreement")]
    if not checked:
        return []
    worst = max(checked, key=lambda row: row["agreement"]["gradient_error"] / row["agreement"]["tolerance"])
    failed = [row for row in checked if not row["agreement"]["agrees"]]
    lines = [
        text(
            language,
            f"At the smallest n of every configuration, each contender's loss and gradient were compared with derivlib's: "
            f"{len(checked)} comparisons, {len(failed)} outside the tolerance (relative error 1e-8 in float64, 1e-3 in float32); "
            f"the largest gradient error was {worst['agreement']['gradient_error']:.1e} ({worst['contender']}, {worst['model']}, {worst['dtype']}).",
            f"在每个配置最小的 n 上，把每个对比对象的损失和梯度与 derivlib 的结果比较："
            f"共 {len(checked)} 次比较，{len(failed)} 次超出容差（float64 相对误差 1e-8，float32 为 1e-3）；"
            f"最大的梯度误差为 {worst['agreement']['gradient_error']:.1e}（{worst['contender']}，{worst['model']}，{worst['dtype']}）。",
        )
    ]
    for row in failed:
        lines.append(f"- {row['contender']}, {row['model']}, m = {row['m']}, {row['dtype']}: {row['agreement']}")
    return lines


def model_section(results, model, language):
    cases = results.cases(model.key)
    lines = [f"### {text(language, model.title, model.title_zh)} {{ #{model.key} }}", ""]
    if not cases:
        skipped = [row for row in results.raw["skipped"] if row["model"] == model.key]
        reason = skipped[0]["reason"] if skipped else text(language, "not in this grid", "不在本次网格中")
        lines += [text(language, f"Not measured: {reason}.", f"未测量：{reason}。"), ""]
        return lines
    image = f"{ASSETS.as_posix()}/{model.key}.png"
    alt = text(language, f"Time per call against n for {model.title}", f"{model.title_zh}每次调用的时间随 n 的变化")
    lines += [f"![{alt}]({image})", ""]
    header = [text(language, "dtype", "dtype"), "m"]
    if model.uses_hidden:
        header.append("b")
    header += [
        "n",
        "derivlib",
        text(language, "÷ product floor", "÷ 乘积下限"),
        text(language, "÷ bandwidth floor", "÷ 带宽下限"),
    ]
    # A contender gets a column only where it ran on this model.
    columns = [key for key in TABLE_CONTENDERS if any(results.seconds(key, case) is not None for case in cases)]
    header += [text(language, CONTENDERS_BY_KEY[key].label, CONTENDERS_BY_KEY[key].label_zh) for key in columns]
    rows = []
    for case in cases:
        _, m, b, dtype, n = case
        row = [dtype, m] + ([b] if model.uses_hidden else [])
        row += [
            f"{n:,}",
            format_seconds(results.seconds("derivlib", case)),
            format_ratio(results.ratio_to_floor("floor-products", case)),
            format_ratio(results.ratio_to_floor("floor-bandwidth", case)),
        ]
        row += [format_ratio(results.ratio_to_derivlib(key, case)) for key in columns]
        rows.append(row)
    lines += table(header, rows)
    lines.append("")
    return lines


def results_section(results, language):
    lines = [
        text(language, "## Results { #results }", "## 结果 { #results }"),
        "",
        text(
            language,
            "In each table, derivlib's column is its median time per call; a floor column is derivlib's time over "
            "the floor's (1x is the floor); every other column is that contender's time over derivlib's "
            "(above 1x, derivlib is faster). A dash marks a case that was not run.",
            "每个表中，derivlib 一列是它每次调用的时间中位数；下限各列是 derivlib 的时间除以下限（1x 即达到下限）；"
            "其余各列是该对比对象的时间除以 derivlib 的时间（大于 1x 表示 derivlib 更快）。短横线表示该情形没有运行。",
        ),
        text(
            language,
            "In the plots, solid lines are contenders and dashed lines are the floors; the legend is in English.",
            "图中实线是各对比对象，虚线是两种下限；图例为英文：derivlib、"
            "derivlib, precomputed Gram matrix（预先计算 Gram 矩阵）、per-sample loop（逐样本循环）、"
            "PyTorch autograd（自动微分）、PyTorch, hand formula（手写公式）、JAX、"
            "floor: matrix products alone（仅矩阵乘积）、floor: bytes read / read bandwidth（读取字节数 / 读取带宽）。",
        ),
        "",
    ]
    for model in MODELS:
        lines += model_section(results, model, language)
    return lines


def timings_section(raw, language):
    lines = [text(language, "## Workflow timings { #timings }", "## 日常命令的耗时 { #timings }"), ""]
    timings = raw.get("timings")
    if not timings:
        lines += [
            text(
                language,
                "Not measured in this run; `python -m derivlib.benchmarks timings` measures them.",
                "本次运行没有测量；`python -m derivlib.benchmarks timings` 会测量这些时间。",
            ),
            "",
        ]
        return lines
    lines.append(
        text(
            language,
            f"Measured at {timings['created']} on the same machine, with the machine's own environment; "
            f"the 1-minute load average was {timings['load_average'][0]:.2f} at the start.",
            f"测量于 {timings['created']}，同一台机器，使用机器原有的环境变量；开始时 1 分钟平均负载为 {timings['load_average'][0]:.2f}。",
        )
    )
    for step in timings["steps"]:
        if "created" in step:
            lines.append(
                text(
                    language,
                    f"The row `{step['command']}` was measured again at {step['created']}, when the 1-minute load "
                    f"average was {step['load_average'][0]:.2f}.",
                    f"`{step['command']}` 一行于 {step['created']} 重新测量，当时 1 分钟平均负载为 {step['load_average'][0]:.2f}。",
                )
            )
    lines.append("")
    rows = []
    for step in timings["steps"]:
        seconds = step.get("seconds")
        if seconds is None:
            result = text(language, "not measured", "未测量")
        elif step["returncode"] != 0:
            result = text(language, f"failed (exit code {step['returncode']})", f"失败（退出码 {step['returncode']}）")
        else:
            result = text(language, "met", "达到") if seconds <= step["target_seconds"] else text(language, "missed", "未达到")
        rows.append(
            [
                f"`{step['command']}`",
                "—" if seconds is None else f"{seconds:.1f} s",
                f"< {step['target_seconds']:g} s",
                result,
                text(language, step.get("detail", ""), step.get("detail_zh", step.get("detail", ""))),
            ]
        )
    lines += table(text(language, ["Command", "Wall time", "Target", "Result", "Notes"], ["命令", "耗时", "目标", "结果", "说明"]), rows)
    lines.append("")
    lines += timing_explanations(timings["steps"], language)
    return lines


def timing_explanations(steps, language):
    """Say, for each missed workflow target, where its time goes."""
    by_key = {step["key"]: step for step in steps}
    missed = {
        key for key, step in by_key.items()
        if step.get("seconds") is not None and step["seconds"] > step["target_seconds"]
    }
    if not missed:
        return []
    notebooks = by_key.get("rebuild", {}).get("notebooks") or {}
    notebook_seconds = sum(notebooks.values())
    build = by_key.get("build", {}).get("seconds")

    items = []
    if "verify" in missed:
        items.append(text(
            language,
            "**verify** proves every step of ten derivations with SymPy and evaluates each batch gradient "
            "symbolically, one model per process on the two CPUs. The models with the largest symbolic batches "
            "(the two networks and softmax regression) take most of the time, so a third CPU would not halve it; "
            "caching results between runs would, but then the command would no longer check the current sources.",
            "**verify** 用 SymPy 证明十个推导的每一步，并对每个批量梯度做符号求值，两个 CPU 上每个进程处理一个模型。"
            "符号批量最大的几个模型（两个网络和 softmax 回归）占了大部分时间，所以再多一个 CPU 也不能让时间减半；"
            "在两次运行之间缓存结果可以，但那样这条命令就不再检查当前的源代码了。",
        ))

    if "build" in missed and build is not None and notebook_seconds:
        items.append(text(
            language,
            f"**The cold build** executes the {len(notebooks)} lab notebooks (each lab in both languages), which "
            f"train the models on real data; executed alone they take {notebook_seconds:.1f} s of the "
            f"{build:.1f} s. The Chinese run of a lab loads the English run's results, so the build runs each "
            "experiment once, one after another: mkdocs-jupyter converts the pages in sequence. The pages without "
            "labs build in seconds (`DERIVLIB_EXECUTE_LABS=false`).",
            f"**冷构建**要执行 {len(notebooks)} 个实验笔记本（每个实验中英文各一个），它们在真实数据上训练模型；"
            f"单独执行它们就要 {notebook_seconds:.1f} s，而整个构建是 {build:.1f} s。"
            "中文笔记本直接读取英文笔记本的实验结果，所以每个实验在构建中只运行一次，但 mkdocs-jupyter 逐页转换，"
            "实验只能一个接一个地运行。不含实验的页面几秒内即可构建完成（`DERIVLIB_EXECUTE_LABS=false`）。",
        ))

    if "tests" in missed:
        items.append(text(
            language,
            "**The test command** contains a cold strict build of the site (the row above) and a second build for "
            "the reproducibility test. It opens every page in both languages in headless Chromium at two widths, "
            "runs 200 hypothesis examples per model, the SymPy checks of every derivation and the smoke run of this "
            "benchmark.",
            "**测试命令**包含一次严格模式的冷构建（上一行）、可复现性测试的第二次构建、在无头 Chromium 中以两种宽度打开中英文的每个页面、"
            "每个模型 200 个 hypothesis 样例、每个推导的 SymPy 检查，以及本基准的冒烟运行。",
        ))

    if "rebuild" in missed:
        items.append(text(
            language,
            "**The live rebuild** renders every page of both languages again after any edit, because MkDocs "
            "rebuilds the whole site. The labs come from the execution cache, so the rebuild executes no notebook "
            "(the Notes column counts them): its time goes to rendering the pages, their equations and the search "
            "index again.",
            "**实时重建**在任何一次修改之后都要重新渲染两种语言的全部页面，因为 MkDocs 会重建整个站点。"
            "实验笔记本取自执行缓存，所以重建不执行任何笔记本（“说明”一列给出了数量）：时间花在重新渲染页面、公式和搜索索引上。",
        ))

    header = text(language, "Where the missed targets lose their time:", "未达到的目标把时间花在了哪里：")
    return [header, "", *(f"- {item}" for item in items), ""]


def reproduce_section(language):
    return [
        text(language, "## Reproduce { #reproduce }", "## 复现 { #reproduce }"),
        "",
        text(
            language,
            "PyTorch and JAX are optional; without them their columns stay empty. Install the pinned versions, then run the suite:",
            "PyTorch 和 JAX 是可选的；没有安装时它们的列为空。先安装固定版本，再运行：",
        ),
        "",
        "```bash",
        ".venv/bin/python -m pip install -r requirements-bench.txt",
        ".venv/bin/python -m derivlib.benchmarks run             # "
        + text(language, "the grid above, then this page", "上述网格，然后生成本页"),
        ".venv/bin/python -m derivlib.benchmarks run --timings   # "
        + text(language, "also the workflow timings", "同时测量日常命令的耗时"),
        ".venv/bin/python -m derivlib.benchmarks run --smoke     # "
        + text(language, "a tiny grid into a temporary folder", "在临时目录中运行一个很小的网格"),
        ".venv/bin/python -m derivlib.benchmarks timings --steps build   # "
        + text(language, "time one workflow step again, keep the rest", "只重新测量一项日常命令，其余保留"),
        "```",
        "",
        text(
            language,
            "Run it on a quiet machine: another process on the same CPUs slows the BLAS threads unevenly.",
            "请在空闲的机器上运行：同一 CPU 上的其他进程会不均匀地拖慢 BLAS 线程。",
        ),
        "",
    ]


def render(raw, language):
    """Return the page in ``language`` ("en" or "zh") as markdown text."""
    results = analysis.Results(raw)
    lines = introduction(raw, language)
    lines += targets_section(results, language)
    lines += findings.section(results, language)
    lines += setup_section(raw, language)
    lines += grid_section(raw, language)
    lines += method_section(raw, language)
    lines += results_section(results, language)
    lines += timings_section(raw, language)
    lines += reproduce_section(language)
    return "\n".join(one_sentence_per_line(lines)).rstrip() + "\n"


def write(raw, docs_dir):
    """Write results.json, the plots and both pages under ``docs_dir``; return the paths written."""
    docs_dir = Path(docs_dir)
    assets = docs_dir / ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    written = [assets / RESULTS_FILE]
    written[0].write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    results = analysis.Results(raw)
    for model in MODELS:
        path = assets / f"{model.key}.png"
        if plots.plot_model(results, model, path):
            written.append(path)
    for language in LANGUAGES:
        suffix = "" if language == "en" else f".{language}"
        path = docs_dir / f"{PAGE}{suffix}.md"
        path.write_text(render(raw, language), encoding="utf-8")
        written.append(path)
    return written
