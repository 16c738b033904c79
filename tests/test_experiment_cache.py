"""The cache that lets both languages of a lab share one experiment run."""

import numpy as np

from derivlib.experiments import cache

calls = []


@cache.shared
def experiment(size, scale=1.0):
    calls.append(size)
    return np.full(size, scale)


def test_runs_every_call_without_folder(monkeypatch):
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    calls.clear()
    experiment(2)
    experiment(2)
    assert calls == [2, 2]


def test_loads_stored_result(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path))
    calls.clear()
    first = experiment(3, scale=2.0)
    second = experiment(3, scale=2.0)
    assert calls == [3]
    np.testing.assert_array_equal(first, second)


def test_arguments_are_part_of_key(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(tmp_path))
    calls.clear()
    experiment(3, scale=2.0)
    experiment(3, scale=3.0)
    experiment(4, scale=2.0)
    assert calls == [3, 3, 4]
