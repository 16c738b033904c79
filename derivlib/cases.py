"""Extreme and invalid inputs for every model, with the outcome each must have.

One list serves two readers. ``tests/test_cases.py`` runs every case and
fails when its outcome differs from the expected one. The site hook
``derivlib/site/case_tables.py`` runs the same cases at build time and shows
them on the numerical-notes page (``{{ cases MODEL }}``). So the page cannot
show an outcome that the code does not have.

A case calls one public function with fixed arguments. It expects either

- ``Finite``: the call returns finite numbers equal to the stated values
  (exactly, or within ``rtol``) and in the stated dtype; or
- ``Rejected``: the call raises ``ValueError`` whose message names the
  argument and contains the stated key words (the problem and the fix).

A warning counts as a failure: ``run`` turns warnings and NumPy's overflow,
division and invalid-value flags into errors. Underflow to 0 is allowed,
because a probability below the smallest float rounds to 0 by design.
"""

import re
import warnings
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import (
    linear_regression,
    logistic_regression,
    multiclass_perceptron,
    perceptron,
    relu_softmax_network,
    sigmoid_network,
    softmax_regression,
)

# Model keys, the same as in derivlib.symbolic.REGISTRY, in page order.
MODELS = (
    "linear-regression",
    "logistic-ce",
    "logistic-se",
    "perceptron",
    "multiclass-perceptron",
    "softmax-regression",
    "sigmoid-network",
    "relu-softmax-network",
)

# The topic of each case. tests/test_cases.py requires every model to cover
# the topics that apply to it.
TOPICS = (
    "large-logits",
    "sigmoid-inputs",
    "saturated",
    "ties",
    "single-sample",
    "float32",
    "label-form",
    "shape",
    "dtype",
    "nan-inf",
    "labels",
    "one-hot",
    "empty",
)

LN2 = float(np.log(2.0))
LN3 = float(np.log(3.0))


@dataclass(frozen=True)
class Finite:
    """The call returns finite numbers equal to ``value``.

    ``value`` mirrors the result: a float for a loss, an array for a gradient
    or a prediction, and tuples of those, as the function returns them.
    ``dtype`` is the dtype of every returned array (float64 unless stated).
    """

    value: object
    dtype: type = np.float64
    rtol: float = 0.0


@dataclass(frozen=True)
class Rejected:
    """The call raises ``ValueError`` naming ``argument``, with every string of ``words`` in its message."""

    argument: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """One input of one model and its expected outcome.

    ``arguments`` are passed by keyword, in order, to ``function``, and the
    page shows them as the input.
    """

    id: str
    model: str
    topic: str
    en: str
    zh: str
    function: Callable
    arguments: dict
    expect: Finite | Rejected

    @property
    def kind(self):
        """``"extreme"`` for input that must work, ``"invalid"`` for input that must be rejected."""
        return "extreme" if isinstance(self.expect, Finite) else "invalid"


@dataclass(frozen=True)
class Observation:
    """The outcome of one call: the returned ``result``, the raised ``error`` or the ``warning``."""

    result: object = None
    error: BaseException | None = None
    warning: str | None = None


class CaseFailure(AssertionError):
    """A case whose observed outcome differs from its expected one."""


def run(case):
    """Call the case's function with its arguments and record the outcome.

    Warnings are raised as errors, and so are NumPy's overflow, division by
    zero and invalid-value flags. Both are recorded as ``warning``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            try:
                return Observation(result=case.function(**case.arguments))
            except (Warning, FloatingPointError) as caught:
                return Observation(warning=f"{type(caught).__name__}: {caught}")
            except Exception as caught:  # noqa: BLE001 - every exception is an observed outcome
                return Observation(error=caught)


def check(case):
    """Run ``case`` and return its ``Observation``; raise ``CaseFailure`` if the outcome is wrong."""
    observation = run(case)
    if observation.warning is not None:
        raise CaseFailure(f"{case.model}/{case.id}: warned instead of a clean outcome: {observation.warning}")
    if isinstance(case.expect, Rejected):
        check_rejected(case, observation)
    else:
        check_finite(case, observation)
    return observation


def check_rejected(case, observation):
    expect = case.expect
    if observation.error is None:
        raise CaseFailure(
            f"{case.model}/{case.id}: expected ValueError naming {expect.argument!r}, "
            f"but the call returned {describe_value(observation.result)}"
        )
    if type(observation.error) is not ValueError:
        raise CaseFailure(
            f"{case.model}/{case.id}: expected ValueError, got "
            f"{type(observation.error).__name__}: {observation.error}"
        )
    message = str(observation.error)
    if not names_argument(message, expect.argument):
        raise CaseFailure(f"{case.model}/{case.id}: the message does not name {expect.argument!r}: {message}")
    missing = [word for word in expect.words if word not in message]
    if missing:
        raise CaseFailure(f"{case.model}/{case.id}: the message lacks {missing}: {message}")


def names_argument(message, argument):
    """Return whether ``argument`` occurs in ``message`` as a name, not inside another word."""
    return re.search(rf"(?<![\w.]){re.escape(argument)}(?!\w)", message) is not None


def check_finite(case, observation):
    if observation.error is not None:
        raise CaseFailure(
            f"{case.model}/{case.id}: expected a finite result, got "
            f"{type(observation.error).__name__}: {observation.error}"
        )
    try:
        assert_matches(observation.result, case.expect.value, case.expect, "result")
    except CaseFailure as failure:
        raise CaseFailure(f"{case.model}/{case.id}: {failure}") from None


def assert_matches(observed, expected, expect, path):
    """Compare a result with its expected value, part by part; raise ``CaseFailure`` on a difference."""
    if isinstance(expected, tuple):
        if not isinstance(observed, tuple) or len(observed) != len(expected):
            raise CaseFailure(f"{path} is {describe_value(observed)}; expected a tuple of {len(expected)}")
        for index, (observed_part, expected_part) in enumerate(zip(observed, expected)):
            assert_matches(observed_part, expected_part, expect, f"{path}[{index}]")
        return
    if isinstance(expected, float):
        if not isinstance(observed, float):
            raise CaseFailure(f"{path} is a {type(observed).__name__}; expected a float")
        if not np.isfinite(observed):
            raise CaseFailure(f"{path} is {observed}; expected a finite float")
        if not np.isclose(observed, expected, rtol=expect.rtol, atol=0.0):
            raise CaseFailure(f"{path} is {observed!r}; expected {expected!r} (rtol {expect.rtol})")
        return
    expected = np.asarray(expected)
    if not isinstance(observed, np.ndarray):
        raise CaseFailure(f"{path} is a {type(observed).__name__}; expected an array")
    if observed.shape != expected.shape:
        raise CaseFailure(f"{path} has shape {observed.shape}; expected {expected.shape}")
    if np.issubdtype(expected.dtype, np.floating) and observed.dtype != expect.dtype:
        raise CaseFailure(f"{path} has dtype {observed.dtype}; expected {np.dtype(expect.dtype)}")
    if np.issubdtype(observed.dtype, np.inexact) and not np.all(np.isfinite(observed)):
        raise CaseFailure(f"{path} has a non-finite entry: {describe_value(observed)}")
    if not np.allclose(observed, expected, rtol=expect.rtol, atol=0.0):
        raise CaseFailure(f"{path} is {describe_value(observed)}; expected {describe_value(expected)}")


# --- Formatting, for messages and the page -------------------------------------------


def format_number(value):
    """Format one array entry: floats keep a decimal point, so 2.0 and 2 differ."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):g}"
        if re.fullmatch(r"-?\d+", text):
            text += ".0"
        return text
    return repr(value)


