"""A dataset folder scored on a real LocalCluster (process workers) equals the in-memory result.

``kpi766 synth --partitioned`` writes the dataset; the in-memory twin is the same files with
the dossiers as one ``dossiers.parquet``, loaded by :func:`kpi.ingest.load_extract` and scored
by :func:`kpi.scorecard.score_period`. Also: a month's file copied twice (scores unchanged, the
copy superseded and reported), the dirty sample (same accounting, quarantine and findings), an
id repeated across row groups of one file (quarantined as in memory).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from kpi import paths
from kpi.cli import main
from kpi.errors import ExtractError
from kpi.evidence import evidence
from kpi.ingest import load_extract, quality_report
from kpi.report.document import score_json
from kpi.scorecard import AGENCY, SCORECARD_COLUMNS
from tests.defaults import score_period

pytest.importorskip("distributed")

from kpi.distributed import (  # noqa: E402
    REPEATED,
    SCORE_COLUMNS,
    SUPERSEDED,
    UNREAD_BY_RULES,
    audit_dataset,
    check_dataset,
    dask_client,
    dataset_files,
    plan_chunks,
    score_dataset,
)

pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::ResourceWarning"
)
PARTITION = 250  # records per task: batches span the 100-row row groups of the files
SPAN = "2024-05..2024-06"


@pytest.fixture(scope="module")
def client():
    with dask_client(None, workers=2, memory_limit="1GiB") as client:
        yield client


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    code = main(
        [
            "synth",
            "--partitioned",
            "--months",
            SPAN,
            "--dossiers-per-month",
            "300",
            "--partition-size",
            "100",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return out / SPAN


@pytest.fixture(scope="module")
def twin(dataset, tmp_path_factory):
    """The dataset loaded in memory (one dossiers file), as ``kpi766 score`` loads it."""
    return load_extract(
        _twin(dataset, tmp_path_factory.mktemp("twin") / "twin"), presence_only=True
    )


def _parts(folder: Path) -> list[Path]:
    return sorted((folder / "dossiers").rglob("*.parquet"))


def _twin(folder: Path, target: Path, parts: list[Path] | None = None) -> Path:
    """The dataset as an ordinary extract folder: its files, the dossiers as one file."""
    target.mkdir()
    for path in folder.iterdir():
        if path.is_file():
            shutil.copy(path, target / path.name)
    tables = [pq.ParquetFile(path).read() for path in parts or _parts(folder)]
    pq.write_table(pa.concat_tables(tables), target / "dossiers.parquet")
    return target


def _same_scores(got, expected) -> None:
    pd.testing.assert_frame_equal(
        got.indicators[SCORECARD_COLUMNS],
        expected.indicators[SCORECARD_COLUMNS],
        check_dtype=False,
    )


def test_synth_partitioned_layout(dataset):
    parts = _parts(dataset)
    months = [path.parent.name for path in parts]
    assert months == sorted(months) and "month=2024-05" in months and "month=2024-06" in months
    assert all(path.name == "part-0.parquet" for path in parts)
    for path in parts:
        metadata = pq.ParquetFile(path).metadata
        sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
        assert max(sizes) <= 100
        received = pq.read_table(path, columns=["received_at"]).column(0).to_pandas()
        month = path.parent.name.removeprefix("month=")
        assert (received.dropna().dt.strftime("%Y-%m") == month).all()
    names = {path.name for path in dataset.iterdir()}
    assert names == {
        "dossiers",
        "manifest.yaml",
        "procedures.parquet",
        "announcements.parquet",
        "feedback.parquet",
        "national_counts.parquet",
    }
    manifest = yaml.safe_load((dataset / "manifest.yaml").read_text(encoding="utf-8"))
    monthly = yaml.safe_load((paths.SAMPLE_DIR / "2024-06" / "manifest.yaml").read_text("utf-8"))
    assert list(manifest) == list(monthly)
    chunks = plan_chunks(parts, PARTITION)
    assert all(chunk.rows <= PARTITION for chunk in chunks) and len(chunks) > len(parts)


def test_score_columns_are_all_the_rules_read(twin):
    tables = dict(twin.tables)
    tables["dossiers"] = tables["dossiers"].drop(columns=list(UNREAD_BY_RULES))
    assert set(SCORE_COLUMNS) | set(UNREAD_BY_RULES) == set(twin.tables["dossiers"].columns)
    for period in ("2024-Q2", "2024-06"):
        expected = score_period(twin.tables, period, export_time=twin.export_time)
        _same_scores(score_period(tables, period, export_time=twin.export_time), expected)


def test_dataset_equals_in_memory(client, dataset, twin):
    for period in ("2024-Q2", "2024-06"):
        expected = score_period(twin.tables, period, export_time=twin.export_time)
        got = score_dataset(dataset, period, scheduler=client, partition_size=PARTITION)
        _same_scores(got.scorecard, expected)
        assert got.scorecard.as_of == expected.as_of
        assert got.scorecard.unit_list == expected.unit_list
    assert got.extract.table_totals() == twin.table_totals()
    assert got.duplicates.empty and got.chunks > len(_parts(dataset))
    quality = quality_report(got.extract)
    assert quality.as_json() == quality_report(twin).as_json()
    for scope in (AGENCY, got.scorecard.unit_list[0]):  # what kpi766 score --format json prints
        assert score_json(got.scorecard, scope, quality.as_json()) == score_json(
            expected, scope, quality.as_json()
        )
    audit = audit_dataset(
        "2024-06", [dataset], unit="KL", scheduler=client, partition_size=PARTITION
    )  # as kpi766 score --engine dask would
    assert audit.scope == "KL" and audit.extract.table_totals() == twin.table_totals()
    _same_scores(audit.scorecard, expected)


def test_duplicated_file_is_superseded_not_counted_twice(client, dataset, twin, tmp_path):
    copy = tmp_path / "copied"
    shutil.copytree(dataset, copy)
    original = copy / "dossiers" / "month=2024-05" / "part-0.parquet"
    again = original.with_name("part-1.parquet")
    shutil.copy(original, again)
    expected = score_period(twin.tables, "2024-Q2", export_time=twin.export_time)
    folder = tmp_path / "evidence"
    got = score_dataset(
        copy, "2024-Q2", scheduler=client, partition_size=PARTITION, evidence_dir=folder
    )
    _same_scores(got.scorecard, expected)
    for code in (5, 21):  # the chunks loaded again replaced their evidence: no copy counted
        mine = pd.read_parquet(folder / f"indicator={code:02d}")
        theirs = evidence(expected, code)
        assert mine["record_id"].is_unique and len(mine) == len(theirs)
        assert int(mine["counted"].sum()) == int(theirs["counted"].sum())
    copied = pq.ParquetFile(original).metadata.num_rows
    totals = got.extract.table_totals()["dossiers"]
    read = twin.table_totals()["dossiers"]["rows_read"]
    assert totals == {
        "rows_read": read + copied,
        "rows_used": read,
        "rows_quarantined": 0,
        "rows_superseded": copied,
    }
    duplicates = got.duplicates
    assert len(duplicates) == copied and (duplicates["status"] == SUPERSEDED).all()
    assert (duplicates["file"] == str(original)).all()  # the later file (path order) is kept
    assert (duplicates["kept_file"] == str(again)).all()
    assert (duplicates["row"] == duplicates["kept_row"]).all()
    ids = pq.read_table(original, columns=["dossier_id"]).column(0).to_pylist()
    assert sorted(duplicates["dossier_id"]) == sorted(ids)
    accounting = got.extract.accounting.set_index("file")
    assert accounting.loc[str(original), "rows_superseded"] == copied
    assert accounting.loc[str(again), "rows_superseded"] == 0
    assert "bị thay thế " + f"{copied}" in quality_report(got.extract).line


def _dirty(tmp_path: Path) -> tuple[Path, Path, int]:
    """The dirty sample's dossiers (Vietnamese headers, text, planted errors) as two Parquet
    files of text in a dataset, and its in-memory twin."""
    source = paths.DATA_DIR / "sample-dirty" / "2024-06"
    raw = pd.read_csv(source / "dossiers.csv", dtype="str", keep_default_na=False)
    folder = tmp_path / "dirty"
    (folder / "dossiers").mkdir(parents=True)
    for path in source.iterdir():
        if path.name != "dossiers.csv":
            shutil.copy(path, folder / path.name)
    half = len(raw) // 2
    files = []
    for number, part in enumerate([raw.iloc[:half], raw.iloc[half:]]):
        path = folder / "dossiers" / f"part={number}" / "part-0.parquet"
        path.parent.mkdir()
        table = pa.Table.from_pandas(part, preserve_index=False)
        pq.write_table(table, path, row_group_size=100)
        files.append(path)
    return folder, _twin(folder, tmp_path / "dirty-twin", files), half


def _in_whole_file(issues: pd.DataFrame, folder: Path, half: int) -> pd.DataFrame:
    """Dossier issues with rows numbered as in the one-file twin."""
    rows = issues[issues["table"] == "dossiers"]
    shift = (rows["file"].str.contains("part=1")).astype("int64") * half
    rows = rows.assign(row=rows["row"] + shift).sort_values(["row", "column"], kind="stable")
    texts = {"column": "str", "value": "str", "reason": "str"}  # categories differ by subset
    return rows[["row", "column", "value", "reason"]].astype(texts).reset_index(drop=True)


def test_dirty_dataset_validated_as_in_memory(client, tmp_path):
    folder, twin_folder, half = _dirty(tmp_path)
    twin = load_extract(twin_folder)
    got = check_dataset([folder], scheduler=client, partition_size=300)  # --data as given
    assert got.extract.table_totals() == twin.table_totals()
    assert twin.table_totals()["dossiers"]["rows_quarantined"] > 0
    for issues, expected in (
        (got.extract.quarantine, twin.quarantine),
        (got.extract.findings, twin.findings),
    ):
        pd.testing.assert_frame_equal(
            _in_whole_file(issues, folder, half),
            _in_whole_file(expected, folder, 0),
            check_dtype=False,
        )
        others = issues[issues["table"] != "dossiers"].drop(columns="file").astype(str)
        pd.testing.assert_frame_equal(
            others.reset_index(drop=True),
            expected[expected["table"] != "dossiers"]
            .drop(columns="file")
            .astype(str)
            .reset_index(drop=True),
        )
    expected = score_period(twin.tables, "2024-06", export_time=twin.export_time)
    scored = score_dataset(folder, "2024-06", scheduler=client, partition_size=300)
    _same_scores(scored.scorecard, expected)


def test_id_repeated_across_row_groups_of_one_file(client, dataset, tmp_path):
    copy = tmp_path / "repeated"
    shutil.copytree(dataset, copy)
    path = copy / "dossiers" / "month=2024-06" / "part-0.parquet"
    table = pq.read_table(path, partitioning=None)
    pq.write_table(pa.concat_tables([table, table.slice(0, 7)]), path, row_group_size=100)
    single = tmp_path / "single"
    shutil.copytree(copy, single, ignore=shutil.ignore_patterns("dossiers"))
    shutil.copy(path, single / "dossiers.parquet")  # that file alone, in memory
    twin = load_extract(single)
    address = client.scheduler.address  # --scheduler ADDRESS: a client of a running cluster
    got = check_dataset(copy, scheduler=address, partition_size=PARTITION)
    repeated = got.duplicates[got.duplicates["status"] == REPEATED]
    assert len(repeated) == 7 and (repeated["file"] == str(path)).all()
    mine = got.extract.quarantine
    mine = mine[mine["file"] == str(path)].drop(columns="file").reset_index(drop=True)
    theirs = twin.quarantine[twin.quarantine["table"] == "dossiers"].drop(columns="file")
    pd.testing.assert_frame_equal(mine, theirs.reset_index(drop=True), check_dtype=False)
    accounting = got.extract.accounting.set_index("file").loc[str(path)]
    assert accounting["rows_quarantined"] == 7 and accounting["rows_superseded"] == 0
    assert accounting["rows_read"] == accounting["rows_used"] + 7


def test_dataset_folder_errors(dataset, tmp_path):
    with pytest.raises(ExtractError, match="đúng một thư mục"):
        audit_dataset("2024-06", [dataset, dataset])
    with pytest.raises(ExtractError, match="đúng một thư mục"):
        check_dataset(None)
    with pytest.raises(ExtractError, match="Không có đơn vị"):
        audit_dataset("2024-06", [dataset], unit="không có")
    copy = tmp_path / "no-dossiers"
    shutil.copytree(dataset, copy, ignore=shutil.ignore_patterns("dossiers"))
    with pytest.raises(ExtractError, match="không có hồ sơ"):
        dataset_files(copy)
    (copy / "dossiers").mkdir()
    with pytest.raises(ExtractError, match="không có hồ sơ"):
        dataset_files(copy)
    (copy / "procedures.parquet").unlink()
    shutil.copy(_parts(dataset)[0], copy / "dossiers" / "part-0.parquet")
    with pytest.raises(ExtractError, match="procedures"):
        dataset_files(copy)
    files = dataset_files(dataset)
    assert files.dossiers == _parts(dataset) and "procedures" in files.tables
    both = tmp_path / "both"
    shutil.copytree(dataset, both)
    shutil.copy(_parts(dataset)[0], both / "dossiers.parquet")
    with pytest.raises(ExtractError, match="nhiều tệp cho bảng 'dossiers'"):
        dataset_files(both)
    (both / "dossiers.parquet").rename(both / "dossiers.csv")
    with pytest.raises(ExtractError, match="nhiều tệp"):
        dataset_files(both)
    with pytest.raises(ExtractError, match="không phải ngày"):  # before any cluster starts
        score_dataset(dataset, "2024-06", export_time="không phải ngày")


def test_a_large_row_group_is_read_partition_size_records_at_a_time(dataset, tmp_path):
    from kpi.distributed import _batches, _Job, dataset_files
    from kpi.ingest.finalize import unit_lookup
    from kpi.ingest.mapping import load_ingest_mapping
    from kpi.params import load_units

    copy = tmp_path / "one-row-group"
    shutil.copytree(dataset, copy, ignore=shutil.ignore_patterns("dossiers"))
    table = pa.concat_tables([pq.ParquetFile(path).read() for path in _parts(dataset)])
    (copy / "dossiers").mkdir()
    pq.write_table(table, copy / "dossiers" / "all.parquet", row_group_size=len(table))
    files = dataset_files(copy)
    chunks = plan_chunks(files.dossiers, 100)
    assert len(chunks) == 1 and chunks[0].rows == len(table)  # one row group: one task
    units = load_units()
    job = _Job(
        load_ingest_mapping(),
        unit_lookup(units),
        frozenset(u.code for u in units.units),
        list(SCORE_COLUMNS),
        True,
        files.manifest.export_time,
        100,
    )
    batches = list(_batches(chunks[0], job))
    assert max(batch.rows_read for batch in batches) <= 100
    assert sum(batch.rows_read for batch in batches) == len(table)
    rows = pd.Index([]).append([batch.used.index for batch in batches])
    assert rows.is_unique and rows.min() == 2 and rows.max() == len(table) + 1


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows comparable across engines: categoricals as text, sorted by record."""
    frame = frame.drop(columns=[name for name in ("indicator",) if name in frame.columns])
    frame = frame.astype(
        {
            name: "str"
            for name in frame.columns
            if isinstance(frame[name].dtype, pd.CategoricalDtype)
        }
    )
    return frame.sort_values("record_id", kind="stable", ignore_index=True)


def test_evidence_written_as_a_partitioned_dataset(client, dataset, twin, tmp_path):
    from kpi.distributed import ANY_DOSSIER

    expected = score_period(twin.tables, "2024-Q2", export_time=twin.export_time)
    folder = tmp_path / "evidence"
    got = score_dataset(
        dataset, "2024-Q2", scheduler=client, partition_size=PARTITION, evidence_dir=folder
    )
    written = sorted(int(path.name.removeprefix("indicator=")) for path in folder.iterdir())
    assert written == [code for code in range(1, 22) if code not in ANY_DOSSIER]
    for code in written:
        mine = pd.read_parquet(folder / f"indicator={code:02d}")
        theirs = evidence(expected, code)
        assert len(mine) == len(theirs), code
        if len(theirs):  # #15 of the portal profile: a flat score, no records
            pd.testing.assert_frame_equal(_plain(mine), _plain(theirs), check_dtype=False)
        if code in got.scorecard.judgements:  # read no dossier: judged here, as in memory
            pd.testing.assert_frame_equal(_plain(evidence(got.scorecard, code)), _plain(theirs))
    with pytest.raises(ExtractError, match="đã có dữ liệu"):
        score_dataset(dataset, "2024-Q2", scheduler=client, evidence_dir=folder)
