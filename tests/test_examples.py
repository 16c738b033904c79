"""The examples shown on the pages, and the docstring examples, run as doctests.

Each docs/examples/NAME.pycon file is included verbatim by the page that
names it, so the block a reader sees is the block tested here.
"""

import doctest
import importlib
import pkgutil
from pathlib import Path

import numpy as np
import pytest

import derivlib

EXAMPLES = sorted((Path(__file__).parent.parent / "docs" / "examples").glob("*.pycon"))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def numpy_modules():
    for info in pkgutil.walk_packages(derivlib.__path__, "derivlib."):
        if not info.name.startswith(("derivlib.site", "derivlib.__main__")):
            yield info.name


@pytest.fixture(autouse=True)
def print_options():
    with np.printoptions(precision=8, suppress=True, legacy=False):
        yield


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_page_example(path):
    result = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS, verbose=False)
    assert result.attempted > 0, f"{path.name} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {path.name} failed"


@pytest.mark.parametrize("name", sorted(numpy_modules()))
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, extraglobs={"np": np}, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring examples in {name} failed"


def test_examples_exist():
    assert EXAMPLES, "no docs/examples/*.pycon files found"
