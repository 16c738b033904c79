"""Mutation testing of derivlib's gradient, loss and derivation code.

Run it with ``make mutation`` (or ``python tests/mutation/mutate.py``; pass
module paths to limit the run, ``--list`` to print the mutants only). The
harness

1. copies ``derivlib/``, ``tests/``, ``docs/`` and the project files into a
   temporary folder, so that edits to the working tree during a run change
   nothing, and the working tree itself is never modified;
2. makes one mutant per mutation point of each target module (see
   ``mutations``): an arithmetic or comparison operator swapped, a number or
   a boolean changed, a unary minus or ``not`` dropped, a transpose dropped,
   ``max`` and ``min`` (and their relatives) swapped;
3. imports every derivlib module of the copy and builds every SymPy
   derivation once, in the parent process;
4. for each mutant, forks a child that replaces the target module in
   ``sys.modules`` by the mutated source. The child drops every derivlib
   module that imports the target, directly or not, so that those modules
   are imported again on first use. Then it runs the module's fast tests
   with ``-x``;
5. counts a mutant as killed when the tests fail or time out, and as
   survived when they pass.

Surviving mutants listed in ``tests/mutation/equivalent.txt`` (one mutant id
per line, `` # `` and the reason after it) are equivalent: no input can tell
them from the original. The run ends with the score and every surviving
mutant that is not listed, and exits with status 1 if there is any.

A mutant id is ``PATH:LINE:COLUMN:DESCRIPTION``. It changes when the lines
above the mutation point change, so the run also reports every entry of the
equivalence list that matches no current mutant.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import functools
import importlib
import importlib.util
import json
import linecache
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
EQUIVALENT_FILE = Path(__file__).with_name("equivalent.txt")
RESULTS_FILE = REPO_ROOT / "test-artifacts" / "mutation" / "results.json"

# The tests that each target module's mutants must fail, as pytest arguments.
# They are the fast tests only (no site build, no lab execution), and the
# cheapest tests that kill most mutants come first, because each run stops at
# the first failure.
NUMPY_MODEL_TESTS = {
    "derivlib/linear_regression.py": ("tests/test_linear_regression.py", "linear"),
    "derivlib/logistic_regression.py": ("tests/test_logistic_regression.py", "logistic"),
    "derivlib/perceptron.py": ("tests/test_perceptron.py", "perceptron and not multiclass"),
    "derivlib/multiclass_perceptron.py": ("tests/test_multiclass_perceptron.py", "multiclass"),
    "derivlib/softmax_regression.py": ("tests/test_softmax_regression.py", "softmax"),
    "derivlib/sigmoid_network.py": ("tests/test_networks.py", "sigmoid"),
    "derivlib/relu_softmax_network.py": ("tests/test_networks.py", "relu"),
}
ALL_MODEL_TESTS = [
    "tests/test_linear_regression.py",
    "tests/test_logistic_regression.py",
    "tests/test_perceptron.py",
    "tests/test_multiclass_perceptron.py",
    "tests/test_softmax_regression.py",
    "tests/test_networks.py",
]
SYMBOLIC_MODEL_TESTS = {
    "derivlib/symbolic/linear_regression.py": ("tests/test_linear_regression.py", "linear"),
    "derivlib/symbolic/logistic_regression.py": ("tests/test_logistic_regression.py", "logistic"),
    "derivlib/symbolic/perceptron.py": ("tests/test_perceptron.py", "perceptron and not multiclass"),
    "derivlib/symbolic/multiclass_perceptron.py": ("tests/test_multiclass_perceptron.py", "multiclass"),
    "derivlib/symbolic/softmax_regression.py": ("tests/test_softmax_regression.py", "softmax"),
    "derivlib/symbolic/sigmoid_network.py": ("tests/test_networks.py", "sigmoid"),
    "derivlib/symbolic/relu_softmax_network.py": ("tests/test_networks.py", "relu"),
    "derivlib/symbolic/two_layer.py": ("tests/test_networks.py", "network"),
}


def tests_for(module):
    """Return (pytest paths, keyword expression or None) for the tests of one target module."""
    if module in NUMPY_MODEL_TESTS:
        own, keyword = NUMPY_MODEL_TESTS[module]
        paths = [
            "tests/test_cases.py",
            own,
            "tests/test_mutants_killed.py",
            "tests/test_properties.py",
            "tests/test_examples.py",
            "tests/test_derivations.py::test_numpy_matches_symbolic",
            "tests/test_derivations.py::test_numpy_matches_finite_differences",
        ]
        return paths, keyword
    if module == "derivlib/_two_layer.py":
        paths = [
            "tests/test_cases.py",
            "tests/test_networks.py",
            "tests/test_two_layer.py",
            "tests/test_mutants_killed.py",
            "tests/test_properties.py",
        ]
        return paths, None
    if module == "derivlib/_validation.py":
        return ["tests/test_cases.py", *ALL_MODEL_TESTS, "tests/test_mutants_killed.py"], None
    if module == "derivlib/functions.py":
        paths = [
            "tests/test_cases.py",
            *ALL_MODEL_TESTS,
            "tests/test_mutants_killed.py",
            "tests/test_properties.py",
            "tests/test_examples.py",
        ]
        return paths, None
    if module == "derivlib/gradcheck.py":
        return ["tests/test_gradcheck.py", "tests/test_mutants_killed.py", "tests/test_properties.py"], None
    if module in SYMBOLIC_MODEL_TESTS:
        own, keyword = SYMBOLIC_MODEL_TESTS[module]
        return ["tests/test_derivations.py", own, "tests/test_mutants_killed.py"], keyword
    if module in ("derivlib/symbolic/core.py", "derivlib/symbolic/functions.py"):
        return ["tests/test_mutants_killed.py", "tests/test_derivations.py"], None
    raise KeyError(f"no tests are assigned to {module}; add it to tests_for in {Path(__file__).name}")


DEFAULT_TARGETS = [
    *NUMPY_MODEL_TESTS,
    "derivlib/_two_layer.py",
    "derivlib/_validation.py",
    "derivlib/functions.py",
    "derivlib/gradcheck.py",
    "derivlib/symbolic/functions.py",
    *SYMBOLIC_MODEL_TESTS,
    # Last, because each of its surviving mutants runs every derivation's checks.
    "derivlib/symbolic/core.py",
]

# Libraries the tests import, loaded once in the parent so that each forked
# child starts with them. Pytest plugins (hypothesis) are left out: pytest
# warns when a plugin module was imported before it could rewrite its asserts.
PRELOAD = [
    "numpy",
    "sympy",
    "scipy",
    "sklearn.metrics",
    "sklearn.datasets",
    "pytest",
    "bs4",
    "yaml",
    "mkdocs.exceptions",
    "mkdocs.plugins",
]


# --- Mutation points -----------------------------------------------------------------------

BINARY_SWAPS = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Pow: ast.Mult,
    ast.Mod: ast.FloorDiv,
}
COMPARE_SWAPS = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
NAME_SWAPS = {
    "max": "min",
    "min": "max",
    "maximum": "minimum",
    "minimum": "maximum",
    "argmax": "argmin",
    "argmin": "argmax",
    "all": "any",
    "any": "all",
}


@dataclass(frozen=True)
class Mutant:
    """One change of one module: the source span it replaces and the replacement text."""

    module: str
    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str
    description: str

    @property
    def id(self):
        return f"{self.module}:{self.line}:{self.column}:{self.description}"


def operator_name(operator):
    return type(operator).__name__


def changed_number(value):
    """Return the replacement values of a numeric constant."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [0, 2] if value == 1 else [value + 1]
    if isinstance(value, float):
        return [1.0] if value == 0 else [2 * value]
    return []


