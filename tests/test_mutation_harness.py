"""The mutation harness (tests/mutation/mutate.py) finds, applies and judges mutants.

The end-to-end test mutates a tiny module in a temporary folder, with a test
that misses one behaviour on purpose, so that the harness must report both
killed and surviving mutants.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parent / "mutation" / "mutate.py"

TINY_MODULE = """\
def clip(value):
    if value < 0:
        return 0.0
    if value > 1:
        return 1.0
    return value
"""

# The test checks values below 0, inside [0, 1] and above 2, but none in
# (1, 2]: the mutant "value > 2" survives it.
TINY_TEST = """\
from derivlib.tiny_mutation_target import clip


def test_clip():
    assert clip(-2.0) == 0.0
    assert clip(0.5) == 0.5
    assert clip(3.0) == 1.0
"""

EXPECTED = {
    "Lt->LtE": "survived",  # equivalent: clip(0) is 0 either way
    "0->1": "killed",
    "0.0->1.0": "killed",
    "Gt->GtE": "survived",  # equivalent: clip(1) is 1 either way
    "1->0": "killed",
    "1->2": "survived",  # not equivalent: clip(1.5) changes; the test misses it
    "1.0->2.0": "killed",
}


@pytest.fixture(scope="module")
def mutate():
    spec = importlib.util.spec_from_file_location("derivlib_mutation_harness", HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def descriptions(mutants):
    return [mutant.description for mutant in mutants]


def test_mutations_of_operators(mutate):
    source = "def f(a, b):\n    return a + b if not a > 0 else -b @ a.T\n"
    found = descriptions(mutate.mutations("m.py", source))
    for expected in ("Add->Sub", "Gt->GtE", "0->1", "drop-Not", "drop-USub", "drop-T"):
        assert expected in found, f"{expected} missing from {found}"


def test_mutations_skip_docstrings_and_messages(mutate):
    source = 'def f(x):\n    """Return x + 1."""\n    raise ValueError(f"x is {x + 1}")\n'
    assert list(mutate.mutations("m.py", source)) == []


def test_apply_replaces_only_the_span(mutate):
    source = "y = (a - b) * 2  # comment\n"
    mutant = next(m for m in mutate.mutations("m.py", source) if m.description == "Sub->Add")
    assert mutate.apply(source, mutant) == "y = ((a + b)) * 2  # comment\n"


def test_equivalence_list_parsed(mutate, tmp_path):
    listing = tmp_path / "equivalent.txt"
    listing.write_text("# header\nm.py:1:2:Add->Sub # x + 0 equals x - 0\n\n", encoding="utf-8")
    assert mutate.read_equivalent(listing) == {"m.py:1:2:Add->Sub": "x + 0 equals x - 0"}


def test_harness_kills_and_keeps_mutants(mutate, tmp_path):
    package = tmp_path / "derivlib"
    package.mkdir()
    (package / "tiny_mutation_target.py").write_text(TINY_MODULE, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_tiny.py").write_text(TINY_TEST, encoding="utf-8")

    module = "derivlib/tiny_mutation_target.py"
    mutants = list(mutate.mutations(module, TINY_MODULE))
    assert sorted(descriptions(mutants)) == sorted(EXPECTED)
    outcomes = mutate.run_mutants(
        tmp_path,
        mutants,
        {module: TINY_MODULE},
        {module: 60.0},
        mutate.dependents(tmp_path),
        2,
        report=lambda outcome: None,
        tests=lambda _: ([str(tmp_path / "tests" / "test_tiny.py")], None),
    )
    statuses = {o.id.rsplit(":", 1)[1]: o.status for o in outcomes}
    assert statuses == EXPECTED

    summary, failed = mutate.summarize(
        outcomes,
        {f"{module}:2:7:Lt->LtE": "clip(0) is 0 either way", f"{module}:4:7:Gt->GtE": "clip(1) is 1"},
        [m.id for m in mutants],
    )
    assert failed
    assert "score: 4/5 non-equivalent mutants killed (80.0%)" in summary
    assert f"SURVIVED {module}:4:15:1->2" in summary


@pytest.mark.parametrize(
    "status, expected",
    [(0, "survived"), (1, "killed"), (2, "killed"), (-14, "killed"), (None, "timeout"), (3, "error"), (5, "error")],
)
def test_exit_status_classified(mutate, status, expected):
    assert mutate.classify(status) == expected
