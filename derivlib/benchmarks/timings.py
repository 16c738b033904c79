"""Wall times of the project's everyday commands: verify, the tests, a cold build and a live rebuild.

These run with the machine's own environment (no thread or OpenBLAS
changes), as a developer would run them. The live rebuild starts
``mkdocs serve`` on a free port of 127.0.0.1, waits for the first build,
touches one page and times until the server logs that it reloads the
browsers.
"""

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from .runner import REPO_ROOT

VERIFY_TARGET_SECONDS = 10
TESTS_TARGET_SECONDS = 90
BUILD_TARGET_SECONDS = 60
REBUILD_TARGET_SECONDS = 3
STEPS = ("verify", "tests", "build", "rebuild")

# Generous limits on a shared 2-core machine, so a hung command ends the
# measurement instead of the run.
COMMAND_TIMEOUT_SECONDS = 1800
SERVE_START_TIMEOUT_SECONDS = 600
REBUILD_TIMEOUT_SECONDS = 600

# Top-level folders that the cold build's copy of the repository leaves out:
# caches, builds and the environment, none of which a fresh clone has.
NOT_COPIED = (".venv", ".cache", ".git", "site", "test-artifacts", ".pytest_cache", ".hypothesis")

SERVING = re.compile(r"Serving on (http://\S+)")
RELOADING = "Reloading browsers"
BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")
# pytest's closing line, with or without the "=" rule around it (-q drops it).
PYTEST_SUMMARY = re.compile(r"^=*\s*(\d+ (?:passed|failed|errors?)\b.*?)\s*=*$", re.M)
EXECUTED_NOTEBOOK = "Converting notebook (execute=True)"


def mkdocs_environment():
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def time_command(command, cwd=REPO_ROOT, timeout=COMMAND_TIMEOUT_SECONDS):
    """Run ``command`` and return (seconds, exit code, combined output)."""
    start = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=cwd,
        env=mkdocs_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    return time.perf_counter() - start, completed.returncode, completed.stdout


def not_copied(repo_root):
    """Return a ``shutil.copytree`` filter that skips NOT_COPIED at the top level and __pycache__ anywhere."""
    top = Path(repo_root).resolve()

    def ignore(folder, names):
        skipped = {name for name in names if name == "__pycache__"}
        if Path(folder).resolve() == top:
            skipped |= {name for name in names if name in NOT_COPIED}
        return skipped

    return ignore


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_lines(stream, lines):
    """Put (time of arrival, line) on ``lines`` for every line of ``stream``, then None."""
    for line in stream:
        lines.put((time.perf_counter(), line.rstrip("\n")))
    lines.put(None)


def wait_for(lines, predicate, timeout, log):
    """Return (arrival time, line) of the first line that matches ``predicate``; raise TimeoutError."""
    deadline = time.perf_counter() + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError(f"no matching line from mkdocs serve within {timeout} s")
        try:
            item = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        if item is None:
            raise RuntimeError("mkdocs serve exited before the expected line")
        log.append(item[1])
        if predicate(item[1]):
            return item


