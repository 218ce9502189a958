"""Display tables, conclusion text and the export step: what the notebooks show and archive."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from kpi import evidence
from kpi.extracts import audit_period
from kpi.report import export, narrative, present
from tests.defaults import score_period
from tests.factory import tables

ON_TIME = {"received_at": "2024-06-03 08:00", "due_at": "2024-06-10 17:00",
           "finished_at": "2024-06-07 10:00", "status": "done", "synced_national": True}  # fmt: skip


@pytest.fixture(scope="module")
def card():
    # CNTY: 1 dossier on time; KL: 1 dossier finished late on 17/6 (due 10/6: 5 wd late).
    dossiers = [
        {"dossier_id": "A", "unit": "CNTY", **ON_TIME},
        {"dossier_id": "B", "unit": "KL", **ON_TIME, "finished_at": "2024-06-17 09:00"},
    ]
    procedures = [{"procedure_code": "1.000001", "procedure_name": "Cấp phép <b>X</b>"}]
    return score_period(tables(procedures=procedures, dossiers=dossiers), "2024-06")


def test_scorecard_table_is_in_percent_with_vietnamese_headers(card):
    table = present.scorecard_table(card).set_index("Chỉ số")
    assert table.loc[5, "Tỷ lệ (%)"] == 50.0
    assert table.loc[5, "Điểm"] == 10.0
    assert table.loc[5, "Điểm bị mất"] == 10.0
    assert table.loc[21, "Chỉ tiêu (%)"] == 90.0
    assert table.loc[1, "Trạng thái"] == "Không có dữ liệu"  # no announcements table
    assert table.loc[5, "Tử số"] == 1 and str(table.loc[5, "Tử số"]) == "1"  # a count, not 1.0
    assert table.loc[1, "Tỷ lệ (%)"] == "—" and table.loc[1, "Điểm"] == "—"


def test_key_figures_total_and_band(card):
    row = present.key_figures(card).iloc[0]
    assert row["Kỳ"] == "2024-06" and row["Tính đến"] == "30/06/2024 23:59"
    assert row["Tổng điểm"] == pytest.approx(card.total()["points"], abs=0.005)
    assert row["Xếp loại"] == card.total()["band"]


def test_drilldown_titles_and_failing_records(card):
    sections = {
        title.split(".")[0]: (reasons, records)
        for title, reasons, records in present.drilldowns(card)
    }
    reasons, records = sections["Chỉ số 5"]
    assert reasons.iloc[0]["Lý do không đạt"] == "trễ hạn 5 ngày làm việc"
    assert records["Mã bản ghi"].tolist() == ["B"]
    assert records["Loại bản ghi"].tolist() == ["Hồ sơ"]


def test_drilldown_records_are_readable_and_no_score_has_no_tables(card):
    sections = {
        title.split(".")[0]: (title, reasons, records)
        for title, reasons, records in present.drilldowns(card)
    }
    _, _, records = sections["Chỉ số 5"]
    row = records.iloc[0]
    assert row["Trạng thái"] == "Đã xử lý xong"  # status "done"
    assert row["Ngày kết thúc"] == "17/06/2024 09:00"
    # #1 lost its 6 points for want of an announcements table: no records to list.
    title, reasons, records = sections["Chỉ số 1"]
    assert reasons is None and records is None
    assert title.endswith("trạng thái: không có dữ liệu")


def test_conclusion_states_total_band_and_priorities(card):
    text = narrative.conclusion(card, card)
    total = card.total()
    assert f"{total['points']:.2f}/100 điểm" in text
    assert f"xếp loại **{total['band']}**" in text
    assert "tổng điểm không đổi" in text
    assert "Cần ưu tiên khắc phục: 5. Tỷ lệ hồ sơ xử lý đúng hạn (mất 10.00 điểm)" in text


def test_conclusion_escapes_unit_names_from_the_data():
    # A unit code not in params/units.yaml is named as written; Markdown would run its HTML.
    hostile = "<img src=x onerror=alert(1)>"
    dossiers = [{"dossier_id": "A", "unit": hostile, **ON_TIME, "finished_at": "2024-06-17"}]
    text = narrative.conclusion(score_period(tables(dossiers=dossiers), "2024-06"), top=99)
    assert "&lt;img src=x onerror=alert(1)&gt; (" in text
    assert "<img" not in text


def test_issue_files_are_shown_without_machine_paths():
    issues = pd.DataFrame(
        {
            "table": ["dossiers"],
            "file": ["/home/x/data/2024-06/dossiers.csv"],
            "row": [3],
            "column": ["due_at"],
            "value": ["x"],
            "reason": ["r"],
        }
    )
    assert present.issues_table(issues)["Tệp"].tolist() == ["2024-06/dossiers.csv"]


def test_html_of_tables_escapes_data(card):
    html = present.scorecard_table(card).to_html() + "".join(
        records.to_html() for _, _, records in present.drilldowns(card) if records is not None
    )
    assert "<b>X</b>" not in html and "&lt;b&gt;X&lt;/b&gt;" in html


def test_export_writes_every_file_and_reconciles(tmp_path):
    audit = audit_period("2024-06")
    written = {
        path.relative_to(tmp_path).as_posix() for path in export.write_outputs(audit, tmp_path)
    }
    assert {
        "scorecard.xlsx",
        "evidence.csv",
        "quarantine.csv",
        "findings.csv",
        "scorecard.json",
        "evidence/indicator-05.parquet",
        "evidence/indicator-21.parquet",
    } <= written
    document = json.loads((tmp_path / "scorecard.json").read_text(encoding="utf-8"))
    full = pd.read_parquet(tmp_path / "evidence")
    agency = {row["code"]: row for row in document["indicators"]}
    # Every indicator's evidence rows reconcile with its published counts (#4 may be floored
    # by national counts, #7 is weighted by services).
    for code, rows in full.groupby("code"):
        if code not in (4, 7):
            assert rows["counted"].sum() == agency[code]["numerator"], code
            assert len(rows) == agency[code]["denominator"], code
    failing = pd.read_csv(tmp_path / "evidence.csv", encoding="utf-8-sig")
    assert len(failing) == int((~full["counted"]).sum())
    workbook = openpyxl.load_workbook(tmp_path / "scorecard.xlsx", read_only=True)
    assert workbook.sheetnames[:4] == ["Kết luận", "Bảng điểm", "Nhóm chỉ số", "Đơn vị"]


def test_comparison_period_is_looked_for_beside_the_given_extracts(tmp_path):
    import shutil

    from kpi.paths import SAMPLE_DIR
    from kpi.report.notebook import open_audit

    for month in ("2024-05", "2024-06"):
        shutil.copytree(SAMPLE_DIR / month, tmp_path / month)
    audit, previous = open_audit("2024-06", [str(tmp_path / "2024-06")])
    assert previous is not None and previous.scorecard.period.label == "2024-05"
    shutil.rmtree(tmp_path / "2024-05")
    audit, previous = open_audit("2024-06", [str(tmp_path / "2024-06")])
    assert previous is None  # not silently taken from the bundled sample


def test_unit_and_group_tables(card):
    units = present.unit_table(card).set_index("Mã đơn vị")
    # A unit's maximum leaves out the agency-only #2 and #3: 100 - 4 - 2 = 94.
    assert units.loc["KL", "Điểm tối đa áp dụng"] == 94
    assert units.loc["KL", "Điểm"] == pytest.approx(card.total("KL")["points"], abs=0.005)
    groups = present.groups_table(card).set_index("Nhóm")
    assert groups.loc["II", "Điểm"] == pytest.approx(10.0)  # #5: 1 of 2 on time
    assert groups["Điểm tối đa"].sum() == 100


def test_reconciliation_table_adds_up():
    audit = audit_period("2024-06")
    table = present.reconciliation_table(audit.extract).set_index("Bảng")
    read = table["Số dòng đọc"]
    assert (read == table["Sử dụng"] + table["Cách ly"] + table["Thay bằng bản mới hơn"]).all()
    assert read["Hồ sơ"] == len(audit.extract.tables["dossiers"]) + table.loc["Hồ sơ", "Cách ly"]


def test_trend_tables_round_and_name_rows(card):
    from kpi import trend

    series = trend.series([card, card])
    shown = present.trend_table(series)
    assert list(shown.columns[:3]) == ["Kỳ", "Tổng điểm", "Xếp loại"]
    assert shown["Nhóm II"].tolist() == [10.0, 10.0]
    points = present.indicator_trend_table(trend.indicator_series([card]))
    assert points.loc["5. Tỷ lệ hồ sơ xử lý đúng hạn", "2024-06"] == 10.0


def test_charts_render_without_pyplot_and_bands_come_from_params(card):
    import matplotlib

    from kpi import trend
    from kpi.params import Band

    backend = matplotlib.get_backend()
    groups, heatmap = present.plot_groups(card), present.plot_unit_heatmap(card)
    assert matplotlib.get_backend() == backend  # the library does not choose a backend
    for chart in (groups, heatmap):
        assert chart._repr_png_().startswith(b"\x89PNG\r\n\x1a\n")
        assert "0x" not in repr(chart)  # nbval compares the text form
    assert repr(groups).startswith("<Biểu đồ groups: Điểm theo nhóm chỉ số — ")
    bands = [Band(min_points=0, label="Yếu"), Band(min_points=65, label="Đạt")]
    chart = present.plot_trend(trend.series([card, card]), "Diễn biến", bands)
    (axes,) = chart.axes
    assert [line.get_ydata()[0] for line in axes.get_lines()[1:]] == [65]
    assert [text.get_text() for text in axes.texts] == ["Đạt ≥ 65"]
    assert chart.png().startswith(b"\x89PNG\r\n\x1a\n")


def test_report_table_has_no_index_two_decimals_and_a_dash_with_footnote():
    frame = pd.DataFrame(
        {
            "Tên": ["<b>X</b>", "Y" * 120],
            "Điểm": [5.1, None],
            "Số": pd.array([3, None], dtype="Int64"),
            "Tỷ lệ": ["—", 1 / 3],
        }
    )
    table = present.show(frame)
    page = table._repr_html_()
    assert "<th" not in page.split("<tbody>")[1]  # no index column
    assert ">5.10<" in page and ">0.33<" in page and ">3<" in page
    assert "None" not in page and "nan" not in page.lower() and "<NA>" not in page
    assert page.count(">—<") == 3 and present.MISSING_NOTE in page
    assert "&lt;b&gt;X&lt;/b&gt;" in page and "Y" * 120 in page  # escaped, not cut
    assert repr(table) == "<Bảng 2 dòng × 4 cột>"
    empty = present.show(frame.head(0), empty="Không có dòng nào bị cách ly.")
    assert "Không có dòng nào bị cách ly." in empty._repr_html_()
    assert present.show("Không có dữ liệu kỳ so sánh.")._repr_html_() == (
        "<p>Không có dữ liệu kỳ so sánh.</p>"
    )


def test_status_legend_names_every_status_and_zero_denominator_rule(card):
    legend = present.status_legend(card.rules)
    for label in ("Có điểm", "Mẫu số bằng 0", "Không có dữ liệu", "Điểm cố định (Cổng DVCQG)"):
        assert f"**{label}**" in legend
    assert "chỉ số 15, 19, 20: đủ điểm tối đa" in legend  # zero_denominator: max in params
    assert "chỉ số 5, 6, 7, 8, 9, 10, 11, 21: 0 điểm" in legend


def test_evidence_parquet_is_pandas_own_without_statistics(card, tmp_path):
    # the same table as DataFrame.to_parquet, without min/max statistics (one row group)
    rows = evidence.evidence(card, 5)
    export.write_evidence(rows, tmp_path / "ours.parquet")
    rows.to_parquet(tmp_path / "pandas.parquet", index=False)
    ours = pd.read_parquet(tmp_path / "ours.parquet")
    pd.testing.assert_frame_equal(ours, pd.read_parquet(tmp_path / "pandas.parquet"))
    assert len(ours) == 2
    group = pq.ParquetFile(tmp_path / "ours.parquet").metadata.row_group(0)
    assert all(group.column(i).statistics is None for i in range(group.num_columns))


def test_record_ids_are_ranked_once_per_table(card):
    # A and B: the dossier indicators share their table, and its ranks
    assert card.id_rank(5) is card.id_rank(12)
    ids = card.judgements[5].records["dossier_id"]
    assert dict(zip(ids, card.id_rank(5).tolist(), strict=True)) == {"A": 0, "B": 1}
    # ranked as text, not by position or number: "b10" < "b9" < "Đ" (code points)
    dossiers = [{"dossier_id": i, "unit": "CNTY", **ON_TIME} for i in ("b9", "Đ", "b10")]
    texts = score_period(tables(dossiers=dossiers), "2024-06")
    assert texts.id_rank(5).tolist() == [1, 2, 0]


def test_a_failing_copy_still_leaves_every_evidence_file_whole(monkeypatch, tmp_path):
    # the evidence files are written on a thread; an error in the readable copies waits for it
    def full_disk(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(export, "write_workbook", full_disk)
    audit = audit_period("2024-06")
    with pytest.raises(OSError):
        export.write_outputs(audit, tmp_path)
    files = sorted((tmp_path / "evidence").glob("indicator-*.parquet"))
    expected = [c for c in audit.scorecard.judgements if len(evidence.evidence(audit.scorecard, c))]
    assert [int(f.stem[-2:]) for f in files] == sorted(expected)
    assert all(len(pd.read_parquet(f)) for f in files)
