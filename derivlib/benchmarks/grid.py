"""The grids of problem sizes: the full run, and the smoke run of the tests.

A configuration fixes a model, m, b and the dtype; it is timed at every n of
the grid. The per-sample form loops over the samples in Python, so it is
timed only up to ``per_sample_max_n``.
"""

from dataclasses import dataclass

from .models import MODELS


@dataclass(frozen=True)
class Configuration:
    """A model at fixed m, c, b and dtype, timed over a range of n."""

    model: str
    m: int
    c: int
    b: int
    dtype: str

    def label(self):
        """Return a short description such as ``m=784 b=512 float32``."""
        hidden = f" b={self.b}" if self.b else ""
        return f"m={self.m}{hidden} {self.dtype}"


@dataclass(frozen=True)
class Grid:
    """Every configuration and size of one run, with its timing effort."""

    name: str
    sizes: tuple[int, ...]
    per_sample_max_n: int
    configurations: tuple[Configuration, ...]
    # Each sample times enough back-to-back calls to last sample_seconds; a
    # case takes repeat samples, fewer when that would exceed budget_seconds.
    sample_seconds: float
    repeat: int
    min_repeat: int
    budget_seconds: float
    check_agreement: bool = True


def configurations(features, hidden, dtypes, classes, models=MODELS):
    """Return every configuration of ``models`` over the given m, b and dtypes."""
    result = []
    for model in models:
        for m in features:
            for b in hidden if model.uses_hidden else (0,):
                for dtype in dtypes:
                    c = classes if model.targets == "classes" else 1
                    result.append(Configuration(model.key, m, c, b, dtype))
    return tuple(result)


DTYPES = ("float64", "float32")

FULL = Grid(
    name="full",
    sizes=(256, 1024, 4096, 10_000, 50_000, 200_000),
    per_sample_max_n=10_000,
    configurations=configurations(features=(100, 784), hidden=(64, 512), dtypes=DTYPES, classes=10),
    sample_seconds=0.01,
    repeat=15,
    min_repeat=3,
    budget_seconds=1.5,
)

SMOKE = Grid(
    name="smoke",
    sizes=(32, 64),
    per_sample_max_n=64,
    configurations=configurations(features=(5,), hidden=(4,), dtypes=DTYPES, classes=3),
    sample_seconds=0.0,
    repeat=1,
    min_repeat=1,
    budget_seconds=0.0,
)