def format_nested(value):
    if isinstance(value, list):
        return "[" + ", ".join(format_nested(item) for item in value) + "]"
    return format_number(value)


def describe_value(value, max_size=8):
    """Describe an argument or a result in one line: its values, or its shape when large."""
    if isinstance(value, tuple):
        return "(" + ", ".join(describe_value(part, max_size) for part in value) + ")"
    if isinstance(value, float):
        return format_number(value)
    array = np.asarray(value)
    if array.size == 0:
        text = f"empty, shape {array.shape}"
    elif array.size > max_size:
        text = f"shape {array.shape}"
    else:
        text = format_nested(array.tolist())
    if array.dtype not in (np.float64, np.int64) and array.dtype.kind in "fcbU":
        text += f" ({array.dtype})"
    return text


def describe_call(case):
    """Describe the call of a case, such as ``loss_and_gradient(X=[[1.0]], y=[0], theta=[[1.0]])``."""
    arguments = ", ".join(f"{name}={describe_value(value)}" for name, value in case.arguments.items())
    return f"{case.function.__name__}({arguments})"


# --- The cases -------------------------------------------------------------------------

CASES: list[Case] = []


def add(model, id, topic, en, zh, function, expect, **arguments):
    CASES.append(Case(id, model, topic, en, zh, function, arguments, expect))


def f32(value):
    return np.asarray(value, dtype=np.float32)


def arr(value):
    return np.asarray(value, dtype=np.float64)


# NOTE: every expected value below is worked out by hand from the model's
# formulas; a comment gives the arithmetic where it is not obvious.

# Linear regression: h = X theta, L = 1/2 sum (h - y)^2, gradient X^T (h - y).
model = "linear-regression"
fit = linear_regression.loss_and_gradient
add(model, "large-h", "large-logits",
    "Predictions of ±10^4: the loss is 10^8 and stays finite.",
    "预测值为 ±10^4：损失为 10^8，仍是有限值。",
    fit, Finite((1e8, arr([[0.0], [2e8]]))),
    X=arr([[1.0, 1e4], [1.0, -1e4]]), y=arr([0.0, 0.0]), theta=arr([[0.0], [1.0]]))
add(model, "single-sample", "single-sample",
    "A single sample (n = 1).",
    "只有一个样本（n = 1）。",
    # h = 1.5, h - y = -1.5, L = 1.125, gradient = -1.5 x.
    fit, Finite((1.125, arr([[-1.5], [-3.0]]))),
    X=arr([[1.0, 2.0]]), y=arr([3.0]), theta=arr([[0.5], [0.5]]))
add(model, "y-flat", "label-form",
    "Targets of shape (n,) are read as the column (n, 1), not broadcast.",
    "形状为 (n,) 的目标值按列 (n, 1) 读取，不做广播。",
    fit, Finite((2.5, arr([[-3.0], [-8.0]]))),
    X=arr([[1.0, 2.0], [1.0, 3.0]]), y=arr([1.0, 2.0]), theta=arr([[0.0], [0.0]]))
add(model, "float32", "float32",
    "float32 features and parameters stay float32.",
    "float32 的特征和参数保持 float32。",
    fit, Finite((2.5, arr([[-3.0], [-8.0]])), dtype=np.float32, rtol=1e-6),
    X=f32([[1.0, 2.0], [1.0, 3.0]]), y=np.array([1, 2]), theta=f32([[0.0], [0.0]]))
add(model, "predict-single-sample", "single-sample",
    "predict on a single sample returns h = x theta as a (1, 1) array.",
    "predict 对单个样本返回 h = x theta，形状为 (1, 1)。",
    linear_regression.predict, Finite(arr([[1.5]])),
    X=arr([[1.0, 2.0]]), theta=arr([[0.5], [0.5]]))
add(model, "predict-theta-columns", "shape",
    "predict with parameters of two columns.",
    "predict 的参数有两列。",
    linear_regression.predict, Rejected("theta", ("expected (2, 1)", "2 = X.shape[1] rows")),
    X=arr([[1.0, 2.0]]), theta=np.zeros((2, 2)))
add(model, "x-1d", "shape",
    "Features given as a 1-D array.",
    "特征以一维数组给出。",
    fit, Rejected("X", ("expected a 2-D array", "X.reshape(1, -1)")),
    X=arr([1.0, 2.0]), y=arr([1.0]), theta=arr([[0.0], [0.0]]))
add(model, "theta-1d", "shape",
    "Parameters given as a 1-D array.",
    "参数以一维数组给出。",
    fit, Rejected("theta", ("expected the 2-D shape (2, 1)", "theta.reshape(2, -1)")),
    X=arr([[1.0, 2.0]]), y=arr([1.0]), theta=arr([0.0, 0.0]))
add(model, "y-rows", "shape",
    "More targets than samples.",
    "目标值比样本多。",
    fit, Rejected("y", ("3 rows but X has 2", "one target per row of X")),
    X=arr([[1.0], [2.0]]), y=arr([1.0, 2.0, 3.0]), theta=arr([[0.0]]))
add(model, "x-strings", "dtype",
    "Features given as strings.",
    "特征是字符串。",
    fit, Rejected("X", ("expected real numbers", "np.asarray(X, dtype=float)")),
    X=np.array([["1", "2"]]), y=arr([1.0]), theta=arr([[0.0], [0.0]]))
add(model, "x-nan", "nan-inf",
    "A NaN among the features.",
    "特征中有 NaN。",
    fit, Rejected("X", ("contains nan", "must be finite")),
    X=arr([[1.0, np.nan]]), y=arr([1.0]), theta=arr([[0.0], [0.0]]))
add(model, "x-nan-last-row", "nan-inf",
    "A NaN in the last row, which the loss computation finds (only the first row is scanned up front).",
    "NaN 在最后一行，由损失的计算发现（预先只扫描第一行）。",
    fit, Rejected("X", ("contains nan at index (2, 0)", "must be finite")),
    X=arr([[1.0], [2.0], [np.nan]]), y=arr([1.0, 2.0, 3.0]), theta=arr([[0.5]]))