def skipped_nodes(tree):
    """Return the ids of nodes that are never mutated: docstrings, f-strings, annotations and decorators."""
    skipped = set()

    def skip(node):
        for child in ast.walk(node):
            skipped.add(id(child))

    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in node.decorator_list:
                skip(decorator)
            if not isinstance(node, ast.ClassDef):
                if node.returns is not None:
                    skip(node.returns)
                for argument in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]:
                    if argument.annotation is not None:
                        skip(argument.annotation)
        if isinstance(node, ast.AnnAssign):
            skip(node.annotation)
    return skipped


def mutations(module, source):
    """Return every mutant of one module's source, each with a unique id.

    Nested operations can start at the same position, as the two products of
    ``a * b * c`` do, so a repeated id gets the suffix ``#2``, ``#3`` and so
    on, in the order of ``ast.walk``.
    """
    unique = []
    seen = {}
    for mutant in mutation_points(module, source):
        count = seen.get(mutant.id, 0) + 1
        seen[mutant.id] = count
        if count > 1:
            mutant = dataclasses.replace(mutant, description=f"{mutant.description}#{count}")
        unique.append(mutant)
    return unique


def mutation_points(module, source):
    """Yield every mutant of one module's source."""
    tree = ast.parse(source)
    skipped = skipped_nodes(tree)

    def mutant(node, replacement, description):
        return Mutant(
            module,
            node.lineno,
            node.col_offset,
            node.end_lineno,
            node.end_col_offset,
            replacement,
            description,
        )

    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in BINARY_SWAPS:
            new = BINARY_SWAPS[type(node.op)]
            changed = ast.BinOp(left=node.left, op=new(), right=node.right)
            yield mutant(node, f"({ast.unparse(changed)})", f"{operator_name(node.op)}->{new.__name__}")
        elif isinstance(node, ast.AugAssign) and type(node.op) in BINARY_SWAPS:
            new = BINARY_SWAPS[type(node.op)]
            changed = ast.AugAssign(target=node.target, op=new(), value=node.value)
            yield mutant(node, ast.unparse(changed), f"{operator_name(node.op)}=->{new.__name__}=")
        elif isinstance(node, ast.Compare):
            for index, operator in enumerate(node.ops):
                if type(operator) not in COMPARE_SWAPS:
                    continue
                new = COMPARE_SWAPS[type(operator)]
                ops = list(node.ops)
                ops[index] = new()
                changed = ast.Compare(left=node.left, ops=ops, comparators=node.comparators)
                yield mutant(node, f"({ast.unparse(changed)})", f"{operator_name(operator)}->{new.__name__}")
        elif isinstance(node, ast.BoolOp):
            new = ast.Or if isinstance(node.op, ast.And) else ast.And
            changed = ast.BoolOp(op=new(), values=node.values)
            yield mutant(node, f"({ast.unparse(changed)})", f"{operator_name(node.op)}->{new.__name__}")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            yield mutant(node, f"({ast.unparse(node.operand)})", f"drop-{operator_name(node.op)}")
        elif isinstance(node, ast.Constant) and not isinstance(node.value, str):
            for value in changed_number(node.value):
                yield mutant(node, repr(value), f"{node.value!r}->{value!r}")
        elif isinstance(node, ast.Attribute) and node.attr == "T":
            yield mutant(node, f"({ast.unparse(node.value)})", "drop-T")
        elif isinstance(node, ast.Attribute) and node.attr in NAME_SWAPS:
            changed = ast.Attribute(value=node.value, attr=NAME_SWAPS[node.attr], ctx=node.ctx)
            yield mutant(node, ast.unparse(changed), f"{node.attr}->{NAME_SWAPS[node.attr]}")
        elif isinstance(node, ast.Name) and node.id in ("max", "min"):
            yield mutant(node, NAME_SWAPS[node.id], f"{node.id}->{NAME_SWAPS[node.id]}")


