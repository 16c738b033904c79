"""Run every check of every derivation and count the checked equations on the pages.

``python -m derivlib verify`` prints one row per model and check and exits
with status 1 if any check fails. The checks, per model:

- symbolic steps: each display equation's forms against its reference value;
- symbolic vs vectorized: the vectorized formula against the entrywise SymPy
  gradient of the loss summed over a batch of symbols, exactly;
- NumPy vs symbolic: derivlib's NumPy loss and gradient against the
  symbolic ones at random values;
- finite differences: the NumPy gradient against centred differences.
"""

import multiprocessing
import os
import random
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import sympy as sp

from . import gradcheck
from .symbolic import REGISTRY, core
from .symbolic import derivation as build_derivation
from .symbolic.functions import numpy_modules

NUMPY_RTOL = 1e-10  # NumPy vs the lambdified SymPy gradient, float64
FD_RTOL = 1e-6  # the default tolerance of gradcheck.check_gradient
DOCS = Path(__file__).resolve().parent.parent / "docs"
DERIVATION_PAGES = "models"
PLACEHOLDER = re.compile(r"^[ \t]*\{\{ equation ([\w.\-]+) \}\}[ \t]*$", re.M)
HAND_TYPED_DISPLAY = re.compile(
    r"\$\$.+?\$\$|\\\[.+?\\\]|\\begin\{(?:aligned|align|equation|gather)\*?\}", re.S
)


@dataclass(frozen=True)
class Row:
    """One line of the verification table."""

    model: str
    check: str
    passed: bool
    error: float | None
    detail: str


@cache
def step_results(model_key):
    """Check every non-batch equation of one model; return {key: StepResult}."""
    derivation = build_derivation(model_key)
    by_key = derivation.by_key()
    return {
        e.key: core.check_equation(e, by_key) for e in derivation.equations if e.kind != "batch"
    }


@cache
def batch_result(model_key):
    """Run one model's BatchCheck; return (entries compared, mismatches)."""
    derivation = build_derivation(model_key)
    return derivation.batch().run()


def symbolic_steps_row(derivation):
    results = step_results(derivation.key).values()
    failed = [r for r in results if r.status == "failed"]
    counts = {status: sum(r.status == status for r in results) for status in ("proved", "probable", "definition")}
    detail = ", ".join(f"{count} {status}" for status, count in counts.items() if count)
    if failed:
        detail = f"{failed[0].key}: {failed[0].detail}"
    return Row(derivation.key, "symbolic steps", not failed, 0.0 if not failed else None, detail)


def batch_row(derivation):
    compared, mismatches = batch_result(derivation.key)
    detail = f"{compared} entries equal" if not mismatches else mismatches[0]
    passed = not mismatches and compared > 0
    return Row(derivation.key, "symbolic vs vectorized", passed, 0.0 if passed else None, detail)


def numpy_row(derivation, seed=0, points=3):
    batch = derivation.batch()
    names = list(batch.parameters)
    gradients = [batch.symbolic_gradient(name) for name in names]
    symbols = sorted(batch.loss.free_symbols, key=str)
    evaluate = sp.lambdify(symbols, [batch.loss, *gradients], modules=numpy_modules(), cse=True)
    rng = random.Random(seed)
    worst = 0.0
    for _ in range(points):
        values = derivation.numpy_point(rng)
        expected_loss, *expected = evaluate(*(values[s] for s in symbols))
        loss, actual = derivation.numpy_evaluate(values)
        worst = max(worst, gradcheck.relative_error(loss, expected_loss))
        for name, target in zip(names, expected):
            worst = max(worst, gradcheck.relative_error(actual[name], np.asarray(target, dtype=float)))
    return Row(
        derivation.key, "NumPy vs symbolic", worst <= NUMPY_RTOL, worst,
        f"relative error at {points} random points",
    )


def finite_difference_row(derivation, seed=0):
    checks = derivation.finite_differences(np.random.default_rng(seed))
    worst = max(check.relative_error for _, check in checks)
    passed = all(check.passed for _, check in checks)
    return Row(
        derivation.key, "finite differences", passed, worst,
        "; ".join(label for label, _ in checks),
    )


def rule_rows():
    rows = []
    for name, comparison in core.check_rules():
        rows.append(Row("functions", f"derivative rule {name}", comparison.equal is True, None, comparison.method))
    return rows


def model_rows(model_key):
    """Run the four checks of one model and return their rows."""
    derivation = build_derivation(model_key)
    return [
        symbolic_steps_row(derivation),
        batch_row(derivation),
        numpy_row(derivation),
        finite_difference_row(derivation),
    ]


def rows(workers=None):
    """Run every check and return the rows of the verification table, in registry order.

    The models are checked in parallel, one process per core unless
    ``workers`` says otherwise; ``workers=1`` runs everything in this process.
    """
    workers = workers or os.cpu_count() or 1
    table = rule_rows()
    if workers == 1:
        for model_key in REGISTRY:
            table += model_rows(model_key)
        return table
    # Forked workers inherit the imported SymPy and NumPy, so they start at once.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for model_table in pool.map(model_rows, REGISTRY):
            table += model_table
    return table


def count_page_equations(docs=DOCS):
    """Count display equations on the derivation pages and how many are checked.

    Returns (total, checked, problems): an equation is checked when it is a
    placeholder naming a known equation; hand-typed display math is not.
    """
    from .symbolic import equation

    total = checked = 0
    problems = []
    for page in sorted((docs / DERIVATION_PAGES).glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for key in PLACEHOLDER.findall(text):
            total += 1
            try:
                equation(key)
                checked += 1
            except KeyError as error:
                problems.append(f"{page.relative_to(docs)}: {error.args[0]}")
        for match in HAND_TYPED_DISPLAY.finditer(text):
            total += 1
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"{page.relative_to(docs)}:{line}: display math typed by hand")
    return total, checked, problems


def format_table(table):
    """Format rows as a fixed-width text table."""
    lines = [f"{'model':<22} {'check':<30} {'status':<6} {'max error':>10}  detail"]
    for row in table:
        error = "-" if row.error is None else f"{row.error:.1e}"
        status = "ok" if row.passed else "FAIL"
        lines.append(f"{row.model:<22} {row.check:<30} {status:<6} {error:>10}  {row.detail}")
    return "\n".join(lines)


def main():
    """Print the verification table and the equation count; return the exit status."""
    table = rows()
    print(format_table(table))
    total, checked, problems = count_page_equations()
    print(f"\ndisplay equations on derivation pages: {total}, checked: {checked}")
    for problem in problems:
        print(f"  {problem}")
    failed = [row for row in table if not row.passed]
    if failed or problems or checked < total:
        print(f"\n{len(failed)} checks failed, {len(problems)} page problems")
        return 1
    print("\nall checks passed")
    return 0