add(model, "theta-inf", "nan-inf",
    "An infinite parameter.",
    "参数中有无穷大。",
    fit, Rejected("theta", ("contains inf", "must be finite")),
    X=arr([[1.0, 2.0]]), y=arr([1.0]), theta=arr([[np.inf], [0.0]]))
add(model, "y-nan", "nan-inf",
    "A NaN target.",
    "目标值中有 NaN。",
    fit, Rejected("y", ("contains nan", "must be finite")),
    X=arr([[1.0, 2.0]]), y=arr([np.nan]), theta=arr([[0.0], [0.0]]))
add(model, "empty-batch", "empty",
    "An empty batch (n = 0).",
    "空批量（n = 0）。",
    fit, Rejected("X", ("the batch is empty", "at least one sample")),
    X=np.zeros((0, 2)), y=np.zeros(0), theta=arr([[0.0], [0.0]]))

# Logistic regression with the cross-entropy: L = sum softplus(h_hat) - y h_hat.
model = "logistic-ce"
fit = logistic_regression.cross_entropy_loss_and_gradient
add(model, "logits-1e4-right", "large-logits",
    "Logits of ±10^4 on the right side: the loss and gradient are exactly 0.",
    "logit 为 ±10^4 且判断正确：损失和梯度都恰好为 0。",
    fit, Finite((0.0, arr([[0.0], [0.0]]))),
    X=arr([[1.0, 1e4], [1.0, -1e4]]), y=np.array([1, 0]), theta=arr([[0.0], [1.0]]))
add(model, "logits-1e4-wrong", "large-logits",
    "Logits of ±10^4 on the wrong side: the loss is the sum of |h_hat|, 2·10^4.",
    "logit 为 ±10^4 且判断错误：损失等于各 |ĥ| 之和，即 2·10^4。",
    # h - y = [1, -1], gradient = X^T [1, -1] = [0, 2e4].
    fit, Finite((2e4, arr([[0.0], [2e4]]))),
    X=arr([[1.0, 1e4], [1.0, -1e4]]), y=np.array([0, 1]), theta=arr([[0.0], [1.0]]))
add(model, "sigmoid-1000", "sigmoid-inputs",
    "Sigmoid inputs of ±1000, both wrongly judged.",
    "sigmoid 的输入为 ±1000，两个样本都判错。",
    fit, Finite((2000.0, arr([[0.0], [-2000.0]]))),
    X=arr([[1.0, -1000.0], [1.0, 1000.0]]), y=np.array([0, 1]), theta=arr([[0.0], [-1.0]]))
add(model, "saturated-h", "saturated",
    "h = sigmoid(40) rounds to 1.0, so -log(1 - h) would be infinite; the loss from the logit is 40.",
    "h = sigmoid(40) 舍入为 1.0，-log(1 - h) 会是无穷大；由 logit 计算的损失为 40。",
    fit, Finite((40.0, arr([[40.0]]))),
    X=arr([[40.0]]), y=np.array([0]), theta=arr([[1.0]]))
add(model, "tie-at-zero", "ties",
    "All logits 0: h = 1/2 for each sample and the loss is n log 2.",
    "所有 logit 为 0：每个样本 h = 1/2，损失为 n log 2。",
    # h - y = [1/2, -1/2], gradient = X^T (h - y) = [0, (2 + 1) / 2].
    fit, Finite((2 * LN2, arr([[0.0], [1.5]])), rtol=1e-15),
    X=arr([[1.0, 2.0], [1.0, -1.0]]), y=np.array([0, 1]), theta=arr([[0.0], [0.0]]))
add(model, "predict-at-zero", "ties",
    "A sample on the boundary (x theta = 0) is predicted as class 1.",
    "恰在分界面上（x theta = 0）的样本预测为类别 1。",
    logistic_regression.predict, Finite(arr([[1.0]])),
    X=arr([[1.0, 0.0]]), theta=arr([[0.0], [1.0]]))
add(model, "predict-proba-1000", "sigmoid-inputs",
    "predict_proba at logits of ±1000 returns exact 1 and 0, without an overflow warning.",
    "predict_proba 在 logit 为 ±1000 时返回恰好的 1 和 0，没有溢出警告。",
    logistic_regression.predict_proba, Finite(arr([[1.0], [0.0]])),
    X=arr([[1000.0], [-1000.0]]), theta=arr([[1.0]]))
add(model, "single-sample", "single-sample",
    "A single sample (n = 1).",
    "只有一个样本（n = 1）。",
    # h = 1/2, h - y = -1/2.
    fit, Finite((LN2, arr([[-0.5], [-1.0]])), rtol=1e-15),
    X=arr([[1.0, 2.0]]), y=np.array([1]), theta=arr([[0.0], [0.0]]))
add(model, "float32", "float32",
    "float32 input at logits of ±1000 stays float32 and finite.",
    "float32 输入在 logit 为 ±1000 时保持 float32，且为有限值。",
    fit, Finite((2000.0, arr([[0.0], [-2000.0]])), dtype=np.float32, rtol=1e-6),
    X=f32([[1.0, -1000.0], [1.0, 1000.0]]), y=np.array([0, 1]), theta=f32([[0.0], [-1.0]]))
add(model, "label-2", "labels",
    "A label 2 where only 0 and 1 exist.",
    "出现标签 2，而只允许 0 和 1。",
    fit, Rejected("y", ("the labels [2.0]", "labels 0 and 1", "Map the two classes to 0 and 1")),
    X=arr([[1.0], [1.0]]), y=np.array([0, 2]), theta=arr([[0.0]]))
add(model, "per-sample-label-2", "labels",
    "The per-sample reference gradient checks the labels too.",
    "逐样本的参考梯度同样检查标签。",
    logistic_regression.cross_entropy_per_sample_gradient,
    Rejected("y", ("the labels [2.0]", "labels 0 and 1")),
    X=arr([[1.0], [1.0]]), y=np.array([0, 2]), theta=arr([[0.0]]))
add(model, "soft-label", "labels",
    "A soft label 0.5: the model takes hard labels only.",
    "软标签 0.5：模型只接受 0/1 标签。",
    fit, Rejected("y", ("the labels [0.5]", "labels 0 and 1")),
    X=arr([[1.0], [1.0]]), y=arr([0.5, 1.0]), theta=arr([[0.0]]))
add(model, "y-two-columns", "shape",
    "Labels of shape (n, 2), as one-hot rows of two classes.",
    "标签形状为 (n, 2)，即两类的独热行。",
    fit, Rejected("y", ("expected one target per sample", "(2, 1) or (2,)")),
    X=arr([[1.0], [1.0]]), y=arr([[1.0, 0.0], [0.0, 1.0]]), theta=arr([[0.0]]))
