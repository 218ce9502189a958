"""Scoring partitioned Parquet with Dask gives exactly the in-memory scorecard."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.extracts import audit_period
from kpi.scorecard import SCORECARD_COLUMNS
from tests.defaults import score_period

pytest.importorskip("dask.dataframe")

from kpi.distributed import score_partitioned  # noqa: E402


@pytest.fixture(scope="module")
def quarter():
    return audit_period("2024-Q2").extract  # April-June, latest export of each record


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")
@pytest.mark.parametrize("split_by", ["unit", "month"])
@pytest.mark.parametrize("period", ["2024-Q2", "2024-05"])
def test_partitioned_equals_in_memory(tmp_path, quarter, period, split_by):
    dossiers = quarter.tables["dossiers"]
    keys = dossiers["unit"] if split_by == "unit" else dossiers["received_at"].dt.month
    folder = tmp_path / "dossiers"
    folder.mkdir()
    for number, (_, part) in enumerate(dossiers.groupby(keys, observed=True)):
        part.to_parquet(folder / f"part-{number:02d}.parquet", index=False)
    assert len(list(folder.iterdir())) >= 3
    others = {name: table for name, table in quarter.tables.items() if name != "dossiers"}
    expected = score_period(quarter.tables, period, export_time=quarter.export_time)
    got = score_partitioned(folder, others, period, export_time=quarter.export_time)
    pd.testing.assert_frame_equal(
        got[SCORECARD_COLUMNS], expected.indicators[SCORECARD_COLUMNS], check_dtype=False
    )
