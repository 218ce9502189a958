"""The fast paths of ingest give the same outcome as the text paths (issue #8).

Typed Parquet string columns of few values are read as dictionaries (categoricals), values are
mapped once per distinct value, duplicates are looked for by sorting, and pandera runs only on
the rows that a vectorised pre-check marks: none of that may change a value, a quarantine
reason or a count. The key columns of the returned tables are ``category``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kpi.ingest import fileload, load_extract
from kpi.ingest.distinct import as_category, map_distinct
from kpi.ingest.parse import is_trimmed_text, map_choice, parse_text
from kpi.ingest.schemas import _pandera_problems, validate

EXTRACTS = Path(__file__).parent / "fixtures" / "extracts"
VALID = EXTRACTS / "valid-csv"
CATEGORICAL = {"dossiers": ("procedure_code", "unit", "status"), "feedback": ("unit",)}
MESSY = pd.DataFrame(
    {
        "MaHoSo": ["H001", "H002", " H003 ", "H002", None, "H005", "H006", "H007"],
        "MaTTHC": ["1.004500", "2.001234", "1.004500", "2.001234", "1.004500", " ", "x", "x"],
        "DonViXuLy": ["CNTY", "Chi cục Kiểm lâm", "phòng KH-TC", "CNTY", None, " CNTY", "Lạ", ""],
        "NgayTiepNhan": [
            "01/06/2024 09:00",
            "02/06/2024",
            "03/06/2024",
            "04/06/2024",
            "05/06/2024",
            "06/06/2024",
            "07/06/2024",
            "08/06/2024",
        ],
        "NgayKetThucXuLy": ["04/06/2024 10:00", "", "", "", "", "01/06/2024", "", ""],
        "TrangThaiHoSo": [
            "Đã trả kết quả",
            " Đang xử lý ",
            "received",
            "done",
            "done",
            "done",
            "lạ",
            None,
        ],
        "KenhThucHien": ["2", "1", "", "3", "1", "5", "2", "2"],
        "DanhGia": ["like", " LIKE", "", None, "bad", "dislike", "like", "like"],
    }
)


def _extract(tmp_path: Path, name: str, suffix: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(VALID / "manifest.yaml", folder)
    shutil.copy(VALID / "procedures.csv", folder)
    if suffix == ".csv":
        MESSY.fillna("").to_csv(folder / "dossiers.csv", index=False)
    else:
        pq.write_table(
            pa.Table.from_pandas(MESSY, preserve_index=False), folder / "dossiers.parquet"
        )
    return folder


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({name: "str" for name in frame.columns if frame[name].dtype == "category"})


def test_parquet_strings_give_the_same_outcome_as_csv(tmp_path: Path) -> None:
    from_csv = load_extract(_extract(tmp_path, "csv", ".csv"))
    from_parquet = load_extract(_extract(tmp_path, "parquet", ".parquet"))
    pd.testing.assert_frame_equal(
        _as_text(from_csv.tables["dossiers"]), _as_text(from_parquet.tables["dossiers"])
    )
    csv_issues = from_csv.quarantine.drop(columns="file")
    parquet_issues = from_parquet.quarantine.drop(columns="file")
    pd.testing.assert_frame_equal(csv_issues, parquet_issues)
    assert list(zip(csv_issues["row"], csv_issues["column"], strict=True)) == [
        (5, "dossier_id"),  # repeated H002
        (6, "dossier_id"),
        (6, "rating"),
        (7, "channel"),
        (7, "finished_at"),
        (7, "procedure_code"),  # blank
        (8, "status"),
        (9, "status"),
    ]
    assert from_parquet.tables["dossiers"]["rating"].tolist() == ["like", "like", np.nan]
    pd.testing.assert_frame_equal(
        from_csv.findings.drop(columns="file"), from_parquet.findings.drop(columns="file")
    )
    counts = ["rows_read", "rows_used", "rows_quarantined", "rows_superseded"]
    assert from_csv.accounting[counts].equals(from_parquet.accounting[counts])


@pytest.mark.parametrize(
    "folders",
    [
        [VALID],
        [EXTRACTS / "parquet-typed"],
        [EXTRACTS / "two-months" / "2024-05", EXTRACTS / "two-months" / "2024-06"],
    ],
)
def test_key_columns_are_categoricals_of_the_values_present(folders: list[Path]) -> None:
    extract = load_extract(folders)
    for table, names in CATEGORICAL.items():
        if table not in extract.tables:
            continue
        for name in names:
            values = extract.tables[table][name]
            assert isinstance(values.dtype, pd.CategoricalDtype), name
            assert str(values.cat.categories.dtype) == "str"
            present = sorted(values.dropna().astype("str").unique())
            assert list(values.cat.categories) == present, name
    assert str(extract.tables["dossiers"]["dossier_id"].dtype) == "str"


def test_categoricals_work_with_plain_comparisons() -> None:
    dossiers = load_extract(VALID).tables["dossiers"]
    assert (dossiers["status"] == "returned").tolist() == [True, False, False]
    assert dossiers["unit"].isin(["CNTY", "KHTC"]).sum() == 2
    assert dossiers["procedure_code"].map({"1.004500": "A"}).notna().sum() == 2


def test_per_distinct_mapping_is_the_same_on_text_and_categorical() -> None:
    text = pd.Series([" Đã trả kết quả", "done", None, " ", "lạ", "done"], dtype="str")
    lookup = {"datraketqua": "returned", "done": "done"}
    from_text = map_choice(text, lookup)
    from_categorical = map_choice(text.astype("category"), lookup)
    assert str(from_text.dtype) == "str"
    assert isinstance(from_categorical.dtype, pd.CategoricalDtype)
    assert from_text.tolist() == from_categorical.astype("str").tolist()
    assert from_text.tolist() == ["returned", "done", np.nan, np.nan, "lạ", "done"]
    unchanged = pd.Series(["a", "b"], dtype="str")
    assert map_distinct(unchanged, lambda value: value) is unchanged


def test_as_category_drops_unused_and_sorts() -> None:
    values = pd.Series(pd.Categorical(["b", "c", None], categories=["c", "z", "b"]))
    result = as_category(values)
    assert list(result.cat.categories) == ["b", "c"]
    assert result.astype("str").tolist() == ["b", "c", np.nan]


def test_prefiltered_validation_equals_pandera_on_every_row() -> None:
    rng = np.random.default_rng(7)
    n = 500
    received = pd.Timestamp("2024-06-01") + pd.to_timedelta(rng.integers(0, 30, n), unit="D")
    finished = received + pd.to_timedelta(rng.integers(-3, 10, n), unit="D")
    frame = pd.DataFrame(
        {
            "dossier_id": pd.Series(np.where(rng.random(n) < 0.02, None, "H"), dtype="str"),
            "procedure_code": pd.Series(["1.0"] * n, dtype="str").astype("category"),
            "received_at": received.where(rng.random(n) > 0.02),
            "finished_at": finished.where(rng.random(n) > 0.3),
            "status": pd.Series(rng.choice(["done", "lạ", "received"], n)).astype("category"),
            "supplement_count": pd.array(rng.integers(-1, 3, n), dtype="Int64"),
            "channel": pd.array(
                np.where(rng.random(n) < 0.1, pd.NA, rng.integers(0, 5, n)), dtype="Int8"
            ),
            "paid_online": pd.array(rng.integers(0, 4, n), dtype="Int64"),
            "fee_amount": np.where(rng.random(n) < 0.05, -1.0, 10.0),
            "rating": pd.Series(rng.choice(["like", "bad", None], n), dtype="str"),
        },
        index=pd.RangeIndex(2, 2 + n),
    )
    fast = validate(frame, "dossiers").sort_values(["row", "column"], ignore_index=True)
    full = _pandera_problems(frame, "dossiers").sort_values(["row", "column"], ignore_index=True)
    assert len(full) > 50
    pd.testing.assert_frame_equal(fast, full)


EDGE_TEXTS = ["H1", " H2", "H3 ", "", " ", "\tH4", "H5\n", "Hồ", "ồH", "H\u00a0", "\u3000H",
              "\x1cH", "H\x1f", "a b", "https://x.vn/kq/1.pdf", None]  # fmt: skip


@pytest.mark.parametrize("seed", range(20))
def test_clean_text_fast_path_equals_strip(seed: int) -> None:
    """Random mixes of clean and untrimmed strings (chunked and sliced as Parquet gives them):
    the fast path answers "already trimmed" only when stripping would change nothing."""
    rng = np.random.default_rng(seed)
    clean = rng.random() < 0.5
    pool = [t for t in EDGE_TEXTS if t is None or t in ("H1", "a b", "https://x.vn/kq/1.pdf")]
    texts = list(rng.choice(np.array(pool if clean else EDGE_TEXTS, dtype=object), 40))
    large = pa.large_string()
    chunks = [pa.array(["pad", *texts[:20]], large).slice(1), pa.array(texts[20:], large)]
    text = pd.StringDtype("pyarrow", na_value=np.nan)
    values = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks), dtype=text))
    expected = values.str.strip()
    expected = expected.where(expected != "")
    assert is_trimmed_text(values) == expected.equals(values)
    assert parse_text(values).tolist() == expected.tolist()
    if is_trimmed_text(values):
        assert parse_text(values) is values  # no copy


@pytest.mark.parametrize("odd", [t for t in EDGE_TEXTS if t not in (None, "H1", "a b", "Hồ")])
def test_one_untrimmed_value_among_clean_ones_is_seen(odd: str) -> None:
    values = pd.Series(["H1", odd, "a b", None], dtype="str")
    changed = odd.strip() != odd or odd == ""
    if changed:
        assert not is_trimmed_text(values)
    elif odd.isascii():
        assert is_trimmed_text(values)
    else:  # a non-ASCII first or last character: "maybe", the full strip decides
        assert not is_trimmed_text(values)
    assert parse_text(values).tolist() == ["H1", odd.strip() or np.nan, "a b", np.nan]


@pytest.mark.parametrize("block", [1, 2, 3, 1 << 20])
def test_distinct_check_sees_repeats_across_blocks(monkeypatch, block: int) -> None:
    """Sorted ids are compared a block at a time; a repeat may straddle two blocks."""
    monkeypatch.setattr(fileload, "_DISTINCT_BLOCK", block)
    ids = ["H5", "H1", None, "H4", "H2", "H3", None]
    assert fileload._all_distinct(pd.Series(ids, dtype="str"))
    for repeated in ["H1", "H3", "H5"]:  # first, middle and last in sorted order
        assert not fileload._all_distinct(pd.Series([*ids, repeated], dtype="str"))
    assert fileload._all_distinct(pd.Series([None, None], dtype="str"))
    assert fileload._all_distinct(pd.Series([], dtype="str"))


def test_flags_already_typed_or_numeric():
    from kpi.ingest.parse import parse_bool

    lookup = {"co": True, "khong": False}
    values, bad = parse_bool(pd.Series([True, False], index=[4, 5]), lookup)
    assert values.dtype == bool and values.tolist() == [True, False] and not bad.any()
    assert list(values.index) == [4, 5]
    # Numbers: 1 and 0 only, a blank is False; 2 is unreadable even where text would be a flag.
    for text_flag in (False, True):
        values, bad = parse_bool(pd.Series([1.0, None, 0.0, 2.0]), lookup, text_flag=text_flag)
        assert values.tolist() == [True, False, False, False], text_flag
        assert bad.tolist() == [False, False, False, True], text_flag
    values, bad = parse_bool(pd.Series(["Có", None, "khong", "?"]), lookup)
    assert values.dtype == bool and values.tolist() == [True, False, False, False]
    assert bad.tolist() == [False, False, False, True]
    values, bad = parse_bool(pd.Series(["Có", "", "tên thành phần"]), lookup, text_flag=True)
    assert values.dtype == bool and values.tolist() == [True, False, True] and not bad.any()
