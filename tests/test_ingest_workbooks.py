"""Workbooks: the sheet is chosen deterministically and named; a formula without a cached value
is quarantined; an .xls or an HTML page named .xlsx is named for what it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi import cli
from kpi.errors import ExtractError
from kpi.ingest import load_extract, load_ingest_mapping
from tests.ingest_helpers import (
    DOSSIER_HEADER,
    DOSSIER_ROWS,
    counts,
    issues,
    write_extract,
    write_workbook,
)

HEADER = DOSSIER_HEADER.split(",")
ROWS = [row.split(",") for row in DOSSIER_ROWS]


_workbook = write_workbook


def _folder(tmp_path: Path, sheets: dict, hidden: tuple[str, ...] = ()) -> Path:
    folder = write_extract(tmp_path / "x")
    (folder / "dossiers.csv").unlink()
    _workbook(folder / "dossiers.xlsx", sheets, hidden)
    return folder


STALE = [HEADER, ["H999", "1.004500", "CNTY", "01/01/2023", "", "", "received"]]


def test_hidden_stale_sheet_is_not_read_and_the_sheet_is_named(tmp_path: Path, capsys) -> None:
    folder = _folder(tmp_path, {"Cũ": STALE, "Hồ sơ": [HEADER, *ROWS]}, hidden=("Cũ",))
    extract = load_extract(folder)
    assert extract.tables["dossiers"]["dossier_id"].tolist() == ["H001", "H002", "H003"]
    assert extract.sheets == {str(folder / "dossiers.xlsx"): ("Hồ sơ", 1)}
    assert cli.main(["check", "--data", str(folder)]) == 0
    assert f"Trang tính đã đọc: {folder / 'dossiers.xlsx'} → 'Hồ sơ' (dòng tiêu đề 1)" in (
        capsys.readouterr().out
    )


def test_several_matching_sheets_are_fatal_naming_them(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, {"Hướng dẫn": [["Xem trang sau"]], "Cũ": STALE, "Hồ sơ": [HEADER, *ROWS]}
    )
    with pytest.raises(ExtractError) as error:
        load_extract(folder)
    message = str(error.value)
    assert "dossiers.xlsx có nhiều trang tính đều có đủ cột bắt buộc: 'Cũ', 'Hồ sơ'" in message
    assert "params/mapping.yaml (mục sheets)" in message


def test_the_mapping_names_the_sheet(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"Cũ": STALE, "Hồ sơ": [HEADER, *ROWS]})
    mapping = load_ingest_mapping().model_copy(update={"sheets": {"dossiers": "cu"}})
    extract = load_extract(folder, mapping=mapping)  # name matched like headers: "cu" = "Cũ"
    assert extract.tables["dossiers"]["dossier_id"].tolist() == ["H999"]
    absent = load_ingest_mapping().model_copy(update={"sheets": {"dossiers": "Tháng 6"}})
    with pytest.raises(ExtractError) as error:
        load_extract(folder, mapping=absent)
    assert "không có trang tính 'Tháng 6'" in str(error.value)
    assert "các trang tính có trong tệp: 'Cũ', 'Hồ sơ'" in str(error.value)


def test_only_a_hidden_sheet_matching_is_fatal(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"Ẩn": [HEADER, *ROWS], "Ghi chú": [["x"]]}, hidden=("Ẩn",))
    with pytest.raises(ExtractError) as error:
        load_extract(folder)
    assert "chỉ trang tính đang bị ẩn 'Ẩn' có đủ cột bắt buộc" in str(error.value)


def test_formula_without_cached_value_is_quarantined_not_blank(tmp_path: Path) -> None:
    header = [*HEADER, "DaDongBo"]
    rows = [[*ROWS[0], "1"], [*ROWS[1], "=IF(1>0,1,0)"], [*ROWS[2], "0"]]  # openpyxl caches none
    extract = load_extract(_folder(tmp_path, {"Hồ sơ": [header, *rows]}))
    assert issues(extract.quarantine) == [
        (
            3,
            "synced_national",
            "=IF(1>0,1,0)",
            "Ô có công thức nhưng chưa có giá trị tính sẵn (tệp tạo bằng chương trình, chưa mở bằng "
            "Excel): hãy mở tệp bằng Excel, lưu lại rồi xuất lại",
        ),
    ]
    assert counts(extract) == (3, 2, 1, 0)


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
            "dossiers.xlsx",
            "dossiers.xlsx: đây là tệp Excel 97–2003 (.xls) hoặc tệp Excel có đặt mật khẩu",
        ),
        (
            b"\xef\xbb\xbf<html><body><table><tr><td>MaHoSo</td></tr></table></body></html>",
            "dossiers.xlsx",
            "dossiers.xlsx: đây là một trang HTML (bảng tải từ trang web)",
        ),
        (
            DOSSIER_HEADER.encode(),
            "dossiers.xlsx",
            "dossiers.xlsx: nội dung không phải tệp Excel .xlsx",
        ),
        (b"\xd0\xcf\x11\xe0", "dossiers.xls", "dossiers.xls có định dạng .xls mà kpi766 không đọc"),
    ],
)
def test_non_workbooks_are_named_for_what_they_are(
    tmp_path: Path, content: bytes, name: str, fragment: str
) -> None:
    folder = write_extract(tmp_path / "x")
    (folder / "dossiers.csv").unlink()
    (folder / name).write_bytes(content)
    with pytest.raises(ExtractError) as error:
        load_extract(folder)
    assert fragment in str(error.value)
