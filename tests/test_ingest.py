"""The broken-extract corpus (tests/fixtures/extracts/, one folder per problem): exact outcomes.

Each case differs from ``valid-csv`` (2 procedures; dossiers H001-H003 on CSV lines 2-4) by one
problem; ``tests/fixtures/make_extracts.py`` regenerates the folders.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from kpi.cli import main
from kpi.columns import TABLES
from kpi.errors import ExtractError
from kpi.ingest import load_extract, load_ingest_mapping, tables_summary

EXTRACTS = Path(__file__).parent / "fixtures" / "extracts"
EXPECTED_DTYPES = {
    "str": "str",
    "choice": "str",
    "datetime": "datetime64[us]",
    "bool": "bool",
    "int": "int64",
    "Int8": "Int8",
    "float": "float64",
    "category": "category",
}
CATEGORICAL = {"dossiers": ("procedure_code", "unit", "status"), "feedback": ("unit",)}


def _issues(frame: pd.DataFrame, table: str = "dossiers") -> list[tuple]:
    rows = frame[frame["table"] == table]
    return list(zip(rows["row"], rows["column"], rows["value"], rows["reason"], strict=True))


def _kept(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings other than the absent optional columns (the corpus files have few columns)."""
    return findings[~findings["reason"].str.startswith("Tệp không có cột")]


def _counts(extract, table: str = "dossiers") -> tuple[int, int, int, int]:
    row = extract.accounting[extract.accounting["table"] == table].iloc[0]
    return (
        row["rows_read"],
        row["rows_used"],
        row["rows_quarantined"],
        row["rows_superseded"],
    )


def _reconciles(extract) -> bool:
    acc = extract.accounting
    return bool(
        (
            acc["rows_read"] == acc["rows_used"] + acc["rows_quarantined"] + acc["rows_superseded"]
        ).all()
    )


# --- fatal problems: one Vietnamese error naming the file and what is missing -----------------


@pytest.mark.parametrize(
    ("case", "fragments"),
    [
        ("does-not-exist", ["Không tìm thấy thư mục trích xuất", "does-not-exist"]),
        ("missing-manifest", ["Thiếu tệp manifest.yaml", "missing-manifest"]),
        ("missing-required-table", ["Thiếu bảng bắt buộc 'dossiers'", "missing-required-table"]),
        (
            "missing-required-column",
            [
                "missing-required-column/dossiers.csv",
                "thiếu cột bắt buộc 'received_at'",
                "(Ngày tiếp nhận)",
            ],
        ),
        ("unreadable-file", ["Không đọc được tệp", "unreadable-file/dossiers.xlsx"]),
        ("empty-file", ["empty-file/dossiers.csv", "rỗng (0 byte)"]),
        (
            "xlsx-no-matching-sheet",
            [
                "xlsx-no-matching-sheet/dossiers.xlsx",
                "thiếu cột bắt buộc 'procedure_code'",
                "trang tính 'Hướng dẫn'",
            ],
        ),
    ],
)
def test_fatal_problem_names_file_and_what_is_missing(case: str, fragments: list[str]) -> None:
    with pytest.raises(ExtractError) as error:
        load_extract(EXTRACTS / case)
    for fragment in fragments:
        assert fragment in str(error.value)


# --- usable extracts read the same whatever the format ----------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        "valid-csv",
        "csv-utf8-bom",
        "csv-cp1258",
        "csv-utf16-tab",
        "headers-vietnamese",
        "upper-case-file-name",
        "xlsx-title-rows",
        "xlsx-second-sheet",
    ],
)
def test_format_variants_give_the_same_dossiers(case: str) -> None:
    extract = load_extract(EXTRACTS / case)
    dossiers = extract.tables["dossiers"]
    assert extract.quarantine.empty and _kept(extract.findings).empty
    assert _counts(extract) == (3, 3, 0, 0)
    assert dossiers["dossier_id"].tolist() == ["H001", "H002", "H003"]
    # "Chi cục Kiểm lâm" and "phòng KH-TC" are a unit name and an alias (en dash vs hyphen).
    assert dossiers["unit"].tolist() == ["CNTY", "KL", "KHTC"]
    assert dossiers["status"].tolist() == ["returned", "processing", "received"]
    assert dossiers["received_at"].tolist() == [
        pd.Timestamp("2024-06-01 09:00"),
        pd.Timestamp("2024-06-02"),
        pd.Timestamp("2024-06-03"),
    ]
    assert dossiers["channel"].tolist() == [2, 1, pd.NA]
    assert extract.tables["procedures"]["online_services"].tolist() == [1, 2]


