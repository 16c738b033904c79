"""Extreme and invalid input of every model, from the case list that the numerical-notes page shows."""

import re
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from derivlib import cases, perceptron
from derivlib.site import case_tables
from derivlib.symbolic import REGISTRY

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = {"en": DOCS / "numerics.md", "zh": DOCS / "numerics.zh.md"}

# The topics that apply to each model; every model must have a case for each.
COMMON_TOPICS = {"single-sample", "float32", "shape", "dtype", "nan-inf", "empty"}
REQUIRED_TOPICS = {
    "linear-regression": COMMON_TOPICS | {"large-logits", "label-form"},
    "logistic-ce": COMMON_TOPICS | {"large-logits", "sigmoid-inputs", "saturated", "ties", "labels"},
    "logistic-se": COMMON_TOPICS | {"large-logits", "sigmoid-inputs", "saturated", "ties", "labels"},
    "perceptron": COMMON_TOPICS | {"large-logits", "ties", "labels"},
    "multiclass-perceptron": COMMON_TOPICS | {"large-logits", "ties", "labels", "one-hot", "label-form"},
    "softmax-regression": COMMON_TOPICS | {"large-logits", "saturated", "ties", "labels", "one-hot"},
    "sigmoid-network": COMMON_TOPICS | {"sigmoid-inputs", "saturated", "labels", "label-form"},
    "relu-softmax-network": COMMON_TOPICS | {"large-logits", "ties", "labels", "one-hot"},
}


def case_id(case):
    return f"{case.model}/{case.id}"


@pytest.mark.parametrize("case", cases.CASES, ids=case_id)
def test_case_has_expected_outcome(case):
    cases.check(case)


# --- The list itself -------------------------------------------------------------------


def test_case_ids_unique_per_model():
    keys = [(case.model, case.id) for case in cases.CASES]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates, f"duplicate case ids: {duplicates}"


def test_case_models_are_registered():
    unknown = sorted(set(cases.MODELS) - set(REGISTRY))
    assert not unknown, f"case models without a derivation in REGISTRY: {unknown}"
    assert {case.model for case in cases.CASES} == set(cases.MODELS)


@pytest.mark.parametrize("model", cases.MODELS)
def test_model_covers_required_topics(model):
    topics = {case.topic for case in cases.cases_of(model)}
    missing = sorted(REQUIRED_TOPICS[model] - topics)
    assert not missing, f"{model} has no case for {missing}"


@pytest.mark.parametrize("model", cases.MODELS)
def test_model_has_both_kinds(model):
    kinds = [case.kind for case in cases.cases_of(model)]
    assert "extreme" in kinds
    assert "invalid" in kinds
    assert kinds == sorted(kinds, key=lambda kind: kind != "extreme"), "extreme cases must come first"


def test_topics_are_known():
    unknown = sorted({case.topic for case in cases.CASES} - set(cases.TOPICS))
    assert not unknown, f"case topics not in cases.TOPICS: {unknown}"


def test_descriptions_in_both_languages():
    for case in cases.CASES:
        assert case.en.strip(), f"{case_id(case)} has no English description"
        assert re.search(r"[\u4e00-\u9fff]", case.zh), f"{case_id(case)} has no Chinese description"


def test_arguments_match_signature():
    import inspect

    for case in cases.CASES:
        parameters = inspect.signature(case.function).parameters
        unknown = sorted(set(case.arguments) - set(parameters))
        assert not unknown, f"{case_id(case)} passes unknown arguments {unknown}"


# --- The checker can fail ---------------------------------------------------------------

X = np.array([[1.0, 2.0]])
THETA = np.array([[0.0], [1.0]])


def make_case(expect, function=perceptron.loss_and_gradient, **arguments):
    arguments = arguments or {"X": X, "y": np.array([0]), "theta": THETA}
    return cases.Case("probe", "perceptron", "ties", "probe", "探针", function, arguments, expect)


def test_check_accepts_right_value():
    cases.check(make_case(cases.Finite((2.0, np.array([[1.0], [2.0]])))))


def test_check_rejects_wrong_loss():
    with pytest.raises(cases.CaseFailure, match=r"result\[0\] is 2.0; expected 3.0"):
        cases.check(make_case(cases.Finite((3.0, np.array([[1.0], [2.0]])))))


def test_check_rejects_wrong_gradient():
    with pytest.raises(cases.CaseFailure, match=r"result\[1\] is"):
        cases.check(make_case(cases.Finite((2.0, np.array([[1.0], [2.5]])))))


def test_check_rejects_wrong_dtype():
    with pytest.raises(cases.CaseFailure, match="dtype float64; expected float32"):
        cases.check(make_case(cases.Finite((2.0, np.array([[1.0], [2.0]])), dtype=np.float32)))


