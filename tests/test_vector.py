"""kpi.vector: the fast membership tests give exactly what ``Series.isin`` gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpi.vector import categories_where, is_in

STATUSES = ["done", "returned", "processing", "lạ"]


def _samples(seed: int) -> list[tuple[pd.Series, list[object]]]:
    rng = np.random.default_rng(seed)
    texts = pd.Series(rng.choice(np.array([*STATUSES, None], dtype=object), 200))
    categorical = texts.astype(pd.CategoricalDtype([*STATUSES, "unused"]))
    numbers = pd.Series(rng.integers(-1, 4, 200))
    floats = numbers.astype("float64").where(rng.random(200) > 0.1)
    return [
        (categorical, ["done", "returned"]),
        (categorical, ["unused", "absent"]),
        (categorical, []),
        (texts.astype("str"), ["done", "lạ"]),
        (numbers, [1, 2]),
        (numbers, list(range(20))),  # many values: the hash-based path
        (floats, [0, 1.0]),
        (numbers, ["1"]),  # text against numbers: never in, as pandas says
    ]


@pytest.mark.parametrize("seed", range(5))
def test_is_in_equals_pandas_isin(seed: int) -> None:
    for values, allowed in _samples(seed):
        expected = values.isin(allowed).to_numpy(bool)
        assert np.array_equal(is_in(values, allowed), expected), (values.dtype, allowed)


def test_missing_values_match_only_a_missing_allowed_value() -> None:
    values = pd.Series(["done", None], dtype="category")
    assert is_in(values, ["done"]).tolist() == [True, False]
    assert is_in(values, ["done", None]).tolist() == [True, True]  # as pandas
    assert is_in(pd.Series([np.nan, 1.0]), [1]).tolist() == [False, True]
    assert is_in(pd.Series([np.nan, 1.0]), [1, np.nan]).tolist() == [True, True]


def test_categories_where() -> None:
    values = pd.Series(["b", "a", None, "c", "a"], dtype=pd.CategoricalDtype(["a", "b", "c", "z"]))
    mask = np.array([True, False, True, False, True])
    assert list(categories_where(values, mask)) == ["a", "b"]
    assert list(categories_where(values, np.zeros(5, bool))) == []