def test_dtypes_follow_the_column_contract() -> None:
    extract = load_extract(EXTRACTS / "valid-csv")
    for table, frame in extract.tables.items():
        assert list(frame.columns) == [col.name for col in TABLES[table]]
        assert isinstance(frame.index, pd.RangeIndex)
        for col in TABLES[table]:
            expected = "category" if col.name in CATEGORICAL.get(table, ()) else col.kind
            assert str(frame[col.name].dtype) == EXPECTED_DTYPES[expected], col.name
    assert extract.period == "2024-06"
    assert extract.export_time == pd.Timestamp("2024-07-01 08:00")
    assert {path.name for path in extract.files} == {
        "manifest.yaml",
        "procedures.csv",
        "dossiers.csv",
    }


def test_headers_only_file_gives_zero_rows() -> None:
    extract = load_extract(EXTRACTS / "headers-only")
    assert _counts(extract) == (0, 0, 0, 0)
    assert extract.tables["dossiers"].empty
    assert list(extract.tables["dossiers"].columns) == [c.name for c in TABLES["dossiers"]]


def test_mixed_date_formats_in_one_column() -> None:
    dossiers = load_extract(EXTRACTS / "mixed-date-formats").tables["dossiers"]
    # ISO with T, Excel serial 45445 (= 2024-06-02), dd/mm/yyyy HH:MM:SS.
    assert dossiers["received_at"].tolist() == [
        pd.Timestamp("2024-06-01 09:00"),
        pd.Timestamp("2024-06-02"),
        pd.Timestamp("2024-06-03 14:30:15"),
    ]
    # 45448.5 is noon of 2024-06-05.
    assert dossiers["due_at"].iloc[0] == pd.Timestamp("2024-06-05 12:00")


def test_booleans_in_all_spellings() -> None:
    extract = load_extract(EXTRACTS / "booleans")
    dossiers = extract.tables["dossiers"]
    # Rows: (1, Có, x), (0, không, blank), (TRUE, false, X); the 4th has "?" (line 5).
    assert dossiers["synced_national"].tolist() == [True, False, True]
    assert dossiers["components_digitized"].tolist() == [True, False, False]
    assert dossiers["vneid_verified"].tolist() == [True, False, True]
    assert _issues(extract.quarantine) == [
        (5, "vneid_verified", "?", "Giá trị đúng/sai không đọc được")
    ]
    assert _counts(extract) == (4, 3, 1, 0)


def test_parquet_typed_columns_are_taken_as_they_are() -> None:
    extract = load_extract(EXTRACTS / "parquet-typed")
    dossiers = extract.tables["dossiers"]
    assert (
        dossiers["received_at"].tolist()
        == pd.to_datetime(["2024-06-01 09:00", "2024-06-02 10:00"]).tolist()
    )
    assert dossiers["vneid_verified"].tolist() == [True, False]
    assert dossiers["fee_amount"].isna().tolist() == [False, True]
    assert str(dossiers["channel"].dtype) == "Int8"
    assert _counts(extract) == (2, 2, 0, 0)


# --- impossible values are quarantined, with the exact row, column and reason -----------------


@pytest.mark.parametrize(
    ("case", "expected", "counts"),
    [
        ("unparseable-date", [(3, "received_at", "32/13/2024", "Ngày không đọc được")], (3, 2, 1)),
        (
            "finished-before-received",
            [(2, "finished_at", "31/05/2024", "Kết thúc trước khi tiếp nhận")],
            (3, 2, 1),
        ),
        ("channel-out-of-range", [(3, "channel", "7", "Kênh không thuộc {1, 2, 3}")], (3, 2, 1)),
        (
            "unknown-status",
            [(4, "status", "Đang chờ phép màu", "Trạng thái không hợp lệ")],
            (3, 2, 1),
        ),
        ("empty-id", [(3, "dossier_id", " ", "Thiếu mã")], (3, 2, 1)),  # the raw blank cell
        (
            "repeated-id",
            [
                (5, "dossier_id", "H001", "Mã bị trùng trong tệp (đã dùng bản đầu tiên ở dòng 2)"),
                (6, "dossier_id", "H001", "Mã bị trùng trong tệp (đã dùng bản đầu tiên ở dòng 2)"),
            ],
            (5, 3, 2),
        ),
    ],
)
def test_impossible_values_are_quarantined(case: str, expected: list[tuple], counts: tuple) -> None:
    extract = load_extract(EXTRACTS / case)
    assert _issues(extract.quarantine) == expected
    assert _counts(extract) == (*counts, 0)
    assert _reconciles(extract)
    quarantined = {row for row, *_ in expected}
    assert len(extract.tables["dossiers"]) == counts[1]
    assert extract.findings.empty or quarantined.isdisjoint(extract.findings["row"])
    assert set(extract.quarantine["file"]) == {str(EXTRACTS / case / "dossiers.csv")}