def test_check_rejects_wrong_shape():
    with pytest.raises(cases.CaseFailure, match=r"shape \(2, 1\); expected \(2,\)"):
        cases.check(make_case(cases.Finite((2.0, np.array([1.0, 2.0])))))


def test_check_rejects_nonfinite_result():
    def infinite(X, y, theta):
        return float("inf"), np.array([[np.inf]])

    with pytest.raises(cases.CaseFailure, match="expected a finite float"):
        cases.check(make_case(cases.Finite((float("inf"), np.array([[np.inf]]))), function=infinite))


def test_check_rejects_result_where_error_expected():
    with pytest.raises(cases.CaseFailure, match="expected ValueError naming 'y'"):
        cases.check(make_case(cases.Rejected("y", ("labels",))))


def test_check_rejects_message_without_argument():
    arguments = {"X": X, "y": np.array([2]), "theta": THETA}
    with pytest.raises(cases.CaseFailure, match="does not name 'theta'"):
        cases.check(make_case(cases.Rejected("theta", ()), **arguments))


def test_check_rejects_message_without_key_words():
    arguments = {"X": X, "y": np.array([2]), "theta": THETA}
    with pytest.raises(cases.CaseFailure, match="lacks"):
        cases.check(make_case(cases.Rejected("y", ("no such words",)), **arguments))


def test_check_rejects_other_exception():
    def broken(X, y, theta):
        raise TypeError("y is wrong")

    with pytest.raises(cases.CaseFailure, match="expected ValueError, got TypeError"):
        cases.check(make_case(cases.Rejected("y", ()), function=broken))


def test_check_rejects_warning():
    def overflowing(X, y, theta):
        return float(np.exp(np.float64(1000.0))), np.zeros((2, 1))

    with pytest.raises(cases.CaseFailure, match="warned"):
        cases.check(make_case(cases.Finite((0.0, np.zeros((2, 1)))), function=overflowing))


def test_argument_name_is_a_whole_word():
    assert cases.names_argument("y[1] is 3", "y")
    assert not cases.names_argument("every entry", "y")
    assert not cases.names_argument("X.shape[1] rows", "shape")


def test_describe_value_marks_floats_and_dtypes():
    assert cases.describe_value(np.array([0.0, 2.0])) == "[0.0, 2.0]"
    assert cases.describe_value(np.array([0, 2])) == "[0, 2]"
    assert cases.describe_value(np.array([1.0], dtype=np.float32)) == "[1.0] (float32)"
    assert cases.describe_value(np.zeros((0, 2))) == "empty, shape (0, 2)"
    assert cases.describe_value(np.zeros((3, 4))) == "shape (3, 4)"


# --- The page ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh"])
def test_page_names_every_model(language):
    text = PAGES[language].read_text(encoding="utf-8")
    named = case_tables.PLACEHOLDER.findall(text)
    assert named == list(cases.MODELS)


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_table_has_row_per_case(locale):
    table = case_tables.render_table("softmax-regression", locale)
    rows = table.splitlines()[2:]
    selected = cases.cases_of("softmax-regression")
    assert len(rows) == len(selected)
    for row, case in zip(rows, selected):
        assert row.startswith(f"| `{case.id}` |")
        assert (case.zh if locale == "zh" else case.en) in row


def test_table_shows_observed_value():
    table = case_tables.render_table("logistic-ce", "en")
    row = next(line for line in table.splitlines() if line.startswith("| `logits-1e4-wrong` |"))
    assert "finite: `(20000.0, [[0.0], [20000.0]])`" in row


def test_table_rejects_unknown_model():
    with pytest.raises(PluginError, match="unknown model 'no-such-model'"):
        case_tables.render_table("no-such-model", "en")


def test_table_fails_on_wrong_outcome(monkeypatch):
    wrong = make_case(cases.Finite((5.0, np.array([[1.0], [2.0]]))))
    monkeypatch.setattr(cases, "CASES", [wrong])
    with pytest.raises(PluginError, match="case perceptron/probe failed"):
        case_tables.render_table("perceptron", "en")


@pytest.mark.parametrize("language_dir", ["", "zh"])
def test_built_page_shows_every_case(site_dir, language_dir):
    path = site_dir / language_dir / "numerics" / "index.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    tables = soup.select("article table")
    assert len(tables) == len(cases.MODELS)
    for table, model in zip(tables, cases.MODELS):
        ids = [row.select_one("td code").get_text() for row in table.select("tbody tr")]
        assert ids == [case.id for case in cases.cases_of(model)], model