add(model, "theta-columns", "shape",
    "Parameters with two columns.",
    "参数有两列。",
    fit, Rejected("theta", ("expected (1, 1)", "1 = X.shape[1] rows")),
    X=arr([[1.0], [1.0]]), y=np.array([0, 1]), theta=arr([[0.0, 0.0]]))
add(model, "x-complex", "dtype",
    "Complex features.",
    "复数特征。",
    fit, Rejected("X", ("dtype complex128", "expected real numbers")),
    X=np.array([[1 + 1j]]), y=np.array([1]), theta=arr([[0.0]]))
add(model, "x-inf", "nan-inf",
    "An infinite feature.",
    "特征中有无穷大。",
    fit, Rejected("X", ("contains inf", "must be finite")),
    X=arr([[np.inf]]), y=np.array([1]), theta=arr([[0.0]]))
add(model, "x-inf-last-row", "nan-inf",
    "An infinite feature in the last row, which the loss computation finds.",
    "最后一行的特征为无穷大，由损失的计算发现。",
    fit, Rejected("X", ("contains -inf at index (1, 0)", "must be finite")),
    X=arr([[1.0], [-np.inf]]), y=np.array([1, 0]), theta=arr([[0.5]]))
add(model, "y-nan", "nan-inf",
    "A NaN label.",
    "标签中有 NaN。",
    fit, Rejected("y", ("contains nan", "must be finite")),
    X=arr([[1.0]]), y=arr([np.nan]), theta=arr([[0.0]]))
add(model, "empty-batch", "empty",
    "An empty batch (n = 0).",
    "空批量（n = 0）。",
    fit, Rejected("X", ("the batch is empty", "at least one sample")),
    X=np.zeros((0, 1)), y=np.zeros(0, dtype=int), theta=arr([[0.0]]))

# Logistic regression with the squared error: L = 1/2 sum (h - y)^2.
model = "logistic-se"
fit = logistic_regression.squared_error_loss_and_gradient
add(model, "sigmoid-1000-wrong", "sigmoid-inputs",
    "Sigmoid inputs of ±1000, both wrong: the loss is 1 and the gradient is 0, "
    "because h (1 - h) is below the smallest float.",
    "sigmoid 的输入为 ±1000 且都判错：损失为 1，梯度为 0，因为 h (1 - h) 小于最小的浮点数。",
    fit, Finite((1.0, arr([[0.0], [0.0]]))),
    X=arr([[1.0, -1000.0], [1.0, 1000.0]]), y=np.array([0, 1]), theta=arr([[0.0], [-1.0]]))
add(model, "logits-1e4-right", "large-logits",
    "Logits of ±10^4 on the right side: loss and gradient 0.",
    "logit 为 ±10^4 且判断正确：损失和梯度都为 0。",
    fit, Finite((0.0, arr([[0.0], [0.0]]))),
    X=arr([[1.0, 1e4], [1.0, -1e4]]), y=np.array([1, 0]), theta=arr([[0.0], [1.0]]))
add(model, "saturated-h", "saturated",
    "h = sigmoid(40) rounds to 1.0 with label 0: loss 1/2 and a gradient of 0.",
    "h = sigmoid(40) 舍入为 1.0 而标签为 0：损失为 1/2，梯度为 0。",
    fit, Finite((0.5, arr([[0.0]]))),
    X=arr([[40.0]]), y=np.array([0]), theta=arr([[1.0]]))
add(model, "tie-at-zero", "ties",
    "All logits 0: h = 1/2, so each sample adds 1/8 to the loss and (1/2 - y)/4 · x to the gradient.",
    "所有 logit 为 0：h = 1/2，每个样本给损失加 1/8，给梯度加 (1/2 - y)/4 · x。",
    # (h - y) h (1 - h) = [1/8, -1/8], gradient = X^T [1/8, -1/8] = [0, 3/8].
    fit, Finite((0.25, arr([[0.0], [0.375]]))),
    X=arr([[1.0, 2.0], [1.0, -1.0]]), y=np.array([0, 1]), theta=arr([[0.0], [0.0]]))
add(model, "single-sample", "single-sample",
    "A single sample (n = 1).",
    "只有一个样本（n = 1）。",
    fit, Finite((0.125, arr([[-0.125], [-0.25]]))),
    X=arr([[1.0, 2.0]]), y=np.array([1]), theta=arr([[0.0], [0.0]]))
add(model, "float32", "float32",
    "float32 input stays float32.",
    "float32 输入保持 float32。",
    fit, Finite((0.125, arr([[-0.125], [-0.25]])), dtype=np.float32, rtol=1e-6),
    X=f32([[1.0, 2.0]]), y=np.array([1]), theta=f32([[0.0], [0.0]]))
add(model, "label-2", "labels",
    "A label 2 where only 0 and 1 exist.",
    "出现标签 2，而只允许 0 和 1。",
    fit, Rejected("y", ("the labels [2.0]", "Map the two classes to 0 and 1")),
    X=arr([[1.0], [1.0]]), y=np.array([0, 2]), theta=arr([[0.0]]))
add(model, "per-sample-label-2", "labels",
    "The per-sample reference gradient checks the labels too.",
    "逐样本的参考梯度同样检查标签。",
    logistic_regression.squared_error_per_sample_gradient,
    Rejected("y", ("the labels [2.0]", "labels 0 and 1")),
    X=arr([[1.0], [1.0]]), y=np.array([0, 2]), theta=arr([[0.0]]))
add(model, "theta-1d", "shape",
    "Parameters given as a 1-D array.",
    "参数以一维数组给出。",
    fit, Rejected("theta", ("expected the 2-D shape (1, 1)", "theta.reshape(1, -1)")),
    X=arr([[1.0]]), y=np.array([1]), theta=arr([0.0]))
add(model, "x-bool", "dtype",
    "Boolean features.",
    "布尔型特征。",
    fit, Rejected("X", ("dtype bool", "np.asarray(X, dtype=float)")),
    X=np.array([[True]]), y=np.array([1]), theta=arr([[0.0]]))
add(model, "theta-nan", "nan-inf",
    "A NaN parameter.",
    "参数中有 NaN。",
    fit, Rejected("theta", ("contains nan", "must be finite")),
    X=arr([[1.0]]), y=np.array([1]), theta=arr([[np.nan]]))
add(model, "empty-batch", "empty",
    "An empty batch (n = 0).",
    "空批量（n = 0）。",
    fit, Rejected("X", ("the batch is empty",)),
    X=np.zeros((0, 1)), y=np.zeros(0, dtype=int), theta=arr([[0.0]]))

