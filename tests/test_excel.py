"""Excel writer: formula injection neutralised, types and formats, sheet names, row cap, bytes."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kpi.report import excel
from kpi.report.excel import neutralise, sheet_title, write_workbook

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", '=HYPERLINK("http://x","y")', "＝1+1"]


def _write_and_open(tmp_path: Path, sheets: dict, **options) -> openpyxl.Workbook:
    path = write_workbook(tmp_path / "scorecard.xlsx", sheets, **options)
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_comes_back_as_quoted_string(tmp_path: Path, text: str) -> None:
    sheet = _write_and_open(tmp_path, {"t": pd.DataFrame({"lý do": [text]})}).active
    cell = sheet["A2"]
    assert cell.value == "'" + text
    assert cell.data_type == "s"


def test_carriage_return_prefix_is_neutralised(tmp_path: Path) -> None:
    sheet = _write_and_open(tmp_path, {"t": pd.DataFrame({"x": ["\r=cmd"]})}).active
    # XML turns a stored CR into LF on reading; what matters is the quote and the string type
    assert sheet["A2"].value in ("'\r=cmd", "'\n=cmd")
    assert sheet["A2"].data_type == "s"


def test_headers_and_error_like_text_stay_text(tmp_path: Path) -> None:
    sheet = _write_and_open(tmp_path, {"t": pd.DataFrame({"=SUM(A1)": ["#N/A"]})}).active
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("'=SUM(A1)", "s")
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("#N/A", "s")


def test_numbers_stay_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"n": [-5, 7], "x": [-2.5, 1 / 3], "i": pd.array([3, None], dtype="Int64")}
    )
    sheet = _write_and_open(tmp_path, {"t": frame}).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == (-5, "n")
    assert isinstance(sheet["A2"].value, int)
    assert (sheet["B2"].value, sheet["B2"].number_format) == (-2.5, "#,##0.00")
    assert sheet["B3"].value == pytest.approx(1 / 3)  # full precision kept, 2 decimals shown
    assert (sheet["C2"].value, sheet["C3"].value) == (3, None)


def test_dates_bools_and_blanks(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "received_at": [datetime(2024, 6, 3, 14, 5), pd.NaT],
            "due_on": [date(2024, 6, 10), None],
            "on_time": [True, False],
            "ratio": [np.nan, 0.5],
            "local": pd.to_datetime(["2024-06-03 08:30", "2024-06-04 09:00"]).tz_localize(
                "Asia/Ho_Chi_Minh"
            ),
        }
    )
    sheet = _write_and_open(tmp_path, {"t": frame}).active
    assert sheet["A2"].value == datetime(2024, 6, 3, 14, 5)
    assert sheet["A2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["A3"].value is None
    assert sheet["B2"].number_format == "dd/mm/yyyy" and sheet["B3"].value is None
    assert (sheet["C2"].value, sheet["C3"].value) == ("Có", "Không")
    assert (sheet["D2"].value, sheet["D3"].value) == (None, 0.5)
    assert sheet["E2"].value == datetime(2024, 6, 3, 8, 30)  # wall time kept, zone dropped


def test_layout_header_frozen_filter_widths(tmp_path: Path) -> None:
    frame = pd.DataFrame({"Mã": [1, 2], "Lý do": ["x" * 200, "ngắn"]})
    sheet = _write_and_open(tmp_path, {"t": frame}).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert sheet.column_dimensions["A"].width == 8  # minimum 6 + 2
    assert sheet.column_dimensions["B"].width == 60  # capped


def test_named_index_is_written(tmp_path: Path) -> None:
    frame = pd.DataFrame({"points": [1.5]}, index=pd.Index([5], name="code"))
    sheet = _write_and_open(tmp_path, {"t": frame}).active
    assert [cell.value for cell in sheet[1]] == ["code", "points"]
    assert sheet["A2"].value == 5


def test_illegal_xml_characters_are_stripped(tmp_path: Path) -> None:
    frame = pd.DataFrame({"cột\x07": ["a\x01b\x1fc", "\x0b=cmd"]})
    workbook = _write_and_open(tmp_path, {"bảng\x00": frame})
    sheet = workbook.active
    assert workbook.sheetnames == ["bảng"]
    assert sheet["A1"].value == "cột"
    assert sheet["A2"].value == "abc"
    assert sheet["A3"].value == "'=cmd"  # stripped first, then neutralised


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Chỉ số [1/2]: *điểm*?", [], "Chỉ số _1_2__ _điểm__"),
        ("a" * 40, [], "a" * 31),
        ("Điểm", ["điểm"], "Điểm (2)"),
        ("a" * 40, ["a" * 31, "a" * 27 + " (2)"], "a" * 27 + " (3)"),
        ("=cmd", [], "_=cmd"),
        ("'quoted'", [], "quoted"),
        ("", [], "Sheet_"),
        ("History", [], "History_"),
        (5, [], "5"),
    ],
)
def test_sheet_title(name: object, taken: list[str], expected: str) -> None:
    assert sheet_title(name, taken) == expected


def test_sheet_names_sanitised_and_unique_in_workbook(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1]})
    workbook = _write_and_open(
        tmp_path, {"Tổng hợp: kỳ 2024/06": frame, "tổng hợp: kỳ 2024/06": frame}
    )
    assert workbook.sheetnames == ["Tổng hợp_ kỳ 2024_06", "tổng hợp_ kỳ 2024_06 (2)"]


def test_row_cap_leaves_a_note_beside_the_header_and_in_notes(tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": range(10), "name": [f"hs-{i}" for i in range(10)]})
    workbook = _write_and_open(tmp_path, {"hồ sơ": frame}, max_rows=4, notes={"Nguồn": "mẫu"})
    sheet = workbook["hồ sơ"]
    assert sheet.max_row == 5  # header + 4 rows
    assert [sheet.cell(row, 1).value for row in range(2, 6)] == [0, 1, 2, 3]
    note = sheet["D1"].value  # one blank column after the data, outside the filter A1:B5
    assert sheet.auto_filter.ref == "A1:B5"
    assert note == (
        "Trang tính chỉ có 4 dòng đầu trong tổng số 10 dòng; bảng đầy đủ nằm trong tệp "
        "CSV/Parquet cùng thư mục với tệp Excel này."
    )
    rows = list(workbook["Ghi chú"].iter_rows(values_only=True))
    assert rows == [("Mục", "Nội dung"), ("Nguồn", "mẫu"), ("hồ sơ", note)]


def test_row_cap_never_exceeds_excel(tmp_path: Path, monkeypatch) -> None:
    assert excel.MAX_DATA_ROWS == 1_048_575
    monkeypatch.setattr(excel, "MAX_DATA_ROWS", 3)  # stands for Excel's limit, for speed
    frame = pd.DataFrame({"id": range(1_500)})
    sheet = _write_and_open(tmp_path, {"t": frame}, max_rows=2_000_000).active
    assert sheet.max_row == 4
    assert "3 dòng đầu trong tổng số 1.500 dòng" in sheet["C1"].value


def test_same_frames_give_same_bytes(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1.5, -2.0], "b": ["=x", "y"], "d": [datetime(2024, 6, 1)] * 2})
    first = write_workbook(tmp_path / "one.xlsx", {"t": frame}, title="Bảng điểm").read_bytes()
    second = write_workbook(tmp_path / "two.xlsx", {"t": frame}, title="Bảng điểm").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "one.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {excel.ZIP_TIME}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "kpi766" in core
    properties = openpyxl.load_workbook(tmp_path / "one.xlsx").properties
    assert (properties.created, properties.modified) == (excel.FIXED_TIME, excel.FIXED_TIME)
    assert properties.title == "Bảng điểm"


def test_no_temporary_file_left_in_the_folder(tmp_path: Path) -> None:
    write_workbook(tmp_path / "scorecard.xlsx", {"t": pd.DataFrame({"a": [1]})})
    assert [path.name for path in tmp_path.iterdir()] == ["scorecard.xlsx"]


def test_neutralise_helper() -> None:
    assert [neutralise(text) for text in FORMULAS] == ["'" + text for text in FORMULAS]
    assert neutralise("\r=x") == "'\r=x"
    assert neutralise(-5) == -5 and neutralise(-2.5) == -2.5 and neutralise(None) is None
    assert neutralise("Hà Nội") == "Hà Nội" and neutralise("") == ""
    assert neutralise("a=b") == "a=b"


def test_nothing_to_write_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_workbook(tmp_path / "x.xlsx", {})


def test_every_sheet_prints_landscape_fitted_with_repeated_header(tmp_path: Path) -> None:
    frame = pd.DataFrame({"Đơn vị": ["A", "B"], "#1": [1.0, 2.5], "#2": [3.0, 0.0]})
    path = write_workbook(
        tmp_path / "w.xlsx",
        {"Đơn vị × chỉ số": frame, "Khác": frame},
        title="Sở A & B — kỳ 2024-06",
        heat=["Đơn vị × chỉ số"],
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Đơn vị × chỉ số", "Khác", "Ghi chú"]
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.oddHeader.center.text == "Sở A && B — kỳ 2024-06"  # & escaped for Excel
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    ranges = [str(rule.sqref) for rule in book["Đơn vị × chỉ số"].conditional_formatting]
    assert ranges == ["B2:C3"]  # the numeric columns, data rows only
    assert not list(book["Khác"].conditional_formatting)
