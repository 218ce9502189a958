"""The verdict at the top of the audit (kpi.report.narrative.verdict_summary), worked by hand."""

from __future__ import annotations

import pytest

from kpi.params import Band
from kpi.report import narrative
from tests.defaults import score_period
from tests.factory import tables

PROCEDURES = [{"procedure_code": "1.000001", "procedure_name": "Cấp phép <b>X</b>"}]


def dossier(dossier_id: str, unit: str, month: str, finished_day: str = "07") -> dict:
    """A synced dossier received on the 3rd at 08:00, due on the 10th, finished on a given day."""
    return {
        "dossier_id": dossier_id,
        "unit": unit,
        "status": "done",
        "synced_national": True,
        "received_at": f"2024-{month}-03 08:00",
        "due_at": f"2024-{month}-10 17:00",
        "finished_at": f"2024-{month}-{finished_day} 10:00",
    }


@pytest.fixture(scope="module")
def june():
    # CNTY's dossier on time; KL's finished on Mon 17/6, due Mon 10/6: 5 working days late.
    dossiers = [dossier("A", "CNTY", "06"), dossier("B", "KL", "06", finished_day="17")]
    return score_period(tables(procedures=PROCEDURES, dossiers=dossiers), "2024-06")


@pytest.fixture(scope="module")
def may():
    dossiers = [dossier("A", "CNTY", "05"), dossier("B", "KL", "05")]  # both on time
    return score_period(tables(procedures=PROCEDURES, dossiers=dossiers), "2024-05")


TOTALS = {
    "procedures": {"rows_read": 1, "rows_used": 1, "rows_quarantined": 0, "rows_superseded": 0},
    "dossiers": {"rows_read": 5, "rows_used": 2, "rows_quarantined": 3, "rows_superseded": 0},
}


def test_verdict_of_the_agency_worked_by_hand(june, may):
    verdict = narrative.verdict_summary(june, may, totals=TOTALS)
    assert verdict.agency == verdict.scope == "Sở Nông nghiệp và Phát triển nông thôn"
    assert (verdict.period, verdict.period_dates) == ("2024-06", "01/06/2024–30/06/2024")
    assert verdict.as_of == "30/06/2024 23:59"  # a closed month: as of its last instant
    assert verdict.profile == "theo Cổng DVCQG"
    # June, points that are earned: #3 2 (the one procedure is complete), #4 6 (2 of 2
    # synced), #5 10 (1 of 2 on time: 20 × 0.5), #15 2 (flat, portal profile), #21 6 × 0.5 /
    # 0.9 = 3.33 (1 of 2 on time against a 90 % target). 2 + 6 + 10 + 2 + 3.33 = 23.33 of 100.
    assert (verdict.points, verdict.max_applicable, verdict.share_pct) == (23.33, 100, 23.33)
    assert verdict.band == "Yếu"  # below 50
    assert verdict.bands == "Xuất sắc ≥ 90 · Tốt ≥ 80 · Khá ≥ 70 · Trung bình ≥ 50 · Yếu < 50"
    # May, both on time: #5 is worth 20 and #21 6, so 23.33 + 10 + 2.67 = 36.00.
    assert (verdict.compare_period, verdict.previous_points) == ("2024-05", 36.0)
    assert verdict.change == -12.67
    # Most points lost: #5 (10), then 6 points each for #1, #8, #11, #12, #19, #20: by number.
    assert verdict.top_losses == (
        ("5. Tỷ lệ hồ sơ xử lý đúng hạn", 10.0),
        ("1. Tỷ lệ TTHC công bố đúng hạn", 6.0),
        ("8. Tỷ lệ hồ sơ TTHC nộp trực tuyến", 6.0),
    )
    # A unit's maximum is 94 (#2 and #3 are the agency's). CNTY: 34, KL: 8 (no #5, no #21);
    # the ten units without dossiers keep #15's 2 flat points: 2 / 94 = 2.13 %, ties by code
    # (CANGCA, KHTC, KN).
    assert verdict.weakest_units == (
        ("Ban Quản lý khai thác các cảng cá", 2.13),
        ("Phòng Kế hoạch – Tài chính", 2.13),
        ("Trung tâm Khuyến nông", 2.13),
    )
    assert (verdict.rows_read, verdict.rows_used, verdict.rows_quarantined) == (6, 3, 3)


def test_verdict_of_a_unit_without_comparison(june):
    verdict = narrative.verdict_summary(june, None, "KL")
    assert verdict.scope == "Chi cục Kiểm lâm"
    # KL: #4 6 + #15 2 = 8 of 94 (its dossier is late: #5 and #21 earn nothing).
    assert (verdict.points, verdict.max_applicable, verdict.share_pct) == (8.0, 94, 8.51)
    assert verdict.change is None and verdict.compare_period is None
    assert verdict.top_losses[0] == ("5. Tỷ lệ hồ sơ xử lý đúng hạn", 20.0)
    assert verdict.weakest_units == ()  # named for the agency only
    assert verdict.rows_used is None
    page = narrative.verdict_html(verdict)
    assert "Không có dữ liệu kỳ so sánh." in page and "Chi cục Kiểm lâm" in page
    assert "8.00/94</b> (8.51 %)" in page


def test_verdict_html_states_everything_and_escapes(june, may):
    page = narrative.verdict_html(narrative.verdict_summary(june, may, totals=TOTALS))
    assert page.startswith('<div class="kpi-verdict"')
    for text in (
        "Tổng điểm <b>23.33/100</b> (23.33 %) — xếp loại <b>Yếu</b>",
        "Trung bình ≥ 50 · Yếu &lt; 50",
        "So với kỳ 2024-05: giảm 12.67 điểm (36.00 → 23.33).",
        "5. Tỷ lệ hồ sơ xử lý đúng hạn (mất 10.00 điểm)",
        "Trung tâm Khuyến nông (2.13 %)",
        "3 dòng được sử dụng, 3 dòng bị cách ly (trên 6 dòng đọc vào",
    ):
        assert text in page, text
    assert "None" not in page and "nan" not in page


@pytest.mark.parametrize(
    ("bands", "line"),
    [
        ([(0, "Yếu"), (50, "Đạt")], "Đạt ≥ 50 · Yếu < 50"),
        ([(0, "Một mức")], "Một mức ≥ 0"),
    ],
)
def test_band_thresholds_come_from_the_parameters(bands, line):
    given = [Band(min_points=points, label=label) for points, label in bands]
    assert narrative.band_thresholds(given) == line
