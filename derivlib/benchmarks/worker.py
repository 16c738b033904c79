"""The worker process of one contender: ``python -m derivlib.benchmarks.worker SPEC OUTPUT``.

The runner starts one worker per contender with the thread variables already
set, so every BLAS library reads them when it loads. SPEC is a JSON file with
the contender, the thread count, the grid's timing effort and the
configurations. The worker appends one JSON object per line to OUTPUT. Each
timed case gets a ``"result"``, and a case that it could not time a
``"skipped"`` or ``"error"`` record. The last record is the
``"environment"``: the libraries that the worker loaded and their thread pools.
"""

import json
import platform
import sys
import traceback
from pathlib import Path

import numpy as np

from .. import gradcheck
from .contenders import CONTENDERS_BY_KEY, derivlib_to_numpy
from .models import MODELS_BY_KEY, Dims
from .probes import prepare_probe, probe_cases
from .timing import measure

# Largest relative error of a contender's loss and gradient against
# derivlib's, by dtype. float32 sums over up to a few hundred thousand terms
# in a different order in each library.
AGREEMENT_TOLERANCE = {"float64": 1e-8, "float32": 1e-3}


def relative_difference(a, b):
    return abs(a - b) / max(abs(a), abs(b), np.finfo(np.float64).tiny)


def compare_with_derivlib(model, problem, contender, output):
    """Return the largest relative errors of ``output`` against derivlib's result."""
    vectorized, _ = model.functions()
    reference_loss, reference_gradients = derivlib_to_numpy(
        vectorized(problem.X, problem.labels, *problem.parameters)
    )
    loss, gradients = contender.to_numpy(output)
    loss_error = None if loss is None else relative_difference(loss, reference_loss)
    gradient_error = max(
        gradcheck.relative_error(g, reference) for g, reference in zip(gradients, reference_gradients, strict=True)
    )
    tolerance = AGREEMENT_TOLERANCE[problem.dims.dtype]
    agrees = gradient_error <= tolerance and (loss_error is None or loss_error <= tolerance)
    return {"loss_error": loss_error, "gradient_error": gradient_error, "tolerance": tolerance, "agrees": agrees}


