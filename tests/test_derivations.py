"""Every registered derivation: its steps, its batch formula, and checks that can fail."""

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from derivlib import verify
from derivlib.symbolic import REGISTRY, core, derivation

MODELS = list(REGISTRY)
SNAPSHOT = Path(__file__).parent / "snapshots" / "equations.json"


def derived_equations():
    for model in MODELS:
        for equation in derivation(model).equations:
            if equation.kind == "derived":
                yield pytest.param(model, equation.key, id=equation.key)


@pytest.mark.parametrize("model", MODELS)
def test_every_step_proved(model):
    results = verify.step_results(model)
    assert results, f"{model} has no checked steps"
    for key, result in results.items():
        assert result.status in ("proved", "definition"), f"{key}: {result}"


@pytest.mark.parametrize("model", MODELS)
def test_batch_formula_matches_symbolic_gradient(model):
    compared, mismatches = verify.batch_result(model)
    assert compared > 0
    assert mismatches == []


@pytest.mark.parametrize("model", MODELS)
def test_numpy_matches_symbolic(model):
    row = verify.numpy_row(derivation(model))
    assert row.passed, row


@pytest.mark.parametrize("model", MODELS)
def test_numpy_matches_finite_differences(model):
    row = verify.finite_difference_row(derivation(model))
    assert row.passed, row


@pytest.mark.parametrize("model, key", list(derived_equations()))
def test_wrong_sign_fails_step(model, key):
    d = derivation(model)
    equation = d.by_key()[key]
    forms = list(equation.forms)
    last = max(i for i, f in enumerate(forms) if not isinstance(f, (core.Notation, core.MatrixFormula)))
    forms[last] = -forms[last]
    broken = dataclasses.replace(equation, forms=forms)
    assert core.check_equation(broken, d.by_key()).status == "failed"


@pytest.mark.parametrize("model", MODELS)
def test_wrong_sign_fails_batch(model):
    batch = derivation(model).batch()
    for name, equation in batch.gradients.items():
        forms = [
            core.Scaled(sp.Integer(-1), f) if isinstance(f, core.MatrixFormula) else f
            for f in equation.forms
        ]
        batch.gradients[name] = dataclasses.replace(equation, forms=forms)
    compared, mismatches = batch.run()
    assert compared > 0
    assert len(mismatches) == compared


def test_compare_finds_counterexample():
    x = sp.Symbol("x", real=True)
    result = core.compare(sp.exp(x) * sp.exp(-x) + sp.sin(x) ** 2, 1)
    assert result.equal is False
    assert "difference" in result.detail


def test_compare_proves_by_simplify():
    x = sp.Symbol("x", real=True)
    assert core.compare(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1).equal is True


def test_derivative_rules_hold():
    for name, comparison in core.check_rules():
        assert comparison.equal is True, name


def test_equation_keys_unique():
    keys = [e.key for model in MODELS for e in derivation(model).equations]
    assert len(keys) == len(set(keys))


def test_equation_keys_belong_to_model():
    for model in MODELS:
        for equation in derivation(model).equations:
            assert equation.key.startswith(model + ".")


@pytest.mark.parametrize("model", MODELS)
def test_printed_equations_match_snapshot(model):
    # A change that keeps every check green can still change what the page
    # shows (the order of factors, say); the snapshot makes it visible.
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))[model]
    printed = {equation.key: equation.latex() for equation in derivation(model).equations}
    assert printed == expected, (
        f"the printed equations of {model} differ from {SNAPSHOT.name}; if the change is deliberate, "
        "run `.venv/bin/python tests/snapshots/update.py` and review the diff"
    )


@pytest.mark.parametrize("model", MODELS)
def test_numpy_comparison_catches_permuted_gradient(model):
    # The random points must be generic: at a point where every entry is
    # equal, a gradient with its entries in reverse order could still agree.
    d = derivation(model)

    def reversed_gradients(values):
        loss, gradients = d.numpy_evaluate(values)
        return loss, {name: np.flip(np.asarray(g)) for name, g in gradients.items()}

    row = verify.numpy_row(dataclasses.replace(d, numpy_evaluate=reversed_gradients))
    assert not row.passed, row


@pytest.mark.parametrize("model", MODELS)
def test_numpy_points_are_generic(model):
    # At a point whose entries are all equal, many wrong formulas agree with
    # the right one, so the entries of each random point must differ.
    import random

    values = [float(v) for v in derivation(model).numpy_point(random.Random(0)).values()]
    continuous = [v for v in values if v not in (0.0, 1.0)]
    assert len(set(continuous)) == len(continuous) > 1