# The binary perceptron: h = 1 where h_hat >= 0, L = sum (h - y) h_hat.
model = "perceptron"
fit = perceptron.loss_and_gradient
add(model, "logits-1e4", "large-logits",
    "Weighted sums of ±10^4, both wrongly judged: the loss is 2·10^4.",
    "加权和为 ±10^4，两个样本都判错：损失为 2·10^4。",
    # h - y = [1, -1], L = 1e4 + 1e4, gradient = X^T [1, -1].
    fit, Finite((2e4, arr([[0.0], [2e4]]))),
    X=arr([[1.0, 1e4], [1.0, -1e4]]), y=np.array([0, 1]), theta=arr([[0.0], [1.0]]))
add(model, "boundary-label-0", "ties",
    "A sample on the boundary (x theta = 0) with label 0 is judged 1: the loss is 0, "
    "the gradient is x, the gradient of the region where it is judged 1.",
    "恰在分界面上（x theta = 0）且标签为 0 的样本被判为 1：损失为 0，"
    "梯度为 x，即判为 1 的区域内的梯度。",
    fit, Finite((0.0, arr([[1.0], [0.0]]))),
    X=arr([[1.0, 0.0]]), y=np.array([0]), theta=arr([[0.0], [1.0]]))
add(model, "boundary-label-1", "ties",
    "A sample on the boundary with label 1 is judged right: loss and gradient 0.",
    "恰在分界面上且标签为 1 的样本判对：损失和梯度都为 0。",
    fit, Finite((0.0, arr([[0.0], [0.0]]))),
    X=arr([[1.0, 0.0]]), y=np.array([1]), theta=arr([[0.0], [1.0]]))
add(model, "predict-at-zero", "ties",
    "predict judges x theta = 0 as 1.",
    "predict 把 x theta = 0 判为 1。",
    perceptron.predict, Finite(arr([[1.0], [0.0]])),
    X=arr([[1.0, 0.0], [1.0, -1.0]]), theta=arr([[0.0], [1.0]]))
add(model, "per-sample-boundary", "ties",
    "The per-sample reference gradient applies the same rule: x theta = 0 is judged 1.",
    "逐样本的参考梯度遵守同一规则：x theta = 0 判为 1。",
    perceptron.per_sample_gradient, Finite(arr([[1.0], [0.0]])),
    X=arr([[1.0, 0.0]]), y=np.array([0]), theta=arr([[0.0], [1.0]]))
add(model, "single-sample", "single-sample",
    "A single wrongly judged sample (n = 1).",
    "只有一个判错的样本（n = 1）。",
    # h_hat = 2 >= 0 so h = 1, h - y = 1, L = 2, gradient = x.
    fit, Finite((2.0, arr([[1.0], [2.0]]))),
    X=arr([[1.0, 2.0]]), y=np.array([0]), theta=arr([[0.0], [1.0]]))
add(model, "float32", "float32",
    "float32 input with integer labels stays float32.",
    "float32 输入配整数标签时保持 float32。",
    fit, Finite((2.0, arr([[1.0], [2.0]])), dtype=np.float32),
    X=f32([[1.0, 2.0]]), y=np.array([0]), theta=f32([[0.0], [1.0]]))
add(model, "label-2", "labels",
    "A label 2 where only 0 and 1 exist.",
    "出现标签 2，而只允许 0 和 1。",
    fit, Rejected("y", ("the labels [2.0]", "Map the two classes to 0 and 1")),
    X=arr([[1.0], [1.0]]), y=np.array([0, 2]), theta=arr([[0.0]]))
add(model, "y-bool", "dtype",
    "Boolean labels: convert them to 0 and 1 first.",
    "布尔型标签：先转换为 0 和 1。",
    fit, Rejected("y", ("dtype bool", "np.asarray(y, dtype=float)")),
    X=arr([[1.0], [1.0]]), y=np.array([False, True]), theta=arr([[0.0]]))
add(model, "y-rows", "shape",
    "Fewer labels than samples.",
    "标签比样本少。",
    fit, Rejected("y", ("1 rows but X has 2", "one target per row of X")),
    X=arr([[1.0], [1.0]]), y=np.array([1]), theta=arr([[0.0]]))
add(model, "x-nan", "nan-inf",
    "A NaN among the features.",
    "特征中有 NaN。",
    fit, Rejected("X", ("contains nan", "must be finite")),
    X=arr([[np.nan]]), y=np.array([1]), theta=arr([[0.0]]))
add(model, "empty-batch", "empty",
    "An empty batch (n = 0).",
    "空批量（n = 0）。",
    fit, Rejected("X", ("the batch is empty",)),
    X=np.zeros((0, 1)), y=np.zeros(0, dtype=int), theta=arr([[0.0]]))


def add_class_label_cases(model, fit, make_arguments, classes_from, name="y"):
    """Add the invalid-label cases shared by every model with c = 3 classes.

    ``make_arguments(y)`` returns the keyword arguments of ``fit`` for two
    samples with the labels ``y``; ``name`` is the argument's name in ``fit``.
    """
    add(model, "class-id-c", "labels",
        "A class id equal to c = 3, outside 0..c-1.",
        "类别编号等于 c = 3，超出 0..c-1。",
        fit, Rejected(name, (f"{name}[1] is 3", "must be in 0..2", f"c = 3 = {classes_from}", "Renumber")),
        **make_arguments(np.array([0, 3])))
    add(model, "class-id-negative", "labels",
        "A negative class id.",
        "负的类别编号。",
        fit, Rejected(name, (f"{name}[0] is -1", "must be in 0..2")),
        **make_arguments(np.array([-1, 0])))
    add(model, "class-ids-float", "dtype",
        "Class ids given as floats.",
        "类别编号以浮点数给出。",
        fit, Rejected(name, ("must be integers", f"{name}.astype(int)")),
        **make_arguments(arr([0.0, 2.0])))
    add(model, "one-hot-sum-2", "one-hot",
        "A one-hot row with two 1s (the row sums to 2).",
        "独热行中有两个 1（行和为 2）。",
        fit, Rejected(name, (f"row 0 of {name}", "a single 1", "np.eye(3)[ids]")),
        **make_arguments(arr([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])))
    add(model, "one-hot-sum-0", "one-hot",
        "A one-hot row of zeros (the row sums to 0).",
        "独热行全为 0（行和为 0）。",
        fit, Rejected(name, (f"row 1 of {name}", "a single 1")),
        **make_arguments(arr([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])))
    add(model, "soft-labels", "one-hot",
        "Rows of probabilities (soft labels) that sum to 1 but are not one-hot.",
        "行和为 1 但不是独热的概率行（软标签）。",
        fit, Rejected(name, (f"row 0 of {name}", "a single 1")),
        **make_arguments(arr([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]])))
    add(model, "y-column", "shape",
        "Class ids as a column (n, 1).",
        "类别编号以列 (n, 1) 给出。",
        fit, Rejected(name, ("one-hot labels need the shape (2, 3)", f"{name}.ravel()")),
        **make_arguments(np.array([[0], [2]])))
    add(model, "y-nan", "nan-inf",
        "A NaN in a one-hot row.",
        "独热行中有 NaN。",
        fit, Rejected(name, ("contains nan", "must be finite")),
        **make_arguments(arr([[np.nan, 0.0, 1.0], [0.0, 0.0, 1.0]])))


