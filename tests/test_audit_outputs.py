"""An audit's output files, each written once: the complete record list in Parquet only, the
human-readable copies (evidence.csv, the follow-up sheet) capped and saying so, the workbook
written in write-only mode with its print setup."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import openpyxl
import pandas as pd
import pytest

from kpi import evidence, labels, paths
from kpi.errors import KpiError
from kpi.report import excel, export
from kpi.report.notebook import open_audit

SHEET_ROWS, CSV_ROWS = 50, 40  # well below the June sample's 3.637 follow-up records


@pytest.fixture(scope="module")
def audit():
    return open_audit("2024-06", compare_period="")[0]


@pytest.fixture(scope="module")
def capped(audit, tmp_path_factory):
    folder = tmp_path_factory.mktemp("capped")
    limits = export.OutputLimits(follow_up_sheet_rows=SHEET_ROWS, evidence_csv_rows=CSV_ROWS)
    export.write_outputs(audit, folder, limits=limits)
    return folder


def _failing(audit) -> int:
    return sum(evidence.count_failing(audit.scorecard, code) for code in audit.scorecard.judgements)


def test_capped_follow_up_sheet_says_how_many_and_where(capped, audit):
    records = evidence.follow_up_records(audit.scorecard)
    assert len(records) > SHEET_ROWS
    book = openpyxl.load_workbook(capped / "scorecard.xlsx")
    sheet = book[export.FOLLOW_UP_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == SHEET_ROWS
    # the first rows of the complete list, in its order
    ids = [str(row[header.index("Mã bản ghi")]) for row in body]
    assert ids == records["record_id"].astype(str).head(SHEET_ROWS).tolist()
    note = next(value for value in header if isinstance(value, str) and "Chỉ hiện" in value)
    total = labels.thousands(len(records))
    assert note.startswith(f"Chỉ hiện {SHEET_ROWS} dòng đầu trong tổng số {total} dòng")
    assert "evidence/" in note and "Parquet" in note
    notes = dict(list(book["Ghi chú"].iter_rows(values_only=True))[1:])
    assert notes[export.FOLLOW_UP_SHEET] == note
    assert labels.thousands(_failing(audit)) in notes["Bản ghi không đạt"]


def test_capped_csv_says_so_on_its_first_line_and_parquet_has_every_record(capped, audit):
    failing = _failing(audit)
    lines = (capped / "evidence.csv").read_text(encoding="utf-8-sig").splitlines()
    total = labels.thousands(failing)
    assert lines[0] == (
        f'"Chỉ hiện {CSV_ROWS} dòng đầu trong tổng số {total} bản ghi không đạt; danh sách đầy '
        f'đủ: {export.PARQUET_PLACE}."'
    )
    table = pd.read_csv(capped / "evidence.csv", encoding="utf-8-sig", skiprows=1)
    assert len(table) == CSV_ROWS and "Lý do" in " ".join(table.columns)
    full = pd.read_parquet(capped / "evidence")
    assert int((~full["counted"]).sum()) == failing  # the Parquet has them all
    per_indicator = {
        code: len(evidence.evidence(audit.scorecard, code)) for code in audit.scorecard.judgements
    }
    assert len(full) == sum(per_indicator.values())


def test_uncapped_copies_have_no_note(audit, tmp_path):
    limits = export.OutputLimits(follow_up_sheet_rows=100_000, evidence_csv_rows=100_000)
    export.write_outputs(audit, tmp_path, limits=limits)
    table = pd.read_csv(tmp_path / "evidence.csv", encoding="utf-8-sig")
    assert len(table) == _failing(audit)
    book = openpyxl.load_workbook(tmp_path / "scorecard.xlsx")
    header = next(book[export.FOLLOW_UP_SHEET].iter_rows(values_only=True))
    assert not any(isinstance(value, str) and "Chỉ hiện" in value for value in header)
    assert export.FOLLOW_UP_SHEET not in dict(book["Ghi chú"].iter_rows(values_only=True))


@pytest.mark.parametrize("unit", ["", "KL"])
def test_follow_up_head_is_the_head_of_the_complete_list(unit):
    audit = open_audit("2024-06", unit=unit, compare_period="")[0]
    scorecard, scope = audit.scorecard, audit.scope
    only = None if not unit else scope
    failing = {}
    for code in scorecard.judgements:
        rows = evidence.evidence(scorecard, code, unit=only)
        failing[code] = rows[~rows["counted"].to_numpy(bool)]
    complete = evidence.follow_up_records(scorecard, scope)
    for limit in (0, 1, 7, 333, len(complete) // 2, len(complete), len(complete) + 5):
        head, total = export.follow_up_head(scorecard, scope, failing, limit)
        assert total == len(complete)
        pd.testing.assert_frame_equal(
            head.astype(str), complete.head(limit).astype(str), check_index_type=False
        )


def test_workbook_is_written_write_only_with_print_setup(audit, tmp_path, monkeypatch):
    modes = []

    class Spy(excel.Workbook):  # type: ignore[misc]
        def __init__(self, write_only: bool = False, iso_dates: bool = False) -> None:
            modes.append(write_only)
            super().__init__(write_only=write_only, iso_dates=iso_dates)

    monkeypatch.setattr(excel, "Workbook", Spy)
    export.write_outputs(audit, tmp_path, limits=export.load_output_limits())
    assert modes == [True]
    book = openpyxl.load_workbook(tmp_path / "scorecard.xlsx")
    verdict = book.worksheets[0]
    assert verdict.title == export.VERDICT_SHEET
    assert verdict.page_setup.orientation == "landscape" and verdict.print_title_rows == "$1:$1"
    with zipfile.ZipFile(tmp_path / "scorecard.xlsx") as archive:  # one pass, fixed times
        assert {info.date_time for info in archive.infolist()} == {excel.ZIP_TIME}
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_output_limits_are_parameters():
    limits = export.load_output_limits()
    assert limits == export.load_output_limits(paths.PARAMS_DIR / "outputs.yaml")
    assert 0 < limits.follow_up_sheet_rows <= excel.MAX_DATA_ROWS
    assert limits.evidence_csv_rows > 0


def test_bad_output_limits_are_refused(tmp_path):
    path = tmp_path / "outputs.yaml"
    path.write_text("follow_up_sheet_rows: -1\nevidence_csv_rows: 10\n", encoding="utf-8")
    with pytest.raises(KpiError, match="follow_up_sheet_rows"):
        export.load_output_limits(path)


def test_runner_import_skips_the_format_checker_grammar():
    # rfc3987_syntax compiles a Lark grammar on import (1.5-2.5 s); nbformat never needs it,
    # and still validates (with fastjsonschema): a code cell without its keys is refused
    code = (
        "import sys, kpi.archive.runner, nbformat\n"
        "book = nbformat.v4.new_notebook()\n"
        "book.cells.append({'cell_type': 'code'})\n"
        "try:\n    nbformat.validate(book)\nexcept nbformat.ValidationError:\n    print('refused')\n"
        "print(nbformat.json_compat.get_current_validator().name)\n"
        "print(sys.modules.get('rfc3987_syntax') is None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["refused", "fastjsonschema", "True"]