def measure_read_bandwidth(array_bytes, grid):
    """Measure how fast this process reads memory, in bytes per second.

    Two reads of one float64 array much larger than the caches: a
    matrix-vector product (threaded BLAS, the kernel of the single-output
    gradients) and ``np.sum`` (one thread). The larger rate is the one used.
    """
    columns = 256
    A = np.ones((max(1, array_bytes // (8 * columns)), columns))
    v = np.ones(columns)
    effort = dict(
        sample_seconds=0.0, repeat=max(grid["repeat"], 1), min_repeat=1, budget_seconds=grid["budget_seconds"]
    )
    product = measure(lambda: A @ v, **effort)
    summed = measure(A.sum, **effort)
    rates = {"matrix_vector": A.nbytes / product.median, "sum": A.nbytes / summed.median}
    return {
        "array_bytes": A.nbytes,
        "bytes_per_second": max(rates.values()),
        "by_method": rates,
    }


def describe_environment(contender_key, threads):
    """Return the versions and thread pools of what this process has loaded."""
    environment = {
        "kind": "environment",
        "contender": contender_key,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "threads": threads,
    }
    try:
        import threadpoolctl
    except ImportError:
        environment["threadpools"] = "threadpoolctl is not installed"
    else:
        environment["threadpools"] = threadpoolctl.threadpool_info()
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        config = torch.__config__.show()
        blas = next((part for part in config.replace(",", " ").split() if part.startswith("BLAS_INFO=")), "")
        environment["torch"] = {
            "version": torch.__version__,
            "num_threads": torch.get_num_threads(),
            "blas": blas.removeprefix("BLAS_INFO="),
        }
    if "jax" in sys.modules:
        jax = sys.modules["jax"]
        import jaxlib

        environment["jax"] = {
            "version": jax.__version__,
            "jaxlib": jaxlib.__version__,
            "devices": [str(device) for device in jax.devices()],
            "x64": bool(jax.config.jax_enable_x64),
        }
    return environment


def time_case(contender, model, dims, spec, check):
    """Build one problem, time the contender on it, and return (timing, agreement, setup seconds).

    The agreement is None unless ``check`` is true; the setup seconds are
    None unless the contender precomputes something once per problem.

    The problem's arrays are released when this returns, before the next size
    is built.
    """
    grid = spec["grid"]
    problem = model.make_problem(dims)
    call = contender.prepare(model, problem, spec["threads"])
    agreement = compare_with_derivlib(model, problem, contender, call()) if check else None
    setup_seconds = getattr(call, "setup_seconds", None)
    timing = measure(
        call,
        sample_seconds=grid["sample_seconds"],
        repeat=grid["repeat"],
        min_repeat=grid["min_repeat"],
        budget_seconds=grid["budget_seconds"],
    )
    return timing, agreement, setup_seconds


def run_configuration(contender, configuration, spec, write):
    """Time one configuration at every size of the grid and write one record per size."""
    model = MODELS_BY_KEY[configuration["model"]]
    grid = spec["grid"]
    if contender.models is not None and model.key not in contender.models:
        return
    try:
        model.functions()
    except ImportError as error:
        write({"kind": "skipped", "contender": contender.key, **configuration, "reason": str(error)})
        return
    sizes = [n for n in grid["sizes"] if not contender.capped or n <= grid["per_sample_max_n"]]
    checked = grid["check_agreement"] and contender.key not in ("derivlib", "floor-products")
    for index, n in enumerate(sizes):
        dims = Dims(n=n, **{key: configuration[key] for key in ("m", "c", "b", "dtype")})
        row = {"contender": contender.key, **configuration, "n": n}
        try:
            timing, agreement, setup_seconds = time_case(contender, model, dims, spec, check=checked and index == 0)
        except Exception as error:  # noqa: BLE001 - one failed case must not end the run
            message = f"{type(error).__name__}: {error}"
            write({"kind": "error", **row, "message": message, "traceback": traceback.format_exc(limit=3)})
            print(f"  {contender.key} {model.key} n={n}: failed: {message}", file=sys.stderr, flush=True)
            continue
        record = {"kind": "result", **row, "timing": timing.as_dict(), "agreement": agreement}
        if setup_seconds is not None:
            record["setup_seconds"] = setup_seconds
        write(record)
        print(
            f"  {contender.key:15} {model.key:28} m={dims.m:<4} b={dims.b:<4} {dims.dtype} "
            f"n={n:<7} {timing.median * 1e3:10.3f} ms",
            file=sys.stderr,
            flush=True,
        )


def run_probes(spec, write):
    """Time each probe of ``probes.probe_cases`` once per shape and write one record each."""
    grid = spec["grid"]
    for key, description, shape, dtype in probe_cases(grid):
        call = prepare_probe(key, shape, dtype)
        timing = measure(
            call,
            sample_seconds=grid["sample_seconds"],
            repeat=grid["repeat"],
            min_repeat=grid["min_repeat"],
            budget_seconds=grid["budget_seconds"],
        )
        write({"kind": "probe", "key": key, "operation": description, "shape": list(shape), "dtype": dtype,
               "timing": timing.as_dict()})
        del call


def main(argv=None):
    spec_path, output_path = argv if argv is not None else sys.argv[1:]
    spec = json.loads(Path(spec_path).read_text())
    contender = CONTENDERS_BY_KEY[spec["contender"]]
    with open(output_path, "a", encoding="utf-8") as output:

        def write(record):
            output.write(json.dumps(record) + "\n")
            output.flush()

        if spec.get("bandwidth_bytes"):
            write({"kind": "bandwidth", **measure_read_bandwidth(spec["bandwidth_bytes"], spec["grid"])})
            run_probes(spec, write)
        for configuration in spec["configurations"]:
            run_configuration(contender, configuration, spec, write)
        write(describe_environment(contender.key, spec["threads"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
