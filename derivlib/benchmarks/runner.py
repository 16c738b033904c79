"""Start one worker process per contender and collect their records into one results file.

Every worker gets the same thread count through the usual variables
(``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS``, ...) and,
when fewer threads than CPUs are asked for, the same CPUs through the
process's CPU affinity, which JAX's thread pool follows.
"""

import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from .contenders import CONTENDERS
from .models import MODELS_BY_KEY, Dims

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"
ASSETS = Path("assets") / "performance"
RESULTS_FILE = "results.json"

# OpenBLAS reads these at load time; a CPU core type or L2 size that does
# not match the real CPU selects slower kernels. They are removed in the
# worker processes only, so the tests and CI keep the machine's settings.
OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)

# The bandwidth test reads an array this many times larger than the largest
# cache, and at least this large.
BANDWIDTH_CACHE_MULTIPLE = 4
BANDWIDTH_MIN_BYTES = 256 * 2**20
SMOKE_BANDWIDTH_BYTES = 8 * 2**20


def available_cpus():
    return sorted(os.sched_getaffinity(0))


def worker_environment(threads):
    """Return the environment of a worker and the OpenBLAS overrides it removed."""
    environment = dict(os.environ)
    removed = {name: environment.pop(name) for name in OPENBLAS_OVERRIDES if name in environment}
    for name in THREAD_VARIABLES:
        environment[name] = str(threads)
    if threads == 1:
        # XLA's CPU backend has no thread-count flag; the CPU affinity limits
        # it, and this keeps Eigen's own pool off.
        environment["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false"
    package_parent = str(Path(__file__).resolve().parents[2])
    environment["PYTHONPATH"] = os.pathsep.join(
        path for path in (package_parent, environment.get("PYTHONPATH")) if path
    )
    return environment, removed


def read_text(path):
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def cpu_model():
    for line in read_text("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def caches():
    """Return the caches of CPU 0 that sysfs reports: level, type, size and the CPUs sharing it."""
    found = []
    for index in sorted(Path("/sys/devices/system/cpu/cpu0/cache").glob("index*")):
        found.append(
            {
                "level": read_text(index / "level").strip(),
                "type": read_text(index / "type").strip(),
                "size": read_text(index / "size").strip(),
                "shared_cpu_list": read_text(index / "shared_cpu_list").strip(),
            }
        )
    return found


def memory_bytes():
    for line in read_text("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return None


def describe_machine():
    """Return what the results depend on: CPU, memory, OS and Python."""
    return {
        "hostname": platform.node(),
        "platform": platform.platform(),
        "cpu_model": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "available_cpus": len(available_cpus()),
        "caches": caches(),
        "memory_bytes": memory_bytes(),
        "python": platform.python_version(),
    }


def bandwidth_array_bytes(smoke):
    if smoke:
        return SMOKE_BANDWIDTH_BYTES
    largest = max((parse_size(cache["size"]) for cache in caches()), default=0)
    return max(BANDWIDTH_MIN_BYTES, BANDWIDTH_CACHE_MULTIPLE * largest)


def parse_size(text):
    units = {"K": 2**10, "M": 2**20, "G": 2**30}
    if text and text[-1] in units and text[:-1].isdigit():
        return int(text[:-1]) * units[text[-1]]
    return 0


def run_worker(contender, spec, threads, workdir):
    """Run one contender's worker to the end and return its records and exit code."""
    spec_path = workdir / f"{contender.key}.spec.json"
    output_path = workdir / f"{contender.key}.jsonl"
    spec_path.write_text(json.dumps(spec))
    environment, _ = worker_environment(threads)
    cpus = available_cpus()
    preexec = None
    if threads < len(cpus):
        chosen = set(cpus[:threads])
        preexec = lambda: os.sched_setaffinity(0, chosen)  # noqa: E731
    completed = subprocess.run(
        [sys.executable, "-m", "derivlib.benchmarks.worker", str(spec_path), str(output_path)],
        env=environment,
        preexec_fn=preexec,
        check=False,
    )
    records = []
    if output_path.exists():
        records = [json.loads(line) for line in output_path.read_text().splitlines() if line.strip()]
    return records, completed.returncode


def grid_description(grid):
    return {
        "name": grid.name,
        "sizes": list(grid.sizes),
        "per_sample_max_n": grid.per_sample_max_n,
        "configurations": [asdict(configuration) for configuration in grid.configurations],
        "sample_seconds": grid.sample_seconds,
        "repeat": grid.repeat,
        "min_repeat": grid.min_repeat,
        "budget_seconds": grid.budget_seconds,
    }


def bandwidth_floor_rows(grid, configurations, bandwidth):
    """Return the bandwidth floor of every case: the bytes the products read over the read rate."""
    rows = []
    for configuration in configurations:
        model = MODELS_BY_KEY[configuration.model]
        for n in grid.sizes:
            dims = Dims(n=n, m=configuration.m, c=configuration.c, b=configuration.b, dtype=configuration.dtype)
            operations, bytes_read = model.floor_counts(dims)
            seconds = bytes_read / bandwidth
            rows.append(
                {
                    "contender": "floor-bandwidth",
                    **asdict(configuration),
                    "n": n,
                    "timing": {"median": seconds, "minimum": seconds, "maximum": seconds},
                    "bytes_read": bytes_read,
                    "operations": operations,
                }
            )
    return rows


def run(grid, threads, contenders=CONTENDERS, smoke=False, log=print, command="python -m derivlib.benchmarks run"):
    """Run every contender over ``grid`` and return the results as a JSON-ready dict.

    ``command`` is recorded as the command that produced the results.
    """
    started = time.perf_counter()
    load_start = os.getloadavg()
    _, removed = worker_environment(threads)
    results = {
        "schema": 1,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "machine": describe_machine(),
        "threads": threads,
        "worker_environment": {
            "set": {name: str(threads) for name in THREAD_VARIABLES},
            "removed": removed,
            "cpu_affinity": available_cpus()[:threads],
        },
        "grid": grid_description(grid),
        "contenders": {},
        "read_bandwidth": None,
        "probes": [],
        "results": [],
        "skipped": [],
        "errors": [],
    }
    spec_grid = {**results["grid"], "check_agreement": grid.check_agreement}
    configurations = [asdict(configuration) for configuration in grid.configurations]
    with tempfile.TemporaryDirectory(prefix="derivlib-bench-") as workdir:
        for contender in contenders:
            if contender.requires and importlib.util.find_spec(contender.requires) is None:
                reason = f"{contender.requires} is not installed"
                results["contenders"][contender.key] = {"status": "skipped", "reason": reason}
                log(f"{contender.key}: skipped, {reason}")
                continue
            log(f"{contender.key}: running")
            spec = {
                "contender": contender.key,
                "threads": threads,
                "grid": spec_grid,
                "configurations": configurations,
                "bandwidth_bytes": bandwidth_array_bytes(smoke) if contender.key == "floor-products" else 0,
            }
            contender_started = time.perf_counter()
            records, returncode = run_worker(contender, spec, threads, Path(workdir))
            entry = {"status": "ran", "returncode": returncode, "seconds": time.perf_counter() - contender_started}
            for record in records:
                kind = record.pop("kind")
                if kind == "result":
                    results["results"].append(record)
                elif kind == "skipped":
                    results["skipped"].append(record)
                elif kind == "error":
                    results["errors"].append(record)
                elif kind == "bandwidth":
                    results["read_bandwidth"] = record
                elif kind == "probe":
                    results["probes"].append(record)
                elif kind == "environment":
                    entry["environment"] = record
            if returncode != 0:
                entry["status"] = "failed"
                results["errors"].append({"contender": contender.key, "message": f"worker exited with code {returncode}"})
            results["contenders"][contender.key] = entry
    if results["read_bandwidth"]:
        measured = {(r["model"], r["m"], r["b"], r["dtype"]) for r in results["results"] if r["contender"] == "derivlib"}
        ran = [c for c in grid.configurations if (c.model, c.m, c.b, c.dtype) in measured]
        results["results"] += bandwidth_floor_rows(grid, ran, results["read_bandwidth"]["bytes_per_second"])
    results["seconds"] = time.perf_counter() - started
    results["load_average"] = {"start": list(load_start), "end": list(os.getloadavg())}
    return results
