"""Synthetic extracts: determinism, validity, designed rates, indicator populations, as-of."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from kpi import paths
from kpi.cli import main
from kpi.columns import TABLES, names
from kpi.params import load_units
from kpi.synth import design
from kpi.synth.dirty import DOSSIER_HEADERS, PERIOD, PLANTED, write_dirty
from kpi.synth.extract import arrow_schema
from kpi.synth.generate import SynthConfig, generate, month_counts

SAMPLE = paths.SAMPLE_DIR
DIRTY = paths.DATA_DIR / "sample-dirty"
MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
FORMAT = "%Y-%m-%d %H:%M:%S"
FUTURE_OK = ("due_at", "legal_basis_effective_date")  # deadlines may lie after the export


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _same_tree(a: Path, b: Path) -> bool:
    files = _files(a)
    if files != _files(b):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    return not mismatch and not errors


def _read(folder: Path, table: str) -> pd.DataFrame:
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    for col in TABLES[table]:
        text = frame[col.name]
        if col.kind == "datetime":
            frame[col.name] = pd.to_datetime(text.replace("", None), format=FORMAT)
        elif col.kind == "bool":
            frame[col.name] = text == "1"
        elif col.kind in ("int", "float", "Int8"):
            frame[col.name] = pd.to_numeric(text.replace("", None))
    return frame


@pytest.fixture(scope="module")
def extracts() -> dict[str, dict[str, pd.DataFrame]]:
    return {m: {t: _read(SAMPLE / m, t) for t in TABLES} for m in MONTHS}


@pytest.fixture(scope="module")
def year(extracts) -> dict[str, pd.DataFrame]:
    """The sample year reconstructed: latest export of every record, dossiers received in 2024."""
    dossiers = pd.concat([extracts[m]["dossiers"].assign(_x=m) for m in MONTHS])
    latest = dossiers.drop_duplicates("dossier_id", keep="last")
    received = latest[latest["received_at"].dt.year == 2024].copy()
    received["month"] = received["received_at"].dt.month
    feedback = pd.concat([extracts[m]["feedback"] for m in MONTHS])
    procedures = extracts["2024-12"]["procedures"]
    merged = received.merge(procedures, on="procedure_code", how="left", suffixes=("", "_p"))
    return {
        "dossiers": received,
        "merged": merged,
        "feedback": feedback.drop_duplicates("feedback_id", keep="last"),
        "procedures": procedures,
        "announcements": extracts["2024-12"]["announcements"],
    }


def test_same_seed_same_bytes_different_seed_different(tmp_path: Path) -> None:
    config = SynthConfig(first="2024-02", last="2024-03", dossiers_per_month=150, seed=11)
    generate(config, tmp_path / "a")
    generate(config, tmp_path / "b")
    assert _same_tree(tmp_path / "a", tmp_path / "b")
    generate(
        SynthConfig(first="2024-02", last="2024-03", dossiers_per_month=150, seed=12),
        tmp_path / "c",
    )
    a, c = (tmp_path / x / "2024-03" / "dossiers.csv" for x in "ac")
    assert a.read_bytes() != c.read_bytes()


def test_parquet_single_layout_is_deterministic_and_typed(tmp_path: Path) -> None:
    args = ["synth", "--months", "2024-01..2024-03", "--dossiers", "3000", "--format", "parquet",
            "--layout", "single"]  # fmt: skip
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    assert _same_tree(tmp_path / "a", tmp_path / "b")
    folder = tmp_path / "a" / "2024-Q1"
    table = pq.read_table(folder / "dossiers.parquet")
    assert table.schema.equals(arrow_schema("dossiers"))
    assert table.num_rows >= 3000
    frame = table.to_pandas()
    assert frame["dossier_id"].is_unique
    inside = frame["received_at"].between("2024-01-01", "2024-03-31 23:59:59").sum()
    assert inside == 3000
    assert yaml.safe_load((folder / "manifest.yaml").read_text())["period"] == "2024-Q1"


def test_month_counts_are_exact_for_a_total() -> None:
    counts = month_counts(SynthConfig(first="2024-01", last="2024-03", dossiers_total=1_000_000))
    assert sum(v for k, v in counts.items() if k.startswith("2024")) == 1_000_000


def test_committed_sample_equals_fresh_generation(tmp_path: Path) -> None:
    assert main(["synth", "--out", str(tmp_path / "s")]) == 0
    assert _same_tree(tmp_path / "s", SAMPLE)
    write_dirty(tmp_path / "d")
    assert _same_tree(tmp_path / "d", DIRTY)


def test_every_table_validates(extracts) -> None:
    units = {unit.code for unit in load_units().units}
    for month, tables in extracts.items():
        manifest = yaml.safe_load((SAMPLE / month / "manifest.yaml").read_text(encoding="utf-8"))
        assert manifest["period"] == month and manifest["agency"] == load_units().agency
        for table, frame in tables.items():
            assert list(frame.columns) == names(table), (month, table)
            for col in TABLES[table]:
                values = frame[col.name]
                if not col.nullable or col.required and col.kind != "datetime":
                    assert (values.astype(str) != "").all() and values.notna().all()
                if col.unique:
                    assert values.is_unique, (month, table, col.name)
                if col.kind == "choice":
                    assert set(values[values != ""]) <= set(col.values), (table, col.name)
                if col.values and col.kind in ("int", "Int8"):
                    assert set(values.dropna().astype(int).astype(str)) <= set(col.values)
            if "unit" in frame:
                assert set(frame["unit"]) <= units
        assert set(tables["dossiers"]["procedure_code"]) <= set(
            tables["procedures"]["procedure_code"]
        )


def test_designed_rates(year) -> None:
    d = year["dossiers"]
    finished = d["finished_at"].notna() & d["due_at"].notna()
    supplement = (d["supplement_completed_at"] - d["supplement_requested_at"]).fillna(
        pd.Timedelta(0)
    )
    on_time = ((d["finished_at"] - supplement) <= d["due_at"]) & (d["supplement_count"] < 2)
    low, high = design.ON_TIME_OVERALL_RANGE
    assert low <= on_time[finished].mean() <= high
    by_unit = on_time[finished].groupby(d.loc[finished, "unit"]).mean()
    for unit in design.WEAK_UNITS:
        assert (
            design.WEAK_UNIT_ON_TIME_RANGE[0] <= by_unit[unit] <= design.WEAK_UNIT_ON_TIME_RANGE[1]
        )
    assert by_unit["CNTY"] >= 0.93 and by_unit.drop(list(design.WEAK_UNITS)).median() >= 0.92
    online = (d["channel"] == 2).groupby(d["month"]).mean()
    assert 0.30 <= online[1] <= 0.42 and 0.62 <= online[12] <= 0.78
    assert online[1] < online[6] < online[12]
    synced = d["synced_national"].groupby(d["month"]).mean()
    assert 0.95 <= d["synced_national"].mean() <= 0.99 and synced[7] < 0.9 < synced.drop(7).min()
    assert 0.06 <= (d["supplement_count"] == 1).mean() <= 0.10
    assert 0.004 <= (d["supplement_count"] == 2).mean() <= 0.02
    assert 0.02 <= d["due_at"].isna().mean() <= 0.045
    m = year["merged"]
    assert 1 <= (m["due_at"].isna() & m["max_processing_time"].isna()).sum() <= 30
    completed = d["status"].isin(["done", "returned"])
    electronic = d["result_code"].ne("") & d["result_file_url"].ne("")
    assert 0.80 <= electronic[completed].mean() <= 0.90
    assert 0.70 <= d["components_digitized"].mean() <= 0.90
    assert 0.30 <= d["reused_digitized_data"].mean() <= 0.60
    repo = d["from_personal_repository"] | d["result_synced_to_repository"]
    assert 0.20 <= repo.mean() <= 0.50
    assert 0.30 <= (d["vneid_verified"] | d["population_db_used"]).mean() <= 0.70
    fee = m["has_fee"]
    paid = (m["paid_online"] > 0)[fee].groupby(m.loc[fee, "month"]).mean()
    assert paid[1] < 0.30 and paid[12] > 0.4 and paid[12] > 2 * paid[1]
    assert m.loc[fee, "fee_amount"].isna().any() and (m.loc[fee, "fee_amount"] == 0).any()
    rated = d["rating"].value_counts()
    assert rated["like"] > 8 * rated["dislike"] > 0
    assert 0 < d["has_feedback"].mean() < 0.01
    p = year["procedures"]
    assert 0.30 <= p["has_fee"].mean() <= 0.50 and 0.35 <= p["citizen_subject"].mean() <= 0.65
    assert 100 <= len(p) <= 150 and 1 <= p["is_certification"].sum() <= 2
    assert {"abolished", "unpublished", "published", "published_amended"} <= set(p["status"])
    assert set(p["online_level"]) == {"none", "partial", "full"}
    assert set(p["level"]) == {"province", "commune"}
    counts = d.groupby("month").size()
    assert counts[2] < 0.7 * counts.median()  # Tết


def test_every_indicator_has_a_population(year) -> None:
    d, m, p, f, a = (
        year[k] for k in ("dossiers", "merged", "procedures", "feedback", "announcements")
    )
    published = p[p["status"].isin(["published", "published_amended"])]
    in_year = a[a["decision_date"].dt.year == 2024]
    completed = m["status"].isin(["done", "returned"])
    populations = {
        1: in_year["procedure_code"].nunique(),
        2: in_year["published_date"].notna().sum() + in_year["published_date"].isna().sum(),
        3: len(published),
        4: len(d), 5: len(d), 6: len(published), 7: published["online_services"].sum(),
        8: len(d), 9: published["has_fee"].sum(), 10: published["has_fee"].sum(),
        11: (m["has_fee"] & (m["fee_amount"] != 0)).sum(),
        12: (completed & m["paper_result_required"]).sum(),
        13: len(d), 14: len(d), 15: m["is_certification"].sum(), 16: len(d),
        17: (published["citizen_subject"] & (published["status"] == "published")).sum(),
        18: len(d), 19: len(f), 20: f["received_at"].notna().sum(), 21: len(d),
    }  # fmt: skip
    assert all(v > 0 for v in populations.values()), populations
    # Indicators 1, 2, 19 and 20 have something to judge on both sides.
    assert (in_year["published_date"].isna()).any()
    assert (f["rejected_at"].notna()).any() and (f["transferred_at"].notna()).any()
    assert (f["supplement_requested_at"].notna()).any() and f["repeated"].any()
    assert (f["dislikes"] > f["likes"]).any()


def test_as_of_snapshots(extracts) -> None:
    later_finished = 0
    for i, month in enumerate(MONTHS):
        manifest = yaml.safe_load((SAMPLE / month / "manifest.yaml").read_text(encoding="utf-8"))
        at = pd.Timestamp(manifest["export_time"])
        start = pd.Timestamp(month + "-01")
        for table, frame in extracts[month].items():
            for col in TABLES[table]:
                if col.kind == "datetime" and col.name not in FUTURE_OK:
                    assert not (frame[col.name] > at).any(), (month, table, col.name)
        dossiers = extracts[month]["dossiers"]
        carried = dossiers["received_at"] < start
        assert carried.sum() > 10, month  # carry-over every month
        assert (dossiers["finished_at"] >= start + pd.offsets.MonthBegin(1)).any()  # after end
        open_now = dossiers.loc[dossiers["finished_at"].isna(), "dossier_id"]
        if i + 1 < len(MONTHS):
            following = pd.concat([extracts[m]["dossiers"] for m in MONTHS[i + 1 :]])
            done_later = following[following["finished_at"].notna()]["dossier_id"]
            later_finished += open_now.isin(done_later).sum()
        electronic = dossiers["result_code"] != ""
        assert dossiers.loc[electronic, "finished_at"].notna().all()
    assert later_finished > 100


def test_quarter_reconstruction(extracts) -> None:
    q1 = pd.concat([extracts[m]["dossiers"].assign(_x=m) for m in MONTHS[:3]])
    latest = q1.drop_duplicates("dossier_id", keep="last").set_index("dossier_id")
    march = extracts["2024-03"]["dossiers"].set_index("dossier_id")
    shared = latest.index.intersection(march.index)
    assert latest.loc[shared, "status"].equals(march.loc[shared, "status"])
    received = latest["received_at"].between("2024-01-01", "2024-03-31 23:59:59")
    months = [extracts[m]["dossiers"] for m in MONTHS[:3]]
    per_month = sum(int(f["received_at"].dt.month.eq(i + 1).sum()) for i, f in enumerate(months))
    assert received.sum() == per_month


def test_dirty_extract_has_the_documented_problems() -> None:
    folder = DIRTY / PERIOD
    dossiers = pd.read_csv(folder / "dossiers.csv", dtype=str, keep_default_na=False)
    feedback = pd.read_csv(folder / "feedback.csv", dtype=str, keep_default_na=False)
    canonical = [DOSSIER_HEADERS.get(name, name) for name in names("dossiers")]
    assert list(dossiers.columns) == canonical
    readme = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for table, row, column, value, _ in PLANTED:
        frame = dossiers if table == "dossiers" else feedback
        header = DOSSIER_HEADERS.get(column, column) if table == "dossiers" else column
        cell = frame.iloc[row - 1][header]
        if value not in ("", "excel"):
            assert cell == value, (table, row, column)
        assert f"| {table} | {row} | `{header}` |" in readme
    ids = dossiers["Mã hồ sơ"]
    assert (ids == "").sum() == 1 and ids[ids != ""].duplicated().sum() == 1
    assert dossiers["Ngày tiếp nhận"].str.match(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$").mean() > 0.9
