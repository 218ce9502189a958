"""Rules run on several threads (``kpi.scorecard.THREADS``): the scorecard and every record's
verdict are those of a single-threaded run."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpi import paths
from kpi.calendar import CalendarRangeError, WorkCalendar
from kpi.ingest import load_extract
from kpi.scorecard import judge
from tests.defaults import make_context, score_period


@pytest.mark.parametrize(
    ("folders", "period"),
    [
        ([paths.SAMPLE_DIR / month for month in ("2024-04", "2024-05", "2024-06")], "2024-Q2"),
        ([paths.SAMPLE_DIR / "2024-07"], "2024-07"),  # the month with the sync outage
        ([paths.DATA_DIR / "sample-dirty" / "2024-06"], "2024-06"),
    ],
)
def test_threads_change_nothing(folders: list[Path], period: str) -> None:
    extract = load_extract(folders)
    one, two = (
        score_period(extract.tables, period, export_time=extract.export_time, threads=threads)
        for threads in (1, 2)
    )
    pd.testing.assert_frame_equal(one.indicators, two.indicators)
    assert list(one.judgements) == list(two.judgements)  # registry order
    for code, single in one.judgements.items():
        threaded = two.judgements[code]
        pd.testing.assert_frame_equal(single.records, threaded.records)
        assert np.array_equal(single.population, threaded.population), code
        assert np.array_equal(single.reason, threaded.reason), code
        assert single.reasons == threaded.reasons, code


def test_error_in_a_rule_reaches_the_caller() -> None:
    # A calendar that ends before the dossiers' dates: #5 cannot count working days.
    extract = load_extract([paths.SAMPLE_DIR / "2024-06"])
    short = WorkCalendar(np.arange("2018-01-01", "2019-01-01", dtype="datetime64[D]"), 2018, 2018)
    ctx = make_context(extract.tables, "2024-06", export_time=extract.export_time, calendar=short)
    with pytest.raises(CalendarRangeError):
        judge(ctx, threads=2)


def test_shared_result_computed_once_across_threads() -> None:
    extract = load_extract([paths.SAMPLE_DIR / "2024-06"])
    ctx = make_context(extract.tables, "2024-06", export_time=extract.export_time)
    calls = []

    def compute() -> list[int]:
        calls.append(1)
        time.sleep(0.05)  # long enough for every thread to ask while the first computes
        return [42]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: ctx.shared("answer", compute), range(8)))
    assert len(calls) == 1
    assert all(result is results[0] for result in results)