def apply(source, mutant):
    """Return ``source`` with the mutant's span replaced; columns are UTF-8 byte offsets, as in ``ast``."""
    lines = source.splitlines(keepends=True)
    first = lines[mutant.line - 1].encode()
    last = lines[mutant.end_line - 1].encode()
    head = first[: mutant.column].decode()
    tail = last[mutant.end_column :].decode()
    changed = lines[: mutant.line - 1] + [head + mutant.replacement + tail] + lines[mutant.end_line :]
    return "".join(changed)


# --- Running -------------------------------------------------------------------------------


@dataclass
class Outcome:
    id: str
    status: str  # "killed", "survived", "timeout" or "error"
    seconds: float


def copy_tree(destination):
    """Copy what the fast tests read into ``destination``."""
    for name in ("derivlib", "tests", "docs"):
        shutil.copytree(
            REPO_ROOT / name,
            destination / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "mutation"),
        )
    for name in ("pyproject.toml", "mkdocs.yml", "requirements.txt"):
        shutil.copy2(REPO_ROOT / name, destination / name)


def module_name(path):
    """Return the import name of a source path: ``derivlib/symbolic/core.py`` -> ``derivlib.symbolic.core``."""
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path, name, known):
    """Return the derivlib modules that the source at ``path`` imports anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # "from package import submodule" depends on the submodule alone;
            # "from module import name" depends on the module.
            for alias in node.names:
                submodule = f"{origin}.{alias.name}"
                found.add(submodule if submodule in known else origin)
    return {module for module in found if module in known}


def dependents(root, package="derivlib"):
    """Return {module: every module of ``package`` that imports it, directly or through others}."""
    paths = {module_name(p.relative_to(root)): p for p in (root / package).rglob("*.py")}
    imports = {name: imported_modules(path, name, set(paths)) for name, path in paths.items()}
    importers = {name: set() for name in paths}
    for name, targets in imports.items():
        for target in targets:
            importers[target].add(name)
    closure = {}
    for name in paths:
        seen, stack = set(), [name]
        while stack:
            for importer in importers[stack.pop()]:
                if importer not in seen:
                    seen.add(importer)
                    stack.append(importer)
        closure[name] = seen
    return closure


def preload(workdir):
    """Import the test libraries and every derivlib module of the copy, and build every derivation."""
    # The children never write .pyc files into the copy.
    sys.dont_write_bytecode = True
    os.chdir(workdir)
    sys.path.insert(0, str(workdir))
    for name in PRELOAD:
        importlib.import_module(name)
    import derivlib
    import derivlib.symbolic

    if not derivlib.__file__.startswith(str(workdir)):
        raise SystemExit(f"derivlib was imported from {derivlib.__file__}, not from the copy in {workdir}")
    for path in sorted((workdir / "derivlib").rglob("*.py")):
        name = module_name(path.relative_to(workdir))
        if name.startswith(("derivlib.site", "derivlib.benchmarks")) or name.endswith("__main__"):
            continue
        importlib.import_module(name)
    derivlib.symbolic.derivations()


def install_mutant(workdir, mutant, source, closure):
    """Replace the target module in ``sys.modules`` by the mutated source; drop the modules that import it.

    Packages are kept: a dropped submodule is removed from its package's
    attributes, and importing it again restores the attribute.
    """
    name = module_name(mutant.module)
    packages = {module for module in sys.modules if hasattr(sys.modules[module], "__path__")}
    for dropped in [name, *closure[name]]:
        if dropped in packages and dropped != name:
            continue
        sys.modules.pop(dropped, None)
        parent, _, child = dropped.rpartition(".")
        if parent in sys.modules and child in vars(sys.modules[parent]):
            delattr(sys.modules[parent], child)

    path = str(workdir / mutant.module)
    mutated = apply(source, mutant)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    # inspect.getsource and doctest read the source through linecache.
    linecache.cache[path] = (len(mutated), None, mutated.splitlines(keepends=True), path)
    sys.modules[name] = module
    try:
        exec(compile(mutated, path, "exec"), module.__dict__)
    except Exception as error:
        raise MutantImportError(f"importing the mutated {name} failed: {error!r}") from error
    parent, _, child = name.rpartition(".")
    setattr(importlib.import_module(parent), child, module)


class MutantImportError(Exception):
    """The mutated module raised while it was imported, as a test importing it would see."""


class SkipSiteBuild:
    """Pytest plugin that deselects the tests needing the site build, which takes minutes."""

    def pytest_collection_modifyitems(self, config, items):
        needs_site = [item for item in items if {"site_build", "site_dir"} & set(item.fixturenames)]
        if needs_site:
            config.hook.pytest_deselected(items=needs_site)
            items[:] = [item for item in items if item not in needs_site]


def run_tests_in_child(workdir, test_arguments, keyword, install=None):
    """Fork a child that runs ``install()`` (if given), then pytest; return the child's pid.

    The child's exit status is pytest's (0 when every test passed), or 3
    when it failed before pytest finished; then ``child-error-PID.txt`` in
    ``workdir`` contains the traceback.
    """
    pid = os.fork()
    if pid == 0:
        status = 3
        try:
            # The parent reads only the exit status.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            if install is not None:
                try:
                    install()
                except MutantImportError:
                    os._exit(1)
            import pytest

            arguments = [*test_arguments, "-x", "-q", "-p", "no:cacheprovider", "--no-header"]
            if keyword:
                arguments += ["-k", keyword]
            status = int(pytest.main(arguments, plugins=[SkipSiteBuild()]))
        except BaseException:
            (workdir / f"child-error-{os.getpid()}.txt").write_text(traceback.format_exc(), encoding="utf-8")
        finally:
            os._exit(status)
    return pid


def wait_for(pid, timeout):
    """Wait for a child; return its exit status, or None after killing it at the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.05)