def measure_serve_rebuild(config_file, page, cwd=REPO_ROOT, start_timeout=SERVE_START_TIMEOUT_SECONDS,
                          rebuild_timeout=REBUILD_TIMEOUT_SECONDS):
    """Time a live rebuild of ``mkdocs serve`` after ``page`` is touched.

    Returns a dict with the seconds of the first build, the seconds from the
    touch to the "Reloading browsers" line, and the build time that mkdocs
    itself logged for the rebuild. The server runs in a process group of its
    own, which is ended at the end.
    """
    port = free_port()
    command = [
        sys.executable, "-m", "mkdocs", "serve",
        "--config-file", str(config_file),
        "--dev-addr", f"127.0.0.1:{port}",
    ]
    started = time.perf_counter()
    server = subprocess.Popen(
        command,
        cwd=cwd,
        env=mkdocs_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = queue.Queue()
    reader = threading.Thread(target=read_lines, args=(server.stdout, lines), daemon=True)
    reader.start()
    log = []
    try:
        served_at, _ = wait_for(lines, lambda line: SERVING.search(line), start_timeout, log)
        first_build = served_at - started
        first_log_length = len(log)
        # Let the watcher settle, so that the touch is the only change it reports.
        time.sleep(1.0)
        touched_at = time.perf_counter()
        os.utime(page)
        reloaded_at, _ = wait_for(lines, lambda line: RELOADING in line, rebuild_timeout, log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        reader.join(timeout=10)
        server.stdout.close()
    rebuild_log = log[first_log_length:]
    built = [float(match.group(1)) for line in rebuild_log if (match := BUILT_IN.search(line))]
    return {
        "first_build_seconds": first_build,
        "rebuild_seconds": reloaded_at - touched_at,
        "mkdocs_build_seconds": built[-1] if built else None,
        "notebooks_executed_first": sum(EXECUTED_NOTEBOOK in line for line in log[:first_log_length]),
        "notebooks_executed_in_rebuild": sum(EXECUTED_NOTEBOOK in line for line in rebuild_log),
        "port": port,
    }


def time_notebooks(labs_dir):
    """Execute every lab notebook under ``labs_dir`` once, as the site build does; return seconds per file."""
    import jupytext
    from nbclient import NotebookClient

    seconds = {}
    for source in sorted(Path(labs_dir).glob("*.py")):
        notebook = jupytext.read(source)
        client = NotebookClient(notebook, kernel_name="python3", resources={"metadata": {"path": str(source.parent)}})
        start = time.perf_counter()
        client.execute()
        seconds[source.name] = time.perf_counter() - start
    return seconds


def step(key, command, seconds, returncode, target, detail, detail_zh):
    return {
        "key": key,
        "command": command,
        "seconds": seconds,
        "returncode": returncode,
        "target_seconds": target,
        "detail": detail,
        "detail_zh": detail_zh,
    }


def rebuild_step(serve, notebooks):
    """Describe the live rebuild, and how much of the builds the lab notebooks take."""
    executed_first = serve["notebooks_executed_first"]
    executed_again = serve["notebooks_executed_in_rebuild"]
    notebook_seconds = sum(notebooks.values())
    result = step(
        "rebuild", "mkdocs serve", serve["rebuild_seconds"], 0, REBUILD_TARGET_SECONDS,
        f"from touching docs/index.md to the log line '{RELOADING}'. The first build took "
        f"{serve['first_build_seconds']:.1f} s and executed {executed_first} notebooks; the rebuild executed "
        f"{executed_again}. Executing the {len(notebooks)} lab notebooks alone takes {notebook_seconds:.1f} s",
        f"从 touch docs/index.md 到日志出现 '{RELOADING}'。首次构建用了 {serve['first_build_seconds']:.1f} s，"
        f"执行了 {executed_first} 个笔记本；重建执行了 {executed_again} 个。"
        f"单独执行这 {len(notebooks)} 个实验笔记本需要 {notebook_seconds:.1f} s",
    )
    result["serve"] = serve
    return result


def merge(previous, measured):
    """Return ``previous`` timings with the steps of ``measured`` replaced, or ``measured`` if it has every step.

    A replaced step records when it was measured and the load at that time.
    """
    keys = [entry["key"] for entry in measured["steps"]]
    if previous is None or set(keys) == set(STEPS):
        return measured
    merged = {**previous, "steps": [dict(entry) for entry in previous["steps"]]}
    for entry in measured["steps"]:
        entry = {**entry, "created": measured["created"], "load_average": measured["load_average"]}
        index = next((i for i, old in enumerate(merged["steps"]) if old["key"] == entry["key"]), None)
        if index is None:
            merged["steps"].append(entry)
        else:
            merged["steps"][index] = entry
    return merged


def measure_all(log=print, repo_root=REPO_ROOT, steps=None):
    """Time the commands of the page's timings section (``steps``, default all) and return the section's data."""
    selected = STEPS if steps is None else steps
    load = list(os.getloadavg())
    measured = measure_steps(log, repo_root, selected)
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "load_average": load,
        "steps": measured,
    }


def measure_steps(log, repo_root, selected):
    steps = []
    if "verify" in selected:
        log("timings: python -m derivlib verify")
        seconds, code, _ = time_command([sys.executable, "-m", "derivlib", "verify"], cwd=repo_root)
        steps.append(step("verify", "python -m derivlib verify", seconds, code, VERIFY_TARGET_SECONDS, "", ""))
    if "tests" in selected:
        steps.append(measure_tests(log, repo_root))
    if "build" in selected:
        steps.append(measure_cold_build(log, repo_root))
    if "rebuild" in selected:
        steps.append(measure_rebuild(log, repo_root))
    return steps


def measure_tests(log, repo_root):
    log("timings: the test suite")
    seconds, code, output = time_command([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=repo_root)
    summaries = PYTEST_SUMMARY.findall(output)
    summary = summaries[-1] if summaries else "no pytest summary line found"
    return step(
        "tests", "make test", seconds, code, TESTS_TARGET_SECONDS,
        f"run as `python -m pytest`, which `make test` runs once .venv exists: {summary}; "
        "the suite includes a strict site build and the smoke run of this benchmark",
        f"以 `python -m pytest` 运行（.venv 已存在时 `make test` 执行的就是它）：{summary}；"
        "其中包括一次严格模式的站点构建和本基准的冒烟运行",
    )


def measure_cold_build(log, repo_root):
    log("timings: cold mkdocs build --strict")
    # A copy of the sources without .cache/, so that the build finds no
    # executed lab, as in a fresh clone.
    with tempfile.TemporaryDirectory(prefix="derivlib-cold-") as scratch:
        checkout = Path(scratch) / "repository"
        shutil.copytree(repo_root, checkout, ignore=not_copied(repo_root))
        seconds, code, _ = time_command(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(Path(scratch) / "site")],
            cwd=checkout,
        )
    return step(
        "build", "mkdocs build --strict", seconds, code, BUILD_TARGET_SECONDS,
        "in a copy of the sources without the lab cache (.cache/), as in a fresh clone, into an empty folder",
        "在不含实验缓存（.cache/）的源代码副本中构建，如同刚克隆的仓库，输出到空目录",
    )


def measure_rebuild(log, repo_root):
    log("timings: lab notebooks alone")
    notebooks = time_notebooks(repo_root / "docs" / "labs")

    log("timings: mkdocs serve rebuild")
    page = repo_root / "docs" / "index.md"
    try:
        serve = measure_serve_rebuild(repo_root / "mkdocs.yml", page, cwd=repo_root)
    except (TimeoutError, RuntimeError) as error:
        result = step("rebuild", "mkdocs serve", None, 1, REBUILD_TARGET_SECONDS, str(error), str(error))
    else:
        result = rebuild_step(serve, notebooks)
    result["notebooks"] = notebooks
    return result
