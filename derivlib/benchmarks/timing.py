"""Repeated wall-clock timing with ``time.perf_counter``, summarized by the median."""

import gc
import math
import statistics
import time
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds per call over the samples of one case: median, minimum and maximum."""

    median: float
    minimum: float
    maximum: float
    samples: int
    calls_per_sample: int

    def as_dict(self):
        return asdict(self)


def measure(call, sample_seconds, repeat, min_repeat, budget_seconds):
    """Time ``call()`` and return the per-call seconds of each sample, summarized.

    The first call is a warm-up and is not counted. Each sample times enough
    back-to-back calls to last about ``sample_seconds`` (at least one call),
    so the timer's resolution does not matter for fast calls. ``repeat``
    samples are taken, fewer (but at least ``min_repeat``) when they would
    take longer than ``budget_seconds``. The garbage collector is off while
    timing, as in ``timeit``.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        call()
        first = time.perf_counter() - start
        calls = max(1, math.ceil(sample_seconds / first)) if first > 0 else 1
        samples = repeat
        if first * calls * repeat > budget_seconds:
            samples = max(min_repeat, math.floor(budget_seconds / (first * calls)))
        seconds = []
        for _ in range(samples):
            start = time.perf_counter()
            for _ in range(calls):
                call()
            seconds.append((time.perf_counter() - start) / calls)
    finally:
        if collecting:
            gc.enable()
    return Timing(statistics.median(seconds), min(seconds), max(seconds), samples, calls)
