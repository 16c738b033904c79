"""Share experiment results between the English and the Chinese run of a lab.

Each lab notebook is executed once per language during a site build, with
identical code. When the environment variable ``DERIVLIB_EXPERIMENT_CACHE``
names a folder, a function marked ``@shared`` stores its result there, keyed
by its name and arguments, and the second run loads it instead of training
again. The site hooks set the variable to a folder whose name hashes every
derivlib source file, so a result never outlives the code that produced it.
Without the variable, as in the tests, every call runs.
"""

import functools
import hashlib
import os
import pickle
from pathlib import Path

CACHE_VARIABLE = "DERIVLIB_EXPERIMENT_CACHE"


def shared(function):
    """Store the result of ``function`` in the cache folder, when one is set."""

    @functools.wraps(function)
    def run_or_load(*args, **kwargs):
        folder = os.environ.get(CACHE_VARIABLE)
        if not folder:
            return function(*args, **kwargs)
        name = f"{function.__module__}.{function.__qualname__}"
        arguments = pickle.dumps((args, sorted(kwargs.items())))
        key = hashlib.sha256(name.encode() + arguments).hexdigest()[:32]
        path = Path(folder) / f"{key}.pickle"
        if path.is_file():
            return pickle.loads(path.read_bytes())
        result = function(*args, **kwargs)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(result))
        partial.replace(path)
        return result

    return run_or_load
