"""Evidence, losses and the follow-up list, on a hand-made June 2024."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.evidence import evidence, follow_up, losses, top_reasons, unit_matrix
from tests.defaults import score_period
from tests.factory import tables

PROCEDURE = {"procedure_code": "1.000001", "procedure_name": "Cấp giấy chứng nhận X",
             "online_level": "full", "paper_result_required": False}  # fmt: skip
ON_TIME = {"received_at": "2024-06-03 08:00", "due_at": "2024-06-10 17:00",
           "finished_at": "2024-06-07 10:00", "status": "returned", "synced_national": True}  # fmt: skip


@pytest.fixture(scope="module")
def card():
    # CNTY: A on time, synced. KL: B on time but not synced; C still processing, due 5/6.
    dossiers = [
        {"dossier_id": "A", "unit": "CNTY", **ON_TIME},
        {"dossier_id": "B", "unit": "KL", **ON_TIME, "synced_national": False},
        {"dossier_id": "C", "unit": "KL", "received_at": "2024-06-03 08:00",
         "due_at": "2024-06-05 17:00", "status": "processing", "synced_national": True},
    ]  # fmt: skip
    return score_period(tables(procedures=[PROCEDURE], dossiers=dossiers), "2024-06")


def test_evidence_of_5_lists_each_dossier_with_its_reason_and_responsible_unit(card):
    rows = evidence(card, 5).set_index("record_id")
    assert list(rows.index) == ["A", "B", "C"]
    assert rows["counted"].tolist() == [True, True, False]
    # C is due Wed 5/6; as of Sun 30/6 the working days after 5/6 are 6-7, 10-14, 17-21,
    # 24-28 June: 17.
    assert rows.loc["C", "reason"] == "chưa giải quyết xong, đã quá hạn 17 ngày làm việc"
    assert rows.loc["C", "responsible_unit"] == "Chi cục Kiểm lâm"
    assert rows.loc["A", "reason"] == ""
    assert rows.loc["A", "procedure_name"] == "Cấp giấy chứng nhận X"
    assert rows.loc["C", "deliverable"] == "Báo cáo"


def test_evidence_reconciles_with_the_scorecard_for_every_indicator(card):
    agency = card.scope().set_index("code")
    for code in card.judgements:
        rows = evidence(card, code)
        if code == 7:  # weighted by online services
            assert rows["credit"].sum() == agency.loc[code, "numerator"]
            assert rows["weight"].sum() == agency.loc[code, "denominator"]
        elif agency.loc[code, "status"] == "flat":  # the portal's #15: no records behind it
            assert rows.empty and pd.isna(agency.loc[code, "numerator"])
        elif code != 4:  # #4's denominator may be raised by national counts
            assert rows["counted"].sum() == agency.loc[code, "numerator"], code
            assert len(rows) == agency.loc[code, "denominator"], code


def test_evidence_of_one_unit(card):
    assert evidence(card, 4, unit="KL")["record_id"].tolist() == ["B", "C"]


def test_top_reasons_counts_the_failing_records(card):
    reasons = top_reasons(card, 4)
    assert reasons.to_dict("records") == [
        {"reason": "chưa đồng bộ lên Cổng DVCQG", "n_records": 1, "share_pct": 100.0}
    ]


def test_losses_rank_most_points_lost_first(card):
    lost = losses(card)
    # #5: 2/3 on time -> 20 * 2/3 = 13.33, lost 6.67; #4: 2/3 synced -> lost 2.
    assert lost["points_lost"].is_monotonic_decreasing
    by_code = lost.set_index("code")["points_lost"]
    assert by_code[5] == pytest.approx(20 / 3)
    assert by_code[4] == pytest.approx(2.0)


def test_follow_up_names_the_unit_its_loss_and_main_reason(card):
    plan = follow_up(card)
    kl = plan[plan["unit"] == "KL"].set_index("code")
    # KL: #5 1/2 on time -> 10 points lost; #4 1/2 synced -> 3 lost.
    assert kl.loc[5, "points_lost"] == pytest.approx(10.0)
    assert kl.loc[5, "n_not_counted"] == 1
    assert kl.loc[4, "top_reason"] == "chưa đồng bộ lên Cổng DVCQG"
    assert 5 not in plan[plan["unit"] == "CNTY"]["code"].tolist()
    assert plan["unit"].tolist()[0] == "CNTY" or "CNTY" not in plan["unit"].tolist()


def test_unit_matrix_has_units_as_rows_and_no_agency_only_indicators(card):
    matrix = unit_matrix(card, "points")
    assert 2 not in matrix.columns and 3 not in matrix.columns
    assert matrix.loc["KL", 5] == pytest.approx(10.0)
    assert matrix.loc["CNTY", 5] == pytest.approx(20.0)


def test_a_lateness_of_no_working_day_reads_under_one_day():
    # #1, lead 5 working days: effective Friday 21/6 → deadline Friday 14/6. Decided on
    # Saturday 15/6: late, with no working day in between; decided Monday 17/6: 1 day late.
    announcements = [
        {"decision_id": "QD1", "procedure_code": "P1", "decision_date": "2024-06-15",
         "legal_basis_effective_date": "2024-06-21", "published_date": "2024-06-15"},
        {"decision_id": "QD2", "procedure_code": "P2", "decision_date": "2024-06-17",
         "legal_basis_effective_date": "2024-06-21", "published_date": "2024-06-17"},
    ]  # fmt: skip
    procedures = [{"procedure_code": "P1"}, {"procedure_code": "P2"}]
    card = score_period(tables(procedures=procedures, announcements=announcements), "2024-06")
    reasons = evidence(card, 1).set_index("record_id")["reason"].astype(str)
    lead = "so với hạn (trước ngày hiệu lực 5 ngày làm việc)"
    assert reasons["P1"] == f"công bố muộn dưới 1 ngày làm việc {lead}"
    assert reasons["P2"] == f"công bố muộn 1 ngày làm việc {lead}"