# The multi-class perceptron: L = sum (max_r h_hat_r - h_hat_true), gradient X^T (H - Y).
model = "multiclass-perceptron"
fit = multiclass_perceptron.loss_and_gradient
add(model, "logits-1e4", "large-logits",
    "Scores of ±10^4 with the true class at -10^4: the loss is 2·10^4.",
    "得分为 ±10^4 且真实类别的得分为 -10^4：损失为 2·10^4。",
    fit, Finite((2e4, arr([[1.0, -1.0, 0.0]]))),
    X=arr([[1.0]]), y=np.array([1]), theta=arr([[1e4, -1e4, 0.0]]))
add(model, "all-equal-scores", "ties",
    "theta = 0, so every score ties: each sample is predicted as class 0 (the lowest id), "
    "and the loss is 0.",
    "theta = 0，所有得分相等：每个样本都预测为类别 0（编号最小者），损失为 0。",
    # H - Y = [[1, 0, -1], [0, 0, 0]], gradient = X^T (H - Y).
    fit, Finite((0.0, arr([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0]]))),
    X=arr([[1.0, 2.0], [1.0, -1.0]]), y=np.array([2, 0]), theta=np.zeros((2, 3)))
add(model, "predict-ties", "ties",
    "predict breaks a tie by the lowest class id.",
    "predict 在得分相等时取编号最小的类别。",
    multiclass_perceptron.predict, Finite(np.array([0, 1])),
    X=arr([[1.0, 0.0], [0.0, 1.0]]), theta=arr([[1.0, 1.0, 0.0], [0.0, 2.0, 2.0]]))
add(model, "single-sample", "single-sample",
    "A single wrongly classified sample (n = 1).",
    "只有一个分错的样本（n = 1）。",
    # scores [2, 0, 1]: predicted 0, true 2, L = 2 - 1.
    fit, Finite((1.0, arr([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0]]))),
    X=arr([[1.0, 2.0]]), y=np.array([2]), theta=arr([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]))
add(model, "one-hot-labels", "label-form",
    "One-hot labels give the same result as class ids.",
    "独热标签与类别编号给出相同结果。",
    fit, Finite((1.0, arr([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0]]))),
    X=arr([[1.0, 2.0]]), y=arr([[0.0, 0.0, 1.0]]), theta=arr([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]))
add(model, "float32", "float32",
    "float32 input with integer class ids stays float32.",
    "float32 输入配整数类别编号时保持 float32。",
    fit, Finite((1.0, arr([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0]])), dtype=np.float32),
    X=f32([[1.0, 2.0]]), y=np.array([2]), theta=f32([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]))
add_class_label_cases(
    model, fit,
    lambda y: {"X": arr([[1.0], [1.0]]), "y": y, "theta": np.zeros((1, 3))},
    "theta.shape[1]")
add(model, "theta-1d", "shape",
    "Parameters given as a 1-D array.",
    "参数以一维数组给出。",
    fit, Rejected("theta", ("expected the 2-D shape (1, k)", "theta.reshape(1, -1)")),
    X=arr([[1.0]]), y=np.array([0]), theta=arr([0.0, 0.0, 0.0]))
add(model, "theta-no-columns", "shape",
    "Parameters with no column, so no class.",
    "参数没有列，即没有类别。",
    fit, Rejected("theta", ("needs at least one column",)),
    X=arr([[1.0]]), y=np.array([0]), theta=np.zeros((1, 0)))
add(model, "x-inf", "nan-inf",
    "An infinite feature.",
    "特征中有无穷大。",
    fit, Rejected("X", ("contains -inf", "must be finite")),
    X=arr([[-np.inf]]), y=np.array([0]), theta=np.zeros((1, 3)))
add(model, "empty-batch", "empty",
    "An empty batch (n = 0).",
    "空批量（n = 0）。",
    fit, Rejected("X", ("the batch is empty",)),
    X=np.zeros((0, 1)), y=np.zeros(0, dtype=int), theta=np.zeros((1, 3)))

# Softmax regression: L = -sum Y log softmax(X theta), gradient X^T (H - Y).
model = "softmax-regression"
fit = softmax_regression.loss_and_gradient
add(model, "logits-1e4-right", "large-logits",
    "Logits of ±10^4 with the true class on top: loss and gradient exactly 0.",
    "logit 为 ±10^4 且真实类别得分最高：损失和梯度都恰好为 0。",
    fit, Finite((0.0, arr([[0.0, 0.0]]))),
    X=arr([[1.0]]), y=np.array([0]), theta=arr([[1e4, -1e4]]))
add(model, "logits-1e4-wrong", "large-logits",
    "Logits of ±10^4 with the true class at the bottom: the loss is 2·10^4, not log 0.",
    "logit 为 ±10^4 且真实类别得分最低：损失为 2·10^4，而不是 log 0。",
    fit, Finite((2e4, arr([[1.0, -1.0]]))),
    X=arr([[1.0]]), y=np.array([1]), theta=arr([[1e4, -1e4]]))
add(model, "saturated-h", "saturated",
    "A logit gap of 800: the probability exp(-800) rounds to 0, and the loss is still 800.",
    "logit 相差 800：概率 exp(-800) 舍入为 0，损失仍为 800。",
    fit, Finite((800.0, arr([[1.0, -1.0]]))),
    X=arr([[1.0]]), y=np.array([1]), theta=arr([[800.0, 0.0]]))
add(model, "predict-proba-saturated", "saturated",
    "predict_proba at a logit gap of 800 returns exact 1 and 0, and each row sums to 1.",
    "logit 相差 800 时 predict_proba 返回恰好的 1 和 0，每行之和为 1。",
    softmax_regression.predict_proba, Finite(arr([[1.0, 0.0]])),
    X=arr([[1.0]]), theta=arr([[800.0, 0.0]]))
add(model, "all-equal-scores", "ties",
    "theta = 0, so every logit ties: H = 1/c in every entry and the loss is n log c.",
    "theta = 0，所有 logit 相等：H 的每一项都是 1/c，损失为 n log c。",
    # H - Y = [[-2/3, 1/3, 1/3], [1/3, 1/3, -2/3]], and X is the identity.
    fit, Finite((2 * LN3, arr([[-2 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, -2 / 3]])), rtol=1e-15),
    X=arr([[1.0, 0.0], [0.0, 1.0]]), y=np.array([0, 2]), theta=np.zeros((2, 3)))