def test_repeated_id_keeps_the_first_copy() -> None:
    dossiers = load_extract(EXTRACTS / "repeated-id").tables["dossiers"]
    assert dossiers["dossier_id"].tolist() == ["H001", "H002", "H003"]
    assert dossiers["unit"].iloc[0] == "CNTY"  # line 5 said "KL"


# --- suspicious values are kept and listed as findings ---------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            "unknown-procedure",
            [(3, "procedure_code", "9.999999", "Mã TTHC không có trong danh mục TTHC")],
        ),
        (
            "date-after-export",
            [
                (
                    3,
                    "finished_at",
                    "2024-07-15 10:00:00",
                    "Ngày sau thời điểm trích xuất (2024-07-01 08:00:00)",
                ),
            ],
        ),
        (
            "unknown-unit",
            [
                (
                    4,
                    "unit",
                    "Phòng Không Tồn Tại",
                    "Đơn vị không có trong danh mục đơn vị (params/units.yaml)",
                ),
            ],
        ),
        ("extra-columns", [(1, "GhiChu", "", "Cột không xác định, đã bỏ qua")]),
    ],
)
def test_suspicious_values_are_findings_and_rows_kept(case: str, expected: list[tuple]) -> None:
    extract = load_extract(EXTRACTS / case)
    assert _issues(_kept(extract.findings)) == expected
    assert extract.quarantine.empty
    assert _counts(extract) == (3, 3, 0, 0)


# --- several monthly extracts: the latest export wins, and it still reconciles ----------------


def test_two_months_latest_export_wins() -> None:
    may, june = EXTRACTS / "two-months" / "2024-05", EXTRACTS / "two-months" / "2024-06"
    for order in ([may, june], [june, may]):
        extract = load_extract(order)
        dossiers = extract.tables["dossiers"].set_index("dossier_id")
        assert sorted(dossiers.index) == ["H000", "H001", "H002", "H003"]
        assert dossiers.loc["H002", "status"] == "returned"  # June's copy
        assert dossiers.loc["H002", "finished_at"] == pd.Timestamp("2024-06-20 15:00")
        assert extract.export_time == pd.Timestamp("2024-07-01 08:00")
        assert _reconciles(extract)
        by_file = extract.accounting.set_index("file")
        # May: H000 used, H002 superseded; June: all three used.
        assert tuple(
            by_file.loc[str(may / "dossiers.csv"), ["rows_read", "rows_used", "rows_superseded"]]
        ) == (2, 1, 1)
        assert by_file.loc[str(june / "dossiers.csv"), "rows_used"] == 3
        assert extract.table_totals()["dossiers"] == {
            "rows_read": 5,
            "rows_used": 4,
            "rows_quarantined": 0,
            "rows_superseded": 1,
        }
        assert len(extract.tables["procedures"]) == 2
    assert load_extract([may, june]).periods == ["2024-05", "2024-06"]


def test_columns_argument_limits_what_is_loaded() -> None:
    extract = load_extract(EXTRACTS / "valid-csv", columns={"dossiers": ["channel"]})
    assert list(extract.tables["dossiers"].columns) == [
        "dossier_id",
        "procedure_code",
        "unit",
        "received_at",
        "finished_at",
        "status",
        "channel",
    ]


# --- command line ----------------------------------------------------------------------------


def test_cli_json_with_quarantine_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--data", str(EXTRACTS / "channel-out-of-range"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(report) == {
        "tables",
        "sheets",
        "quarantine",
        "findings",
        "quality",
        "quarantine_by_cause",
        "findings_by_cause",
    }
    assert report["quarantine_by_cause"][0]["count"] == 1
    assert report["sheets"] == {}  # CSV: no sheet
    assert report["quality"]["rows_quarantined"] == 1 and len(report["quality"]["warnings"]) == 1
    assert report["tables"]["dossiers"] == {
        "rows_read": 3,
        "rows_used": 2,
        "rows_quarantined": 1,
        "rows_superseded": 0,
    }
    assert report["quarantine"] == [
        {
            "table": "dossiers",
            "file": str(EXTRACTS / "channel-out-of-range" / "dossiers.csv"),
            "row": 3,
            "column": "channel",
            "value": "7",
            "reason": "Kênh không thuộc {1, 2, 3}",
        }
    ]
    assert [f for f in report["findings"] if not f["reason"].startswith("Tệp không có cột")] == []
    extract = load_extract(EXTRACTS / "channel-out-of-range")
    assert tables_summary(extract) == report["tables"]


