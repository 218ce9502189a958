"""``kpi766 score|check --engine dask``: a partitioned dataset scored on a local Dask cluster
from the command line gives the library's result (kpi.distributed, tested against the
in-memory path in tests/test_dask_dataset.py)."""

from __future__ import annotations

import json

import pytest

from kpi.cli import main
from kpi.distributed import score_dataset

pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::ResourceWarning"
)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("ds")
    assert (
        main(
            [
                "synth",
                "--partitioned",
                "--months",
                "2024-05..2024-06",
                "--dossiers-per-month",
                "200",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    return out / "2024-05..2024-06"


def test_score_engine_dask_equals_the_library(dataset, capsys) -> None:
    code = main(
        [
            "score",
            "--engine",
            "dask",
            "--data",
            str(dataset),
            "--period",
            "2024-06",
            "--partition-size",
            "150",
            "--format",
            "json",
        ]
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    expected = score_dataset(dataset, "2024-06", partition_size=150).scorecard
    assert document["total"] == pytest.approx(expected.total()["points"])
    assert document["quality"]["rows_read"] == (
        document["quality"]["rows_used"]
        + document["quality"]["rows_quarantined"]
        + document["quality"]["rows_superseded"]
    )


def test_check_engine_dask_reports_counts(dataset, capsys) -> None:
    assert main(["check", "--engine", "dask", "--data", str(dataset)]) == 0
    out = capsys.readouterr().out
    assert "dossiers" in out and "Tổng" in out
