"""The performance benchmark suite of derivlib and the page it writes.

``python -m derivlib.benchmarks run`` times the loss and gradient of every
model in ``models.MODELS`` for every contender in ``contenders.CONTENDERS``
over the grid in ``grid.FULL``. Each contender runs in a subprocess of its
own, with the same thread count. The command writes
``docs/assets/performance/results.json``, the plots beside it, and the pages
``docs/performance.md`` and ``docs/performance.zh.md``. ``--smoke`` runs a tiny grid once into a temporary
folder, which is what the tests do; ``--timings`` also times the project's
own commands (verify, the tests, the site build and a live rebuild).

Timing uses ``time.perf_counter`` only: the median of repeated samples.
PyTorch and JAX are optional (``pip install -r requirements-bench.txt``); a
contender whose library is missing is skipped and recorded as skipped. This
package imports neither at module import: only the worker of their
contender does.
"""
