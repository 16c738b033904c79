"""Command line of the benchmark suite.

    python -m derivlib.benchmarks run [--smoke] [--timings] [--threads N] [--docs-dir DIR]
                                      [--contenders A,B] [--models A,B] [--sizes N,N]
    python -m derivlib.benchmarks timings [--docs-dir DIR]
    python -m derivlib.benchmarks report [--docs-dir DIR]

``run`` times the grid and writes results.json, the plots and both pages.
``timings`` measures only the workflow timings and rewrites the pages with
the model results already in results.json. ``report`` rewrites the pages and
plots from results.json alone.
"""

import argparse
import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from . import report, runner
from .contenders import CONTENDERS, CONTENDERS_BY_KEY
from .grid import FULL, SMOKE
from .models import MODELS_BY_KEY


def log(message):
    print(message, file=sys.stderr, flush=True)


def results_path(docs_dir):
    return Path(docs_dir) / runner.ASSETS / runner.RESULTS_FILE


def load_results(docs_dir):
    path = results_path(docs_dir)
    if not path.exists():
        raise SystemExit(f"{path} not found; run `python -m derivlib.benchmarks run` first.")
    return json.loads(path.read_text(encoding="utf-8"))


def restrict(grid, models, sizes):
    """Return ``grid`` limited to the comma-separated model keys and sizes given, where given."""
    if models is not None:
        keys = models.split(",")
        unknown = [key for key in keys if key not in MODELS_BY_KEY]
        if unknown:
            raise SystemExit(f"unknown model {', '.join(unknown)}; choose from {', '.join(MODELS_BY_KEY)}")
        grid = replace(grid, configurations=tuple(c for c in grid.configurations if c.model in keys))
    if sizes is not None:
        try:
            chosen = tuple(int(size) for size in sizes.split(","))
        except ValueError:
            raise SystemExit(f"--sizes is {sizes!r}; expected comma-separated whole numbers such as 256,4096") from None
        if min(chosen) < 1:
            raise SystemExit(f"--sizes is {sizes!r}; every n must be at least 1.")
        grid = replace(grid, name=f"{grid.name}, n restricted", sizes=chosen)
    return grid


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m derivlib.benchmarks", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="time the grid and write results.json, the plots and the pages")
    run.add_argument("--smoke", action="store_true", help="a tiny grid, one sample per case, into a temporary folder")
    run.add_argument("--timings", action="store_true", help="also time verify, the tests, a cold build and a live rebuild")
    run.add_argument(
        "--threads", type=int, default=len(os.sched_getaffinity(0)),
        help="threads of every contender (default: the CPUs this process may use)",
    )
    run.add_argument(
        "--contenders", default=",".join(c.key for c in CONTENDERS),
        help="comma-separated contenders to run (default: all)",
    )
    run.add_argument(
        "--models", default=None,
        help="comma-separated model keys to run (default: all), e.g. linear-regression,sigmoid-network",
    )
    run.add_argument(
        "--sizes", default=None,
        help="comma-separated n to time in place of the grid's, e.g. 256,4096,10000",
    )
    timings_command = commands.add_parser("timings", help="time only the workflow commands")
    timings_command.add_argument(
        "--steps", default=None,
        help="comma-separated steps to time again, keeping the others from results.json "
        "(default: all of verify,tests,build,rebuild)",
    )
    for command in (run, timings_command,
                    commands.add_parser("report", help="rewrite the pages and plots from results.json")):
        command.add_argument(
            "--docs-dir", type=Path, default=None,
            help="folder that receives performance.md, performance.zh.md and assets/performance/ "
            "(default: docs/ of the repository, or a new temporary folder with --smoke)",
        )
    return parser.parse_args(argv)


def main(argv=None):
    arguments = parse_arguments(argv)
    docs_dir = arguments.docs_dir
    if arguments.command == "run":
        if docs_dir is None:
            docs_dir = Path(tempfile.mkdtemp(prefix="derivlib-bench-")) if arguments.smoke else runner.DOCS_DIR
        unknown = [key for key in arguments.contenders.split(",") if key not in CONTENDERS_BY_KEY]
        if unknown:
            raise SystemExit(f"unknown contender {', '.join(unknown)}; choose from {', '.join(CONTENDERS_BY_KEY)}")
        if arguments.threads < 1:
            raise SystemExit(f"--threads is {arguments.threads}; it must be at least 1.")
        chosen = [c for c in CONTENDERS if c.key in arguments.contenders.split(",")]
        grid = restrict(SMOKE if arguments.smoke else FULL, arguments.models, arguments.sizes)
        command = " ".join(["python -m derivlib.benchmarks", *(sys.argv[1:] if argv is None else argv)])
        results = runner.run(grid, arguments.threads, chosen, smoke=arguments.smoke, log=log, command=command)
        previous = results_path(docs_dir)
        if arguments.timings:
            from . import timings

            results["timings"] = timings.measure_all(log=log)
        elif previous.exists():
            results["timings"] = json.loads(previous.read_text(encoding="utf-8")).get("timings")
    else:
        docs_dir = docs_dir or runner.DOCS_DIR
        results = load_results(docs_dir)
        if arguments.command == "timings":
            from . import timings

            steps = timings.STEPS if arguments.steps is None else tuple(arguments.steps.split(","))
            unknown = [key for key in steps if key not in timings.STEPS]
            if unknown:
                raise SystemExit(f"unknown step {', '.join(unknown)}; choose from {', '.join(timings.STEPS)}")
            measured = timings.measure_all(log=log, steps=steps)
            results["timings"] = timings.merge(results.get("timings"), measured)
    for path in report.write(results, docs_dir):
        print(path)
    failed = [key for key, entry in results.get("contenders", {}).items() if entry.get("status") == "failed"]
    return 1 if failed or results.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