def classify(status):
    """Map a child's exit status to a mutant's status.

    pytest exits 1 for failed tests and 2 for an interrupted session (a
    mutant that breaks the import of a test module). ``None`` is a child
    killed at its timeout. A mutated module that raises when it is imported
    exits with 1 too, and a negative status is a child that a signal ended
    during the tests (a mutant that schedules SIGALRM, say), which the tests
    noticed as surely as a failure. Any other status is a harness error: 3
    for an exception in the harness itself, 5 when no test was collected.
    """
    if status is None:
        return "timeout"
    if status == 0:
        return "survived"
    if status in (1, 2) or status < 0:
        return "killed"
    return "error"


def run_mutants(workdir, mutants, sources, timeouts, closure, jobs, report, tests=tests_for):
    """Run every mutant, at most ``jobs`` children at a time; return their outcomes in order.

    ``tests(module)`` returns the pytest paths and keyword of a module's tests.
    """
    pending = list(enumerate(mutants))
    running = {}  # pid -> (index, mutant, started)
    outcomes = [None] * len(mutants)
    while pending or running:
        while pending and len(running) < jobs:
            index, mutant = pending.pop(0)
            source = sources[mutant.module]
            test_arguments, keyword = tests(mutant.module)
            install = functools.partial(install_mutant, workdir, mutant, source, closure)
            pid = run_tests_in_child(workdir, test_arguments, keyword, install)
            running[pid] = (index, mutant, time.monotonic())
        for pid in list(running):
            index, mutant, started = running[pid]
            finished, status = os.waitpid(pid, os.WNOHANG)
            elapsed = time.monotonic() - started
            if finished:
                code = os.waitstatus_to_exitcode(status)
            elif elapsed > timeouts[mutant.module]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                code = None
            else:
                continue
            del running[pid]
            outcomes[index] = Outcome(mutant.id, classify(code), round(elapsed, 2))
            report(outcomes[index])
        time.sleep(0.02)
    return outcomes