def test_cli_table_format(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--data", str(EXTRACTS / "unknown-procedure")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["Bảng", "Số", "dòng"]
    assert "Mã TTHC không có trong danh mục TTHC" in out
    assert "Dòng bị cách ly (0):" in out


def test_cli_fatal_exits_two_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--data", str(EXTRACTS / "missing-required-table")])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("Lỗi: Thiếu bảng bắt buộc 'dossiers'")
    assert "Traceback" not in captured.err
    assert captured.out == ""


def _validated(table: str, rows: dict[int, dict[str, str | None]]) -> set[tuple[int, str, str]]:
    """(row, column, reason) of raw text rows (source row number → cells) parsed and checked."""
    from kpi.ingest.convert import convert_table
    from kpi.ingest.schemas import validate

    raw = pd.DataFrame.from_dict(rows, orient="index").astype("object")
    parsed, unreadable = convert_table(raw, table, load_ingest_mapping())
    problems = pd.concat([unreadable, validate(parsed, table)], ignore_index=True)
    assert problems["row"].dtype == "int64"
    found = list(problems.itertuples(index=False, name=None))
    assert len(found) == len(set(found)), found  # one problem per row, column and reason
    return set(found)


def test_every_validation_reason_names_its_row_and_column():
    from kpi.ingest import messages as m

    ok = {"dossier_id": "H", "procedure_code": "P", "unit": "CNTY", "status": "done",
          "received_at": "03/06/2024 08:00", "finished_at": "04/06/2024 08:00", "channel": "2",
          "paid_online": "1", "supplement_count": "0", "fee_amount": "10000", "rating": "like"}  # fmt: skip
    # Source row → (the cells changed from ``ok``, the column named, the reason).
    cases = {
        3: ({"dossier_id": None}, "dossier_id", m.MISSING_ID),
        4: ({"procedure_code": " "}, "procedure_code", m.MISSING_ID),
        5: ({"status": "bogus"}, "status", m.BAD_STATUS),
        6: ({"channel": "5"}, "channel", m.BAD_CHANNEL),
        7: ({"channel": "web"}, "channel", m.BAD_CHANNEL),
        8: ({"paid_online": "7"}, "paid_online", m.BAD_CHOICE.format(values="0, 1, 2")),
        9: ({"supplement_count": "-1"}, "supplement_count", m.NEGATIVE),
        10: ({"supplement_count": "1.5"}, "supplement_count", m.BAD_INT),
        11: ({"fee_amount": "-5"}, "fee_amount", m.NEGATIVE),
        12: ({"fee_amount": "nhiều"}, "fee_amount", m.BAD_NUMBER),
        13: ({"finished_at": "02/06/2024 08:00"}, "finished_at", m.FINISHED_BEFORE_RECEIVED),
        14: ({"rating": "meh"}, "rating", m.BAD_CHOICE.format(values="like, dislike")),
        15: ({"received_at": "31/02/2024"}, "received_at", m.BAD_DATE),
    }
    rows = {2: ok} | {row: ok | cells for row, (cells, _, _) in cases.items()}
    expected = {(row, column, reason) for row, (_, column, reason) in cases.items()}
    assert _validated("dossiers", rows) == expected
    assert _validated("dossiers", {2: ok, 3: ok | {"dossier_id": "H2"}}) == set()
    # Without finished_at there is no order to check (and no failure of the check itself).
    unfinished = {k: v for k, v in ok.items() if k != "finished_at"}
    assert _validated("dossiers", {2: unfinished | {"dossier_id": None}}) == {
        (2, "dossier_id", m.MISSING_ID)
    }
    counts = {"period": None, "unit": "CNTY", "received_total": "3"}
    assert _validated("national_counts", {2: counts}) == {(2, "period", m.MISSING_ID)}
    feedback = {"feedback_id": "F", "unit": "CNTY", "sent_at": None, "likes": "-2"}
    assert _validated("feedback", {5: feedback}) == {
        (5, "sent_at", m.MISSING_VALUE),
        (5, "likes", m.NEGATIVE),
    }
    procedure = {"procedure_code": "P", "status": "published", "max_processing_time": "năm"}
    assert _validated("procedures", {9: procedure}) == {(9, "max_processing_time", m.BAD_NUMBER)}


def test_pandera_finds_nothing_in_rows_that_only_looked_suspect():
    from kpi.ingest.schemas import _pandera_problems

    frame = pd.DataFrame({"dossier_id": ["H"], "status": ["done"]}, index=[4])
    problems = _pandera_problems(frame, "dossiers")
    assert list(problems.columns) == ["row", "column", "reason"] and len(problems) == 0
    assert problems["row"].dtype == "int64"
