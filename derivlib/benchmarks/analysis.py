"""Ratios between contenders, and the targets of the page checked against one run.

Every ratio is a ratio of medians from the same run. A contender's ratio to
derivlib is its time over derivlib's, so above 1 derivlib is faster. A floor
ratio is derivlib's time over the floor's, so 1 is the floor itself.
"""

from dataclasses import dataclass

from .models import MODELS_BY_KEY

# Targets that hold "from n = 4,096 up": below it, fixed per-call costs of
# each library dominate.
LARGE_N = 4096


def case_key(row):
    return (row["model"], row["m"], row["b"], row["dtype"], row["n"])


class Results:
    """Median seconds per call, looked up by contender and case."""

    def __init__(self, results):
        self.raw = results
        self.median = {}
        for row in results["results"]:
            self.median[(row["contender"], *case_key(row))] = row["timing"]["median"]

    def seconds(self, contender, case):
        return self.median.get((contender, *case))

    def ratio_to_derivlib(self, contender, case):
        """Return contender / derivlib, or None where either was not measured."""
        mine = self.seconds("derivlib", case)
        theirs = self.seconds(contender, case)
        return None if mine is None or theirs is None else theirs / mine

    def ratio_to_floor(self, floor, case):
        """Return derivlib / floor, or None where either was not measured."""
        mine = self.seconds("derivlib", case)
        bound = self.seconds(floor, case)
        return None if mine is None or bound is None else mine / bound

    def cases(self, model=None):
        """Return every case that derivlib was timed on, sorted by dtype, m, b and n."""
        found = {
            case_key(row)
            for row in self.raw["results"]
            if row["contender"] == "derivlib" and (model is None or row["model"] == model)
        }
        order = {"float64": 0, "float32": 1}
        return sorted(found, key=lambda case: (case[0], order.get(case[3], 2), case[1], case[2], case[4]))

    def largest_n(self, model):
        sizes = [case[4] for case in self.cases(model)]
        return max(sizes) if sizes else None


@dataclass(frozen=True)
class Target:
    """One target of the page, with the worst measured value over the cases it covers."""

    key: str
    text: str
    text_zh: str
    ratio: str
    ratio_zh: str
    bound: float
    higher_is_better: bool
    worst: float | None = None
    worst_case: tuple | None = None
    cases: int = 0
    missed: int = 0

    @property
    def status(self):
        if self.worst is None:
            return "not measured"
        return "met" if self.missed == 0 else "missed"


def evaluate(target, values):
    """Fill ``target`` from (case, value) pairs, skipping values that were not measured."""
    values = [(case, value) for case, value in values if value is not None]
    if not values:
        return target
    pick = min if target.higher_is_better else max
    worst_case, worst = pick(values, key=lambda item: item[1])
    if target.higher_is_better:
        missed = sum(value < target.bound for _, value in values)
    else:
        missed = sum(value > target.bound for _, value in values)
    return Target(
        target.key, target.text, target.text_zh, target.ratio, target.ratio_zh, target.bound,
        target.higher_is_better, worst, worst_case, len(values), missed,
    )


def targets(results, per_sample_n):
    """Check every target of the page against ``results`` and return them in page order."""
    cases = results.cases()
    by_floor = {
        floor: [case for case in cases if MODELS_BY_KEY[case[0]].target_floor == floor]
        for floor in ("bandwidth", "products")
    }
    largest = {model: results.largest_n(model) for model in {case[0] for case in cases}}
    networks = [case for case in cases if MODELS_BY_KEY[case[0]].uses_hidden and case[4] >= LARGE_N]
    return [
        evaluate(
            Target(
                "per-sample",
                f"at least 100x faster than the per-sample loop at n = {per_sample_n:,}",
                f"在 n = {per_sample_n:,} 时至少比逐样本循环快 100 倍",
                "per-sample / derivlib", "逐样本 / derivlib",
                100, True,
            ),
            [(case, results.ratio_to_derivlib("per-sample", case)) for case in cases if case[4] == per_sample_n],
        ),
        evaluate(
            Target(
                "bandwidth-floor",
                "linear and logistic regression within 1.1x of the bandwidth floor, at the largest n",
                "线性回归与逻辑回归在最大的 n 上不超过带宽下限的 1.1 倍",
                "derivlib / bandwidth floor", "derivlib / 带宽下限",
                1.1, False,
            ),
            [
                (case, results.ratio_to_floor("floor-bandwidth", case))
                for case in by_floor["bandwidth"]
                if case[4] == largest[case[0]]
            ],
        ),
        evaluate(
            Target(
                "product-floor",
                "softmax regression and both networks within 1.3x of their matrix-product floor, at the largest n",
                "Softmax 回归与两个网络在最大的 n 上不超过矩阵乘积下限的 1.3 倍",
                "derivlib / product floor", "derivlib / 矩阵乘积下限",
                1.3, False,
            ),
            [
                (case, results.ratio_to_floor("floor-products", case))
                for case in by_floor["products"]
                if case[4] == largest[case[0]]
            ],
        ),
        evaluate(
            Target(
                "torch-autograd",
                f"faster than PyTorch autograd on every model and size from n = {LARGE_N:,} up",
                f"从 n = {LARGE_N:,} 起，每个模型、每个规模都比 PyTorch 自动微分快",
                "PyTorch autograd / derivlib", "PyTorch 自动微分 / derivlib",
                1.0, True,
            ),
            [(case, results.ratio_to_derivlib("torch-autograd", case)) for case in cases if case[4] >= LARGE_N],
        ),
        evaluate(
            Target(
                "jax-float64",
                f"networks in float64 no slower than JAX jit, from n = {LARGE_N:,} up",
                f"网络在 float64 下不慢于 JAX jit（从 n = {LARGE_N:,} 起）",
                "JAX / derivlib", "JAX / derivlib",
                1.0, True,
            ),
            [(case, results.ratio_to_derivlib("jax-jit", case)) for case in networks if case[3] == "float64"],
        ),
        evaluate(
            Target(
                "jax-float32",
                f"networks in float32 within 1.5x of JAX jit, from n = {LARGE_N:,} up",
                f"网络在 float32 下不超过 JAX jit 的 1.5 倍（从 n = {LARGE_N:,} 起）",
                "derivlib / JAX", "derivlib / JAX",
                1.5, False,
            ),
            [
                (case, None if (ratio := results.ratio_to_derivlib("jax-jit", case)) is None else 1 / ratio)
                for case in networks
                if case[3] == "float32"
            ],
        ),
    ]