add(model, "predict-ties", "ties",
    "predict breaks a tie by the lowest class id.",
    "predict 在 logit 相等时取编号最小的类别。",
    softmax_regression.predict, Finite(np.array([0])),
    X=arr([[1.0]]), theta=np.zeros((1, 3)))
add(model, "single-sample", "single-sample",
    "A single sample (n = 1).",
    "只有一个样本（n = 1）。",
    fit, Finite((LN2, arr([[0.5, -0.5]])), rtol=1e-15),
    X=arr([[1.0]]), y=np.array([1]), theta=np.zeros((1, 2)))
add(model, "float32", "float32",
    "float32 input at logits of ±10^4 stays float32 and finite.",
    "float32 输入在 logit 为 ±10^4 时保持 float32，且为有限值。",
    fit, Finite((2e4, arr([[1.0, -1.0]])), dtype=np.float32, rtol=1e-6),
    X=f32([[1.0]]), y=np.array([1]), theta=f32([[1e4, -1e4]]))
add(model, "one-class", "shape",
    "Parameters with a single column: softmax needs at least 2 classes.",
    "参数只有一列：softmax 至少需要 2 个类别。",
    fit, Rejected("theta", ("at least 2 classes", "use logistic regression")),
    X=arr([[1.0]]), y=np.array([0]), theta=arr([[0.0]]))
add_class_label_cases(
    model, fit,
    lambda y: {"X": arr([[1.0], [1.0]]), "y": y, "theta": np.zeros((1, 3))},
    "theta.shape[1]")
add(model, "x-nan", "nan-inf",
    "A NaN among the features.",
    "特征中有 NaN。",
    fit, Rejected("X", ("contains nan", "must be finite")),
    X=arr([[np.nan]]), y=np.array([0]), theta=np.zeros((1, 3)))
add(model, "empty-batch", "empty",
    "An empty batch (n = 0).",
    "空批量（n = 0）。",
    fit, Rejected("X", ("the batch is empty",)),
    X=np.zeros((0, 1)), y=np.zeros(0, dtype=int), theta=np.zeros((1, 3)))

# The sigmoid network: Z = sigmoid(X W), H = sigmoid(Z V), L = 1/2 sum (H - Y)^2.
model = "sigmoid-network"
fit = sigmoid_network.loss_and_gradient
SIGMOID_1 = float(1 / (1 + np.exp(-1.0)))
add(model, "sigmoid-1000-hidden", "sigmoid-inputs",
    "Hidden inputs of ±1000: Z is exactly 1 and 0, Z (1 - Z) = 0, so dW = 0.",
    "隐藏层输入为 ±1000：Z 恰为 1 和 0，Z (1 - Z) = 0，所以 dW = 0。",
    # Z = [1, 0], H_hat = 1, H = sigmoid(1), output term d = (H - 1) H (1 - H), dV = Z^T d.
    fit, Finite((
        0.5 * (SIGMOID_1 - 1) ** 2,
        (arr([[0.0, 0.0]]), arr([[(SIGMOID_1 - 1) * SIGMOID_1 * (1 - SIGMOID_1)], [0.0]])),
    ), rtol=1e-15),
    X=arr([[1.0]]), Y=arr([[1.0]]), W=arr([[1000.0, -1000.0]]), V=arr([[1.0], [1.0]]))
add(model, "sigmoid-1000-output", "saturated",
    "Output inputs of ±1000, both wrong: H is exactly 1 and 0, the loss is 1 and both gradients are 0.",
    "输出层输入为 ±1000 且都错：H 恰为 1 和 0，损失为 1，两个梯度都为 0。",
    fit, Finite((1.0, (arr([[0.0]]), arr([[0.0, 0.0]])))),
    X=arr([[1.0]]), Y=arr([[0.0, 1.0]]), W=arr([[0.0]]), V=arr([[2000.0, -2000.0]]))
add(model, "single-sample", "single-sample",
    "A single sample (n = 1) with all weights 0: Z = H = 1/2.",
    "只有一个样本（n = 1）且权重全为 0：Z = H = 1/2。",
    # d = (1/2 - 1) / 4 = -1/8, dV = Z^T d = -1/16, dW = x (d V^T) Z (1 - Z) = 0 because V = 0.
    fit, Finite((0.125, (arr([[0.0], [0.0]]), arr([[-0.0625]])))),
    X=arr([[1.0, 2.0]]), Y=arr([[1.0]]), W=np.zeros((2, 1)), V=np.zeros((1, 1)))
add(model, "float32", "float32",
    "float32 input stays float32.",
    "float32 输入保持 float32。",
    fit, Finite((0.125, (arr([[0.0], [0.0]]), arr([[-0.0625]]))), dtype=np.float32),
    X=f32([[1.0, 2.0]]), Y=f32([[1.0]]), W=np.zeros((2, 1), np.float32), V=np.zeros((1, 1), np.float32))
add(model, "class-ids", "label-form",
    "Integer class ids (n,) become one-hot targets.",
    "整数类别编号 (n,) 转为独热目标。",
    # Z = 1/2, H = 1/2, d = [1/8, -1/8], dV = Z^T d = [1/16, -1/16], dW = 0 because V = 0.
    fit, Finite((0.25, (arr([[0.0]]), arr([[0.0625, -0.0625]])))),
    X=arr([[1.0]]), Y=np.array([1]), W=np.zeros((1, 1)), V=np.zeros((1, 2)))
add(model, "target-above-1", "labels",
    "A target of 1.5, outside the range (0, 1) of the sigmoid.",
    "目标值 1.5 超出 sigmoid 的值域 (0, 1)。",
    fit, Rejected("Y", ("contains 1.5", "must lie in [0, 1]", "Rescale")),
    X=arr([[1.0]]), Y=arr([[1.5]]), W=np.zeros((1, 1)), V=np.zeros((1, 1)))
add(model, "class-id-c", "labels",
    "A class id equal to c = 2, outside 0..c-1.",
    "类别编号等于 c = 2，超出 0..c-1。",
    fit, Rejected("Y", ("must be in 0..1", "c = 2 = V.shape[1]")),
    X=arr([[1.0]]), Y=np.array([2]), W=np.zeros((1, 1)), V=np.zeros((1, 2)))
add(model, "class-ids-float", "dtype",
    "Class ids given as floats.",
    "类别编号以浮点数给出。",
    fit, Rejected("Y", ("must be integers", "Y.astype(int)")),
    X=arr([[1.0]]), Y=arr([1.0]), W=np.zeros((1, 1)), V=np.zeros((1, 2)))
