"""The workbook an office uses: the verdict first, real dates, units × indicators in colour,
the complete follow-up list, definitions, print settings."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import openpyxl
import pytest

from kpi import evidence
from kpi.extracts import audit_period
from kpi.report import export, present
from kpi.report.notebook import open_audit


@pytest.fixture(scope="module")
def audits():
    return open_audit("2024-06")


@pytest.fixture(scope="module")
def folder(audits, tmp_path_factory):
    audit, previous = audits
    folder = tmp_path_factory.mktemp("out")
    export.write_outputs(audit, folder, previous=previous)
    return folder


@pytest.fixture(scope="module")
def book(folder):
    return openpyxl.load_workbook(folder / "scorecard.xlsx")


def test_run_json_carries_the_data_quality(folder, audits):
    import json

    quality = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))["quality"]
    totals = audits[0].extract.table_totals()
    assert quality["rows_read"] == sum(t["rows_read"] for t in totals.values())
    assert isinstance(quality["findings"], int) and quality["warnings"] == []


def test_first_sheet_is_the_verdict(book, audits):
    audit, previous = audits
    sheet = book.worksheets[0]
    assert sheet.title == export.VERDICT_SHEET
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    total = audit.scorecard.total()
    assert rows["Tổng điểm"].startswith(f"{total['points']:.2f} / 100")
    assert rows["Xếp loại"] == total["band"]
    assert "Tốt" in rows["Ngưỡng xếp loại"]
    change = total["points"] - previous.scorecard.total()["points"]
    word = "tăng" if change >= 0 else "giảm"
    assert rows["Thay đổi"].startswith(f"{word} {abs(change):.2f} điểm so với kỳ 2024-05")
    groups = audit.scorecard.groups()
    for row in groups.itertuples(index=False):
        assert rows[f"Nhóm {row.group}. {row.name}"] == f"{row.points:.2f} / {row.max_points:g}"


def test_follow_up_list_is_complete_with_real_dates(book, audits):
    audit, _ = audits
    sheet = book[export.FOLLOW_UP_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    expected = evidence.follow_up_records(audit.scorecard)
    failing = sum(
        evidence.count_failing(audit.scorecard, int(code))
        for code in evidence.losses(audit.scorecard)["code"]
    )
    assert len(body) == len(expected) == failing  # every failing record, none left out
    due = header.index("Ngày hẹn trả")
    dates = [row[due] for row in body if row[due] is not None]
    assert dates and all(isinstance(value, datetime) for value in dates)
    first_date = next(
        cell
        for cell in sheet.iter_rows(min_row=2, min_col=due + 1, max_col=due + 1)
        if cell[0].value is not None
    )[0]
    assert first_date.is_date and first_date.number_format == "dd/mm/yyyy hh:mm"
    units = [row[header.index("Đơn vị chịu trách nhiệm")] for row in body]
    assert units == sorted(units, key=units.index)  # grouped: each unit in one block


def test_units_by_indicators_sheet_is_coloured(book, audits):
    sheet = book[export.MATRIX_SHEET]
    assert list(sheet.conditional_formatting)
    header = next(sheet.iter_rows(values_only=True))
    assert header[0].startswith("Đơn vị") and "#5" in header and "#2" not in header  # agency only
    matrix = evidence.unit_matrix(audits[0].scorecard, "points")
    first = next(sheet.iter_rows(min_row=2, values_only=True))
    share = float(matrix.iloc[0][5]) / 20 * 100  # #5 is worth 20 points
    assert first[header.index("#5")] == pytest.approx(round(share, 2))


def test_definitions_and_print_settings(book, audits):
    definitions = book["Định nghĩa chỉ số"]
    rows = list(definitions.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 21
    header = next(definitions.iter_rows(values_only=True))
    population = rows[11][header.index("Mẫu số (tập hợp tính)")]
    assert population.startswith("Hồ sơ của chỉ số 5")  # portal profile: #12 over #5's population
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"


def test_drilldown_sample_is_spread_across_units():
    scorecard = audit_period("2024-06").scorecard
    sample = evidence.failing_sample(scorecard, 5, limit=10)
    failing_units = evidence.evidence(scorecard, 5, failing_only=True)["unit"].nunique()
    assert sample["unit"].nunique() == min(10, failing_units)
    one_unit = evidence.failing_sample(scorecard, 5, unit="KL", limit=5)
    assert set(one_unit["unit"]) == {"KL"} and len(one_unit) == 5
    ids = one_unit["record_id"].astype(str).to_numpy()
    assert (ids[:-1] <= ids[1:]).all()  # by id within a unit


def test_follow_up_sections_hold_every_record():
    scorecard = audit_period("2024-06").scorecard
    sections = present.follow_up_sections(scorecard)
    records = evidence.follow_up_records(scorecard)
    assert sum(len(s.body.frame) for s in sections) == len(records)
    assert [s.title.split(" — ")[0] for s in sections] == list(
        dict.fromkeys(records["responsible_unit"])
    )
    page = "".join(s._repr_html_() for s in sections)
    assert page.count("<details") == len(sections)
    assert np.all([record in page for record in records["record_id"].head(50)])


def test_run_records_which_sheet_was_read(tmp_path):
    import json
    import shutil

    import pandas as pd

    from kpi import paths

    folder = tmp_path / "2024-06"
    shutil.copytree(paths.SAMPLE_DIR / "2024-06", folder)
    dossiers = pd.read_csv(folder / "dossiers.csv", dtype=str, keep_default_na=False)
    with pd.ExcelWriter(folder / "dossiers.xlsx") as writer:
        pd.DataFrame({"Ghi chú": ["bản cũ"]}).to_excel(writer, sheet_name="Hướng dẫn", index=False)
        dossiers.to_excel(writer, sheet_name="Hồ sơ", index=False)
    (folder / "dossiers.csv").unlink()
    audit, _ = open_audit("2024-06", [str(folder)], compare_period="")
    out = tmp_path / "out"
    out.mkdir()
    export.write_outputs(audit, out)
    document = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))
    ((name, read),) = document["sheets_read"].items()
    assert name.endswith("dossiers.xlsx") and read == {"sheet": "Hồ sơ", "header_row": 1}


def test_a_unit_audit_shows_its_own_unit_in_every_section():
    from kpi.report import present

    audit, _ = open_audit("2024-06", unit="KL", compare_period="")
    scorecard, scope = audit.scorecard, audit.scope
    assert scope == "KL"
    assert present.unit_table(scorecard, scope)["Mã đơn vị"].tolist() == ["KL"]
    follow_up = present.follow_up_table(scorecard, scope)
    assert len(follow_up) and set(follow_up["Mã đơn vị"]) == {"KL"}
    records = evidence.follow_up_records(scorecard, scope)
    assert set(records["responsible_unit"]) == {"Chi cục Kiểm lâm"}
    assert len(present.follow_up_sections(scorecard, scope)) == 1
    assert len(present.plot_unit_heatmap(scorecard, scope).axes[0].get_yticks()) == 1


@pytest.mark.parametrize("per_unit", [1, 3, 40])
def test_follow_up_cut_per_unit_is_the_head_of_each_units_complete_list(per_unit):
    scorecard = audit_period("2024-06").scorecard
    complete = evidence.follow_up_records(scorecard)
    cut = evidence.follow_up_records(scorecard, per_unit=per_unit)
    expected = complete.groupby("responsible_unit", sort=False).head(per_unit)
    # same rows in the same order (categories of a subset differ: compared as text)
    assert cut.astype(str).values.tolist() == expected.astype(str).values.tolist()
    counts = evidence.follow_up_counts(scorecard)
    by_unit = counts.groupby("responsible_unit")["records"].sum()
    assert by_unit.to_dict() == complete["responsible_unit"].value_counts().to_dict()
    assert len(counts) == len(complete.groupby(["responsible_unit", "code"]))


def test_a_cut_follow_up_block_says_how_many_records_it_leaves_out():
    scorecard = audit_period("2024-06").scorecard
    complete = evidence.follow_up_records(scorecard)
    whole = present.follow_up_sections(scorecard)
    cut = present.follow_up_sections(scorecard, per_unit=3)
    assert [s.title for s in cut] == [s.title for s in whole]  # titles give the full counts
    sizes = complete["responsible_unit"].value_counts()
    for section in cut:
        unit = section.title.split(" — ")[0]
        assert len(section.body.frame) == min(3, sizes[unit])
        if sizes[unit] > 3:
            assert f"Chỉ hiện 3 bản ghi đầu trong {sizes[unit]:,}".replace(",", ".") in (
                section._repr_html_()
            )
        else:
            assert "Chỉ hiện" not in section._repr_html_()
    assert not any(s.note for s in whole)