def baseline(workdir, module, timeout):
    """Run a module's tests without a mutation; return the seconds they took, or None if they fail."""
    test_arguments, keyword = tests_for(module)
    started = time.monotonic()
    pid = run_tests_in_child(workdir, test_arguments, keyword)
    status = wait_for(pid, timeout)
    if status == 0:
        return time.monotonic() - started
    error_file = workdir / f"child-error-{pid}.txt"
    if error_file.is_file():
        print(error_file.read_text(encoding="utf-8"), file=sys.stderr)
    command = f"python -m pytest {' '.join(test_arguments)}" + (f" -k '{keyword}'" if keyword else "")
    print(
        f"SKIPPED {module}: its tests fail without any mutation (exit status {status}); "
        f"fix them first: {command}",
        flush=True,
    )
    return None


def read_equivalent(path=EQUIVALENT_FILE):
    """Return {mutant id: reason} from the equivalence list."""
    equivalent = {}
    if not path.is_file():
        return equivalent
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        mutant_id, _, reason = line.partition(" # ")
        equivalent[mutant_id.strip()] = reason.strip()
    return equivalent


def read_results(path):
    """Return {mutant id: status} from a results file: JSON with an "outcomes" list, or JSON lines."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        rows = json.loads(text)["outcomes"]
    return {row["id"]: row["status"] for row in rows}


def summarize(outcomes, equivalent, all_ids):
    """Return the report of a run and whether it failed (a surviving unlisted mutant or a harness error).

    ``all_ids`` are the ids of every mutant of the modules run; an entry of
    ``equivalent`` for one of those modules that matches none of them is stale.
    """
    killed = [o for o in outcomes if o.status in ("killed", "timeout")]
    survived = [o for o in outcomes if o.status == "survived"]
    errors = [o for o in outcomes if o.status == "error"]
    listed = [o for o in survived if o.id in equivalent]
    unlisted = [o for o in survived if o.id not in equivalent]
    modules = {mutant_id.split(":", 1)[0] for mutant_id in all_ids}
    stale = sorted(i for i in set(equivalent) - set(all_ids) if i.split(":", 1)[0] in modules)
    non_equivalent = len(outcomes) - len(listed)
    score = 100.0 * len(killed) / non_equivalent if non_equivalent else 100.0
    lines = [
        f"mutants: {len(outcomes)}, killed: {len(killed)} "
        f"(of which timed out: {sum(o.status == 'timeout' for o in outcomes)}), "
        f"equivalent: {len(listed)}, surviving: {len(unlisted)}, harness errors: {len(errors)}",
        f"score: {len(killed)}/{non_equivalent} non-equivalent mutants killed ({score:.1f}%)",
    ]
    lines += [f"SURVIVED {o.id}" for o in unlisted]
    lines += [f"ERROR {o.id}" for o in errors]
    lines += [f"STALE equivalence entry (no such mutant): {mutant_id}" for mutant_id in stale]
    return "\n".join(lines), bool(unlisted or errors)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="target modules, as paths from the repository root")
    parser.add_argument("--list", action="store_true", help="print the mutant ids and exit")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at the same time, one process each")
    parser.add_argument(
        "--timeout-factor",
        type=float,
        default=5.0,
        help="a mutant whose tests take longer than this many times the unmutated run counts as killed",
    )
    parser.add_argument("--results", type=Path, default=RESULTS_FILE, help="where to write the JSON results")
    parser.add_argument(
        "--resume",
        type=Path,
        metavar="RESULTS",
        help="skip the mutants that an earlier run (.json or .jsonl results) killed; run the rest",
    )
    parser.add_argument("--ids", type=Path, metavar="FILE", help="run only the mutant ids listed in FILE, one a line")
    options = parser.parse_args(argv)
    modules = options.modules or DEFAULT_TARGETS
    results = options.results.resolve()

    with tempfile.TemporaryDirectory(prefix="derivlib-mutation-") as temporary:
        workdir = Path(temporary)
        copy_tree(workdir)
        sources = {module: (workdir / module).read_text(encoding="utf-8") for module in modules}
        mutants = []
        for module in modules:
            for mutant in mutations(module, sources[module]):
                try:
                    compile(apply(sources[module], mutant), module, "exec")
                except SyntaxError:
                    continue  # not a program, so not a mutant
                mutants.append(mutant)
        all_ids = [m.id for m in mutants]
        if options.ids:
            selected_ids = set(options.ids.read_text(encoding="utf-8").split())
            mutants = [m for m in mutants if m.id in selected_ids]
            modules = [module for module in modules if any(m.module == module for m in mutants)]
        carried = []
        if options.resume:
            earlier = read_results(options.resume)
            carried = [Outcome(m.id, earlier[m.id], 0.0) for m in mutants if earlier.get(m.id) in ("killed", "timeout")]
            mutants = [m for m in mutants if earlier.get(m.id) not in ("killed", "timeout")]
            modules = [module for module in modules if any(m.module == module for m in mutants)]
        if options.list:
            for mutant in mutants:
                print(mutant.id)
            return 0

        preload(workdir)
        closure = dependents(workdir)
        timeouts, skipped = {}, []
        for module in modules:
            seconds = baseline(workdir, module, timeout=1800)
            if seconds is None:
                skipped.append(module)
                continue
            timeouts[module] = max(30.0, options.timeout_factor * seconds)
            count = sum(m.module == module for m in mutants)
            print(f"{module}: {count} mutants, its tests take {seconds:.1f} s unmutated", flush=True)

        results.parent.mkdir(parents=True, exist_ok=True)
        progress = results.with_suffix(".jsonl").open("w", encoding="utf-8")

        def report(outcome):
            progress.write(json.dumps(asdict(outcome)) + "\n")
            progress.flush()
            if outcome.status in ("survived", "error"):
                print(f"  {outcome.status.upper()} {outcome.id}", flush=True)

        mutants = [m for m in mutants if m.module not in skipped]
        outcomes = carried + run_mutants(workdir, mutants, sources, timeouts, closure, options.jobs, report)
        progress.close()

    results.write_text(json.dumps({"outcomes": [asdict(o) for o in outcomes]}, indent=1), encoding="utf-8")
    summary, failed = summarize(outcomes, read_equivalent(), all_ids)
    print(summary)
    for module in skipped:
        print(f"SKIPPED {module}")
    return 1 if failed or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