add(model, "y-shape", "shape",
    "Targets with more columns than outputs.",
    "目标值的列数多于输出数。",
    fit, Rejected("Y", ("expected (1, 2)", "c = 2 = V.shape[1]")),
    X=arr([[1.0]]), Y=arr([[0.0, 1.0, 0.0]]), W=np.zeros((1, 1)), V=np.zeros((1, 2)))
add(model, "w-rows", "shape",
    "Hidden weights whose rows do not match the features.",
    "隐藏层权重的行数与特征数不符。",
    fit, Rejected("W", ("expected (1, k)", "1 = X.shape[1] rows")),
    X=arr([[1.0]]), Y=arr([[1.0]]), W=np.zeros((2, 1)), V=np.zeros((1, 1)))
add(model, "v-rows", "shape",
    "Output weights whose rows do not match the hidden units.",
    "输出层权重的行数与隐藏单元数不符。",
    fit, Rejected("V", ("expected (2, k)", "2 = W.shape[1] rows")),
    X=arr([[1.0]]), Y=arr([[1.0]]), W=np.zeros((1, 2)), V=np.zeros((1, 1)))
add(model, "w-nan", "nan-inf",
    "A NaN hidden weight.",
    "隐藏层权重中有 NaN。",
    fit, Rejected("W", ("contains nan", "must be finite")),
    X=arr([[1.0]]), Y=arr([[1.0]]), W=arr([[np.nan]]), V=np.zeros((1, 1)))
add(model, "empty-batch", "empty",
    "An empty batch (n = 0).",
    "空批量（n = 0）。",
    fit, Rejected("X", ("the batch is empty",)),
    X=np.zeros((0, 1)), Y=np.zeros((0, 1)), W=np.zeros((1, 1)), V=np.zeros((1, 1)))

# The ReLU/softmax network: Z = relu(X W), H = softmax(Z V), L = -sum Y log H.
model = "relu-softmax-network"
fit = relu_softmax_network.loss_and_gradient
add(model, "logits-1e4", "large-logits",
    "Output logits of ±10^4 with the true class at the bottom: the loss is 2·10^4.",
    "输出 logit 为 ±10^4 且真实类别得分最低：损失为 2·10^4。",
    # Z = 1, H - Y = [1, -1], dV = Z^T (H - Y), dW = x ((H - Y) V^T) = 1e4 + 1e4.
    fit, Finite((2e4, (arr([[2e4]]), arr([[1.0, -1.0]])))),
    X=arr([[1.0]]), Y=np.array([1]), W=arr([[1.0]]), V=arr([[1e4, -1e4]]))
add(model, "relu-at-zero", "ties",
    "W = 0, so every hidden unit sits at the kink Z_hat = 0, where the ReLU derivative "
    "is taken as 0: dW = 0, and Z = 0 makes every logit tie, so H = 1/c and dV = 0.",
    "W = 0，所有隐藏单元都在拐点 Ẑ = 0 处，ReLU 的导数在此取 0：dW = 0；"
    "Z = 0 使所有 logit 相等，所以 H = 1/c，dV = 0。",
    fit, Finite((LN2, (np.zeros((2, 2)), np.zeros((2, 2)))), rtol=1e-15),
    X=arr([[1.0, 2.0]]), Y=np.array([0]), W=np.zeros((2, 2)), V=arr([[1.0, -1.0], [2.0, 0.0]]))
add(model, "predict-ties", "ties",
    "predict breaks a tie by the lowest class id.",
    "predict 在 logit 相等时取编号最小的类别。",
    relu_softmax_network.predict, Finite(np.array([0])),
    X=arr([[1.0]]), W=arr([[1.0]]), V=arr([[2.0, 2.0]]))
add(model, "single-sample", "single-sample",
    "A single sample (n = 1).",
    "只有一个样本（n = 1）。",
    # Z = 1, H = [1/2, 1/2], H - Y = [-1/2, 1/2], dV = [[-1/2, 1/2]], dW = (H - Y) V^T = 0.
    fit, Finite((LN2, (arr([[0.0]]), arr([[-0.5, 0.5]]))), rtol=1e-15),
    X=arr([[1.0]]), Y=np.array([0]), W=arr([[1.0]]), V=arr([[1.0, 1.0]]))
add(model, "float32", "float32",
    "float32 input at logits of ±10^4 stays float32 and finite.",
    "float32 输入在 logit 为 ±10^4 时保持 float32，且为有限值。",
    fit, Finite((2e4, (arr([[2e4]]), arr([[1.0, -1.0]]))), dtype=np.float32, rtol=1e-6),
    X=f32([[1.0]]), Y=np.array([1]), W=f32([[1.0]]), V=f32([[1e4, -1e4]]))
add_class_label_cases(
    model, fit,
    lambda y: {"X": arr([[1.0], [1.0]]), "Y": y, "W": np.zeros((1, 1)), "V": np.zeros((1, 3))},
    "V.shape[1]", name="Y")
add(model, "v-rows", "shape",
    "Output weights whose rows do not match the hidden units.",
    "输出层权重的行数与隐藏单元数不符。",
    fit, Rejected("V", ("expected (2, k)", "2 = W.shape[1] rows")),
    X=arr([[1.0]]), Y=np.array([0]), W=np.zeros((1, 2)), V=np.zeros((3, 2)))
add(model, "dropout-mask-shape", "shape",
    "A dropout mask that matches neither (n, b) nor (1, b).",
    "dropout 掩码的形状既不是 (n, b) 也不是 (1, b)。",
    fit, Rejected("dropout_mask", ("expected (1, 2)", "or (1, 2)")),
    X=arr([[1.0]]), Y=np.array([0]), W=np.zeros((1, 2)), V=np.zeros((2, 2)),
    dropout_mask=np.ones((3, 2)))
add(model, "w-inf", "nan-inf",
    "An infinite hidden weight.",
    "隐藏层权重中有无穷大。",
    fit, Rejected("W", ("contains inf", "must be finite")),
    X=arr([[1.0]]), Y=np.array([0]), W=arr([[np.inf]]), V=np.zeros((1, 2)))
add(model, "empty-batch", "empty",
    "An empty batch (n = 0).",
    "空批量（n = 0）。",
    fit, Rejected("X", ("the batch is empty",)),
    X=np.zeros((0, 1)), Y=np.zeros(0, dtype=int), W=np.zeros((1, 1)), V=np.zeros((1, 2)))

del model, fit


def cases_of(model):
    """Return the cases of one model key, in table order: extreme input first, then invalid input."""
    if model not in MODELS:
        raise KeyError(f"unknown model {model!r}; known models: {', '.join(MODELS)}")
    selected = [case for case in CASES if case.model == model]
    return sorted(selected, key=lambda case: case.kind != "extreme")
