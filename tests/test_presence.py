"""Reading result codes and files as given / missing (``presence_only``) changes no score, no
quarantine row and no count, and reads blank text as missing, as parsing does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kpi import paths
from kpi.columns import PRESENCE_ONLY
from kpi.evidence import evidence
from kpi.ingest import load_extract, presence
from kpi.ingest.parse import parse_text
from kpi.synth.generate import SynthConfig, generate
from tests.defaults import score_period

TEXTS = ["KQ-1", " ", "", None, "\u00a0", " KQ-2 ", "\tx", "Kết quả"]


@pytest.fixture(scope="module")
def parquet_quarter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("presence")
    config = SynthConfig(
        first="2024-01", last="2024-03", dossiers_total=4000, fmt="parquet", layout="single"
    )
    generate(config, out)
    return next(path for path in out.iterdir() if path.is_dir())


def _cases(parquet_quarter: Path) -> list[tuple[list[Path], str]]:
    return [
        ([paths.SAMPLE_DIR / "2024-06"], "2024-06"),
        ([paths.SAMPLE_DIR / "2024-05", paths.SAMPLE_DIR / "2024-06"], "2024-Q2"),
        ([paths.DATA_DIR / "sample-dirty" / "2024-06"], "2024-06"),
        ([parquet_quarter], "2024-Q1"),
    ]


@pytest.mark.parametrize("case", range(4))
def test_same_scores_quarantine_and_counts(parquet_quarter: Path, case: int) -> None:
    folders, period = _cases(parquet_quarter)[case]
    full = load_extract(folders)
    flags = load_extract(folders, presence_only=True)
    pd.testing.assert_frame_equal(full.quarantine, flags.quarantine)
    pd.testing.assert_frame_equal(full.findings, flags.findings)
    pd.testing.assert_frame_equal(full.accounting, flags.accounting)
    for table, frame in full.tables.items():
        reduced = flags.tables[table]
        names = [name for name in PRESENCE_ONLY.get(table, ()) if name in frame.columns]
        for name in names:
            assert reduced[name].dtype == presence.PRESENCE
            assert np.array_equal(reduced[name].notna(), frame[name].notna()), name
        pd.testing.assert_frame_equal(frame.drop(columns=names), reduced.drop(columns=names))
    scored = [score_period(x.tables, period, export_time=x.export_time) for x in (full, flags)]
    pd.testing.assert_frame_equal(scored[0].indicators, scored[1].indicators)
    for code in (8, 12):
        pd.testing.assert_frame_equal(evidence(scored[0], code), evidence(scored[1], code))


@pytest.mark.parametrize("kind", ["string", "large_string", "dictionary"])
def test_blank_text_is_missing_as_when_parsed(tmp_path: Path, kind: str) -> None:
    values = pa.array(TEXTS, type=pa.large_string() if kind == "large_string" else pa.string())
    if kind == "dictionary":
        values = values.dictionary_encode()
    # Several row groups, the last one partly filled.
    pq.write_table(pa.table({"result_code": values}), tmp_path / "t.parquet", row_group_size=3)
    index = pd.RangeIndex(2, 2 + len(TEXTS))
    parquet = pq.ParquetFile(tmp_path / "t.parquet")
    flags = presence.given_in_parquet(parquet, {"result_code": "result_code"}, index)["result_code"]
    parsed = parse_text(pd.Series(TEXTS, dtype="str", index=index))
    assert flags.notna().tolist() == parsed.notna().tolist()
    assert flags.notna().tolist() == [True, False, False, False, False, True, True, True]
    assert flags.index.equals(index)


def test_numbers_stored_as_result_codes_are_given_when_present(tmp_path: Path) -> None:
    pq.write_table(pa.table({"code": pa.array([7, None, 0])}), tmp_path / "n.parquet")
    flags = presence.given_in_parquet(
        pq.ParquetFile(tmp_path / "n.parquet"), {"code": "c"}, pd.RangeIndex(2, 5)
    )["c"]
    assert flags.notna().tolist() == [True, False, True]


def test_clean_text_fast_path_keeps_missing_values_missing(tmp_path: Path) -> None:
    pq.write_table(pa.table({"url": pa.array(["https://a/1", None, "b"])}), tmp_path / "u.parquet")
    flags = presence.given_in_parquet(
        pq.ParquetFile(tmp_path / "u.parquet"), {"url": "u"}, pd.RangeIndex(2, 5)
    )["u"]
    assert flags.notna().tolist() == [True, False, True]
