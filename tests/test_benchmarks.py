"""The benchmark suite: its smoke run end to end, and the parts that the numbers rest on.

The smoke run times a tiny grid once per case into a temporary folder, so
these tests check that the harness runs and writes a consistent page, not
how fast anything is. PyTorch and JAX are optional: where they are not
installed, their contenders must be recorded as skipped.
"""

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from derivlib.benchmarks import analysis, runner, timing
from derivlib.benchmarks.contenders import CONTENDERS
from derivlib.benchmarks.grid import SMOKE
from derivlib.benchmarks.models import MODELS, MODELS_BY_KEY, Dims

REPO_ROOT = Path(__file__).resolve().parent.parent
HEADING_ID = re.compile(r"^#+ .*\{ #([\w-]+) \}$", re.M)
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
SMOKE_TIMEOUT_SECONDS = 300


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    """Run ``python -m derivlib.benchmarks run --smoke`` once; return (docs folder, results, exit code)."""
    docs_dir = tmp_path_factory.mktemp("benchmark-smoke")
    completed = subprocess.run(
        [sys.executable, "-m", "derivlib.benchmarks", "run", "--smoke", "--docs-dir", str(docs_dir)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads((docs_dir / "assets" / "performance" / "results.json").read_text(encoding="utf-8"))
    return docs_dir, results


def installed(module):
    return importlib.util.find_spec(module) is not None


# ---------------------------------------------------------------------------
# The smoke run
# ---------------------------------------------------------------------------


def test_smoke_times_every_case_of_numpy_contenders(smoke):
    _, results = smoke
    timed = {(row["contender"], row["model"], row["m"], row["b"], row["dtype"], row["n"]) for row in results["results"]}
    for contender in ("derivlib", "per-sample", "floor-products", "floor-bandwidth"):
        for configuration in SMOKE.configurations:
            for n in SMOKE.sizes:
                case = (contender, configuration.model, configuration.m, configuration.b, configuration.dtype, n)
                assert case in timed, f"{case} missing from the smoke results"


def test_smoke_records_no_errors(smoke):
    _, results = smoke
    assert results["errors"] == []
    assert results["skipped"] == []


def test_smoke_skips_exactly_missing_libraries(smoke):
    _, results = smoke
    for contender in CONTENDERS:
        entry = results["contenders"][contender.key]
        expected = "skipped" if contender.requires and not installed(contender.requires) else "ran"
        assert entry["status"] == expected, (contender.key, entry)


def test_smoke_contenders_agree_with_derivlib(smoke):
    _, results = smoke
    checked = [row for row in results["results"] if row.get("agreement")]
    ran = [key for key, entry in results["contenders"].items() if entry["status"] == "ran"]
    expected_contenders = set(ran) - {"derivlib", "floor-products"}
    assert {row["contender"] for row in checked} == expected_contenders
    for row in checked:
        assert row["agreement"]["agrees"], row


def test_smoke_records_machine_and_blas(smoke):
    _, results = smoke
    assert results["machine"]["cpu_model"]
    assert results["read_bandwidth"]["bytes_per_second"] > 0
    environment = results["contenders"]["derivlib"]["environment"]
    assert environment["numpy"] == np.__version__
    assert environment["threads"] == results["threads"]
    if installed("threadpoolctl"):
        assert any(pool["user_api"] == "blas" for pool in environment["threadpools"])


def test_smoke_writes_pages_with_same_heading_ids(smoke):
    docs_dir, _ = smoke
    english = (docs_dir / "performance.md").read_text(encoding="utf-8")
    chinese = (docs_dir / "performance.zh.md").read_text(encoding="utf-8")
    assert HEADING_ID.findall(english) == HEADING_ID.findall(chinese)
    assert "targets" in HEADING_ID.findall(english)
    for model in MODELS:
        assert model.key in HEADING_ID.findall(english)


def test_smoke_page_images_exist(smoke):
    docs_dir, _ = smoke
    for page in ("performance.md", "performance.zh.md"):
        links = IMAGE_LINK.findall((docs_dir / page).read_text(encoding="utf-8"))
        assert len(links) == len(MODELS), page
        for link in links:
            assert (docs_dir / link).is_file(), link


def test_smoke_leaves_repository_docs_alone(smoke):
    docs_dir, _ = smoke
    assert Path(docs_dir).resolve() != (REPO_ROOT / "docs").resolve()


def test_report_rewrites_page_from_results(smoke, tmp_path):
    docs_dir, results = smoke
    target = tmp_path / "assets" / "performance"
    target.mkdir(parents=True)
    (target / "results.json").write_text(json.dumps(results), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "derivlib.benchmarks", "report", "--docs-dir", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert (tmp_path / "performance.md").read_text(encoding="utf-8") == (docs_dir / "performance.md").read_text(
        encoding="utf-8"
    )


# ---------------------------------------------------------------------------
# Parts
# ---------------------------------------------------------------------------


def test_numpy_side_imports_without_torch_or_jax():
    code = (
        "import sys\n"
        "import derivlib.benchmarks.__main__, derivlib.benchmarks.worker, derivlib.benchmarks.report\n"
        "loaded = sorted(name for name in ('torch', 'jax') if name in sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr


def test_worker_environment_removes_openblas_overrides(monkeypatch):
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    monkeypatch.setenv("OPENBLAS_L2_SIZE", "262144")
    environment, removed = runner.worker_environment(threads=3)
    assert "OPENBLAS_CORETYPE" not in environment
    assert "OPENBLAS_L2_SIZE" not in environment
    assert removed == {"OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_L2_SIZE": "262144"}
    assert os.environ["OPENBLAS_CORETYPE"] == "Haswell"


@pytest.mark.parametrize("name", runner.THREAD_VARIABLES)
def test_worker_environment_sets_thread_count(name):
    environment, _ = runner.worker_environment(threads=3)
    assert environment[name] == "3"


def test_single_thread_worker_turns_off_xla_eigen_pool():
    environment, _ = runner.worker_environment(threads=1)
    assert environment["XLA_FLAGS"] == "--xla_cpu_multi_thread_eigen=false"


def test_floor_counts_linear_regression():
    model = MODELS_BY_KEY["linear-regression"]
    operations, bytes_read = model.floor_counts(Dims(n=10, m=3, c=1, b=0, dtype="float64"))
    assert operations == 2 * (2 * 10 * 3 * 1)
    # X @ theta reads X (30) and theta (3); X.T @ r reads X (30) and r (10).
    assert bytes_read == 8 * (30 + 3 + 30 + 10)


def test_floor_counts_network_float32():
    model = MODELS_BY_KEY["relu-softmax-network"]
    n, m, b, c = 10, 3, 4, 2
    operations, bytes_read = model.floor_counts(Dims(n=n, m=m, c=c, b=b, dtype="float32"))
    # X @ W, Z @ V, D @ V.T, X.T @ G, Z.T @ D
    assert operations == 2 * (n * m * b + n * b * c + n * c * b + m * n * b + b * n * c)
    reads = (n * m + m * b) + (n * b + b * c) + (n * c + b * c) + (n * m + n * b) + (n * b + n * c)
    assert bytes_read == 4 * reads


def test_problem_is_deterministic_and_typed():
    model = MODELS_BY_KEY["softmax-regression"]
    dims = Dims(n=6, m=4, c=3, b=0, dtype="float32")
    first, second = model.make_problem(dims), model.make_problem(dims)
    np.testing.assert_array_equal(first.X, second.X)
    assert first.X.dtype == np.float32
    assert first.targets.shape == (6, 3)
    np.testing.assert_array_equal(first.targets.argmax(axis=1), first.labels)
    assert first.parameters[0].dtype == np.float32


def test_measure_counts_calls():
    calls = []
    result = timing.measure(lambda: calls.append(1), sample_seconds=0.0, repeat=4, min_repeat=1, budget_seconds=10.0)
    assert result.samples == 4
    assert result.calls_per_sample == 1
    assert len(calls) == 1 + 4  # the warm-up and one call per sample


def test_measure_shortens_over_budget():
    result = timing.measure(lambda: time.sleep(0.02), sample_seconds=0.0, repeat=50, min_repeat=2, budget_seconds=0.1)
    assert 2 <= result.samples < 50
    assert result.minimum <= result.median <= result.maximum


def synthetic_results(derivlib_seconds, contender, contender_seconds, model="linear-regression", dtype="float64", n=4096):
    row = {"model": model, "m": 10, "b": 0, "dtype": dtype, "n": n}
    return {
        "results": [
            {**row, "contender": "derivlib", "timing": {"median": derivlib_seconds}},
            {**row, "contender": contender, "timing": {"median": contender_seconds}},
        ]
    }


@pytest.mark.parametrize(
    "torch_seconds, status",
    [(2.0, "met"), (1.0, "met"), (0.5, "missed")],
)
def test_torch_target_status(torch_seconds, status):
    results = analysis.Results(synthetic_results(1.0, "torch-autograd", torch_seconds))
    target = next(t for t in analysis.targets(results, per_sample_n=10_000) if t.key == "torch-autograd")
    assert target.status == status
    assert target.worst == pytest.approx(torch_seconds)


def test_bandwidth_target_uses_largest_n():
    rows = synthetic_results(1.2, "floor-bandwidth", 1.0, n=100)["results"]
    rows += synthetic_results(1.05, "floor-bandwidth", 1.0, n=1000)["results"]
    target = next(t for t in analysis.targets(analysis.Results({"results": rows}), 10_000) if t.key == "bandwidth-floor")
    assert target.status == "met"
    assert target.worst == pytest.approx(1.05)


def test_target_without_data_not_measured():
    results = analysis.Results(synthetic_results(1.0, "torch-autograd", 2.0))
    target = next(t for t in analysis.targets(results, per_sample_n=10_000) if t.key == "jax-float64")
    assert target.status == "not measured"


def test_serve_rebuild_on_small_site(tmp_path):
    from derivlib.benchmarks import timings

    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "index.md"
    page.write_text("# Small site\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: small\n", encoding="utf-8")
    measured = timings.measure_serve_rebuild(config, page, cwd=tmp_path, start_timeout=120, rebuild_timeout=60)
    assert 0 < measured["rebuild_seconds"] < 60
    assert measured["first_build_seconds"] > 0


def test_timings_merge_replaces_one_step():
    from derivlib.benchmarks import report, timings

    def entry(key, seconds):
        return timings.step(key, key, seconds, 0, 10, "", "")

    previous = {"created": "then", "load_average": [1.0, 1.0, 1.0],
                "steps": [entry(key, 1.0) for key in timings.STEPS]}
    again = {"created": "now", "load_average": [0.25, 0.5, 0.5], "steps": [entry("build", 70.0)]}
    merged = timings.merge(previous, again)
    assert [step["key"] for step in merged["steps"]] == list(timings.STEPS)
    build = merged["steps"][timings.STEPS.index("build")]
    assert (build["seconds"], build["created"]) == (70.0, "now")
    assert all("created" not in step for step in merged["steps"] if step["key"] != "build")
    assert previous["steps"][timings.STEPS.index("build")]["seconds"] == 1.0
    page = "\n".join(report.timings_section({"timings": merged}, "en"))
    assert "The row `build` was measured again at now, when the 1-minute load average was 0.25." in page


def test_timings_merge_of_every_step_replaces_all():
    from derivlib.benchmarks import timings

    fresh = {"created": "now", "load_average": [0.0] * 3,
             "steps": [timings.step(key, key, 2.0, 0, 10, "", "") for key in timings.STEPS]}
    assert timings.merge({"created": "then", "load_average": [1.0] * 3, "steps": []}, fresh) is fresh


def test_cold_build_copy_keeps_nested_site_package(tmp_path):
    import shutil

    from derivlib.benchmarks import timings

    source = tmp_path / "repository"
    for folder in ("site", ".cache/labs", "derivlib/site", "derivlib/__pycache__", "docs"):
        (source / folder).mkdir(parents=True)
        (source / folder / "file.txt").write_text("x")
    copy = tmp_path / "copy"
    shutil.copytree(source, copy, ignore=timings.not_copied(source))
    assert (copy / "derivlib" / "site" / "file.txt").is_file()
    assert (copy / "docs" / "file.txt").is_file()
    assert not (copy / "site").exists()
    assert not (copy / ".cache").exists()
    assert not (copy / "derivlib" / "__pycache__").exists()
