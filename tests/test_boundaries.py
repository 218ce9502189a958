"""Boundaries at exact instants, worked by hand: the period start, the due instant and the
period end (June 2024: as of 30/6 23:59:59.999999), #8 when nothing is synced, ingest of a
dossier finished before it was received and of fractional counts, and what-if on #20 and its
rounding.

June 2024: Mondays 3, 10, 17, 24; no holiday in June.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kpi.extracts import audit_period
from kpi.ingest import load_extract
from kpi.whatif import Scenario, simulate
from tests.factory import tables
from tests.ingest_helpers import DOSSIER_HEADER, default_dossiers, write_extract
from tests.rules.helpers import check, row, score, verdicts

START = pd.Timestamp("2024-06-01 00:00")
END = pd.Timestamp("2024-06-30 23:59:59.999999")
TICK = pd.Timedelta(microseconds=1)
PROCEDURES = [{"procedure_code": "1.000001", "online_level": "full"}]
DECISION = "decision"


def _d(dossier_id: str, received: pd.Timestamp | str, **fields) -> dict:
    """A dossier of TTHC 1.000001 (unit CNTY), synced, in progress unless told."""
    return {
        "dossier_id": dossier_id,
        "received_at": pd.Timestamp(received),
        "synced_national": True,
        **fields,
    }


def _decision_rules():
    from kpi.params import load_rules

    return load_rules().with_profile(DECISION)


# --- the period-start instant --------------------------------------------------------------


def test_received_exactly_at_the_start_instant_is_received_in_the_period():
    dossiers = [
        _d("AT_START", START, due_at="2024-07-10 17:00"),
        _d("TICK_BEFORE", START - TICK, due_at="2024-07-10 17:00"),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    # #4 and #8 count dossiers received in [1/6 00:00, as-of]: AT_START only. Synced 1/1.
    check(card, 4, 1, 1, 6.0)
    assert row(card, 8)["denominator"] == 1
    # #5 counts both (the one received a microsecond before June is a carry-over, open and
    # not yet due: on time): 2/2.
    check(card, 5, 2, 2, 20.0)
    # Under the decision profile #13 counts the dossiers received in June: AT_START only.
    decision = score(procedures=PROCEDURES, dossiers=dossiers, rules=_decision_rules())
    assert row(decision, 13)["denominator"] == 1


def test_finished_exactly_at_the_start_instant_is_in_5s_population():
    may = "2024-05-20 08:00"
    dossiers = [
        # finished at 1/6 00:00: not finished *before* the period start -> in #5, on time
        _d("AT_START", may, due_at="2024-06-05 17:00", status="done", finished_at=START),
        # finished a microsecond earlier: finished before June, out of #5
        _d("BEFORE", may, due_at="2024-06-05 17:00", status="done", finished_at=START - TICK),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    check(card, 5, 1, 1, 20.0)
    assert set(verdicts(card, 5)) == {"AT_START"}
    # ...and, in the decision profile, #12 (done in the period, paper result required).
    paper = [{**PROCEDURES[0], "paper_result_required": True}]
    decision = score(procedures=paper, dossiers=dossiers, rules=_decision_rules())
    assert set(verdicts(decision, 12)) == {"AT_START"}


def test_pakn_at_the_start_instant():
    def pakn(feedback_id: str, **fields) -> dict:
        base = {"feedback_id": feedback_id, "unit": "CNTY", "sent_at": "2024-05-27 08:00",
                "received_at": "2024-05-27 08:00", "answered_at": "2024-05-29 10:00"}  # fmt: skip
        return {**base, **fields}

    feedback = [
        pakn("IN", received_at=START),  # received at 1/6 00:00: in #20's population
        pakn("OUT", received_at=START - TICK),  # received 31/5 23:59:59.999999: not
        # answered 29/5, published at the start instant: closed at 1/6 00:00, not before
        # June -> in #19's population; published 1 wd after the answer (deadline 2 wd): on time
        pakn("CLOSED_AT_START", published_at=START),
        # published a microsecond before June: closed before the period, out of #19
        pakn("CLOSED_BEFORE", published_at=START - TICK),
    ]
    card = score(feedback=feedback)
    assert set(verdicts(card, 20)) == {"IN"}
    assert "CLOSED_AT_START" in verdicts(card, 19)
    assert "CLOSED_BEFORE" not in verdicts(card, 19)


# --- the due instant -------------------------------------------------------------------------

DUE = pd.Timestamp("2024-06-10 17:00")


def test_finished_exactly_at_the_due_instant_is_on_time():
    dossiers = [
        _d("AT_DUE", "2024-06-03 08:00", due_at=DUE, status="done", finished_at=DUE),
        _d("TICK_LATE", "2024-06-03 08:00", due_at=DUE, status="done", finished_at=DUE + TICK),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    # finished == due_at: on time; a microsecond later: late (on the due day itself).
    check(card, 5, 1, 2, 10.0)
    assert verdicts(card, 5) == {"AT_DUE": "", "TICK_LATE": "trễ hạn dưới 1 ngày làm việc"}
    # #21 (target 0.9): 1/2 on time without complaint -> 6 * 0.5 / 0.9.
    check(card, 21, 1, 2, 6 * 0.5 / 0.9)


def test_effective_end_exactly_at_due_after_the_supplement_time_is_on_time():
    # Supplement 5/6 10:00 -> 7/6 10:00 (48 h) taken off: finished 12/6 17:00 -> effective end
    # 10/6 17:00 == due. A finish one microsecond later is late.
    supplement = {"supplement_count": 1, "supplement_requested_at": "2024-06-05 10:00",
                  "supplement_completed_at": "2024-06-07 10:00"}  # fmt: skip
    finished = pd.Timestamp("2024-06-12 17:00")
    dossiers = [
        _d("AT_DUE", "2024-06-03 08:00", due_at=DUE, status="done", finished_at=finished,
           **supplement),
        _d("LATE", "2024-06-03 08:00", due_at=DUE, status="done", finished_at=finished + TICK,
           **supplement),
    ]  # fmt: skip
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    assert verdicts(card, 5) == {"AT_DUE": "", "LATE": "trễ hạn dưới 1 ngày làm việc"}


def test_open_dossier_due_exactly_at_the_as_of_instant_is_on_time():
    dossiers = [
        # still open as of 30/6 23:59:59.999999 and due at that instant: not yet late
        _d("DUE_AT_END", "2024-06-24 08:00", due_at=END),
        # due a microsecond before: overdue (by less than a working day)
        _d("DUE_BEFORE", "2024-06-24 08:00", due_at=END - TICK),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    assert verdicts(card, 5) == {
        "DUE_AT_END": "",
        "DUE_BEFORE": "chưa giải quyết xong, đã quá hạn dưới 1 ngày làm việc",
    }


def test_open_period_due_exactly_at_the_export_instant():
    export = "2024-06-20 10:00"
    dossiers = [
        _d("DUE_AT_EXPORT", "2024-06-17 08:00", due_at=export),
        _d("DUE_BEFORE", "2024-06-17 08:00", due_at=pd.Timestamp(export) - TICK),
        # received exactly at the export instant: it has happened as of then
        _d("AT_EXPORT", export, due_at="2024-06-28 17:00"),
        _d("AFTER_EXPORT", pd.Timestamp(export) + TICK, due_at="2024-06-28 17:00"),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers, export_time=export)
    assert card.as_of == pd.Timestamp(export)
    assert verdicts(card, 5) == {
        "DUE_AT_EXPORT": "",
        "DUE_BEFORE": "chưa giải quyết xong, đã quá hạn dưới 1 ngày làm việc",
        "AT_EXPORT": "",
    }


# --- the period-end instant --------------------------------------------------------------------


def test_events_exactly_at_the_end_instant_have_happened():
    paper = [{**PROCEDURES[0], "paper_result_required": True}]
    result = {"result_code": "KQ1", "result_file_url": "https://kq/1"}
    dossiers = [
        # received at the last instant of June: received in the period
        _d("RECEIVED_AT_END", END, due_at="2024-07-10 17:00"),
        # finished at the last instant, on time: finished and done in the period
        _d("DONE_AT_END", "2024-06-24 08:00", due_at="2024-07-01 17:00", status="done",
           finished_at=END, channel=2, **result),
        # finished a microsecond after June: still in progress as of the end
        _d("DONE_AFTER", "2024-06-24 08:00", due_at="2024-07-01 17:00", status="done",
           finished_at=END + TICK, channel=2, **result),
    ]  # fmt: skip
    card = score(procedures=paper, dossiers=dossiers)
    # #4: 3 received in June, all synced. #8: online with the electronic result the paper
    # result requires, as of the end: DONE_AT_END only (DONE_AFTER's result comes in July)
    # -> 1/3 * 1.0, target 0.5 -> 6 * 0.667 = 4.
    check(card, 4, 3, 3, 6.0)
    check(card, 8, 1, 3, 4.0)
    # #5: all on time (DONE_AFTER is open and due 1/7): 3/3.
    check(card, 5, 3, 3, 20.0)
    # #12 (portal: #5's dossiers): electronic result of a finished dossier: DONE_AT_END only.
    check(card, 12, 1, 3, 2.0)
    decision = score(procedures=paper, dossiers=dossiers, rules=_decision_rules())
    # decision #12: done in June with a paper result: DONE_AT_END -> 1/1.
    check(decision, 12, 1, 1, 6.0)


# --- #8 when nothing is synced ---------------------------------------------------------------


def _online(n: int, synced: int) -> list[dict]:
    return [
        _d(
            f"D{i}",
            "2024-06-05 08:00",
            due_at="2024-07-10 17:00",
            channel=2,
            synced_national=i < synced,
        )
        for i in range(n)
    ]


def test_8_is_zero_when_nothing_is_synced():
    card = score(procedures=PROCEDURES, dossiers=_online(4, synced=0))
    # #4: 0/4 synced -> ratio 0 (scored, not "no score").
    check(card, 4, 0, 4, 0.0)
    # #8: 4/4 online, times #4's ratio 0 -> 0 points, ratio 0.
    check(card, 8, 4, 4, 0.0)
    assert row(card, 8)["ratio"] == 0.0
    assert row(card, 8)["status"] == "scored"
    check(card, 8, 4, 4, 0.0, scope="CNTY")
    # The what-if keeps the scaling: a full online share is still worth nothing.
    table = simulate(card, Scenario(online_share_points=100)).set_index("code")
    assert table.loc[8, "points_after"] == 0.0


def test_8_is_scaled_by_the_share_synced():
    card = score(procedures=PROCEDURES, dossiers=_online(4, synced=1))
    # #4: 1/4 synced; #8: 4/4 online * 0.25 = 0.25, target 0.5 -> 6 * 0.5 = 3.
    check(card, 4, 1, 4, 1.5)
    check(card, 8, 4, 4, 3.0)
    assert row(card, 8)["ratio"] == pytest.approx(0.25)


# --- ingest: finished before received, fractional counts -------------------------------------

VALID = Path(__file__).parent / "fixtures" / "extracts" / "valid-csv"


def _quarantine(extract) -> list[tuple]:
    frame = extract.quarantine
    return list(zip(frame["table"], frame["row"], frame["column"], frame["reason"], strict=True))


def test_finished_an_hour_before_received_is_quarantined(tmp_path: Path):
    rows = (
        # received 1/6 09:00, finished 1/6 08:00 the same day: quarantined
        "H001,1.004500,CNTY,01/06/2024 09:00,05/06/2024,01/06/2024 08:00,Đã trả kết quả",
        # finished one second before it was received: quarantined too
        "H002,2.001234,KL,02/06/2024 10:00,10/06/2024,02/06/2024 09:59:59,Đã trả kết quả",
        # finished at the very instant it was received: kept
        "H003,1.004500,CNTY,03/06/2024 08:00,07/06/2024,03/06/2024 08:00,Đã trả kết quả",
    )
    extract = load_extract(write_extract(tmp_path / "x", default_dossiers(rows=rows)))
    assert _quarantine(extract) == [
        ("dossiers", 2, "finished_at", "Kết thúc trước khi tiếp nhận"),
        ("dossiers", 3, "finished_at", "Kết thúc trước khi tiếp nhận"),
    ]
    assert extract.tables["dossiers"]["dossier_id"].astype(str).tolist() == ["H003"]


def test_finished_before_received_is_quarantined_from_parquet(tmp_path: Path):
    folder = tmp_path / "parquet"
    folder.mkdir()
    shutil.copy(VALID / "manifest.yaml", folder)
    shutil.copy(VALID / "procedures.csv", folder)
    frame = pd.DataFrame(
        {
            "MaHoSo": ["H001", "H002"],
            "MaTTHC": ["1.004500", "2.001234"],
            "DonViXuLy": ["CNTY", "KL"],
            "NgayTiepNhan": pd.to_datetime(["2024-06-01 09:00", "2024-06-02 10:00"]),
            "NgayKetThucXuLy": pd.to_datetime(["2024-06-01 08:00", "2024-06-03 10:00"]),
            "TrangThaiHoSo": ["done", "done"],
        }
    )
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / "dossiers.parquet")
    extract = load_extract(folder)
    assert _quarantine(extract) == [("dossiers", 2, "finished_at", "Kết thúc trước khi tiếp nhận")]
    assert extract.tables["dossiers"]["dossier_id"].astype(str).tolist() == ["H002"]


def test_fractional_counts_are_quarantined_in_vietnamese(tmp_path: Path):
    header = DOSSIER_HEADER + ",SoLanBoSung"
    rows = (
        "H001,1.004500,CNTY,01/06/2024 09:00,05/06/2024,04/06/2024 10:00,Đã trả kết quả,1.5",
        'H002,2.001234,KL,02/06/2024,10/06/2024,,Đang xử lý,"1,5"',  # decimal comma
        "H003,1.004500,CNTY,03/06/2024,07/06/2024,,received,2",
    )
    pakn = (
        "feedback_id,unit,sent_at,received_at,likes,dislikes\n"
        "F1,CNTY,03/06/2024,03/06/2024,1.5,0\n"
        "F2,CNTY,03/06/2024,03/06/2024,2,1\n"
    )
    folder = write_extract(
        tmp_path / "x", default_dossiers(header, rows), extra={"feedback.csv": pakn}
    )
    extract = load_extract(folder)  # no TypeError: the rows are quarantined with a reason
    assert _quarantine(extract) == [
        ("dossiers", 2, "supplement_count", "Không phải số nguyên"),
        ("dossiers", 3, "supplement_count", "Không phải số nguyên"),
        ("feedback", 2, "likes", "Không phải số nguyên"),
    ]
    dossiers = extract.tables["dossiers"]
    assert dossiers["dossier_id"].astype(str).tolist() == ["H003"]
    assert dossiers["supplement_count"].tolist() == [2]
    assert extract.tables["feedback"]["feedback_id"].astype(str).tolist() == ["F2"]


def test_fractional_count_in_a_typed_parquet_column_is_quarantined(tmp_path: Path):
    folder = tmp_path / "parquet"
    folder.mkdir()
    shutil.copy(VALID / "manifest.yaml", folder)
    shutil.copy(VALID / "procedures.csv", folder)
    frame = pd.DataFrame(
        {
            "MaHoSo": ["H001", "H002"],
            "MaTTHC": ["1.004500", "2.001234"],
            "DonViXuLy": ["CNTY", "KL"],
            "NgayTiepNhan": pd.to_datetime(["2024-06-01 09:00", "2024-06-02 10:00"]),
            "TrangThaiHoSo": ["processing", "processing"],
            "SoLanBoSung": [1.5, 2.0],  # float64: 2.0 is a whole number, 1.5 is not
        }
    )
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / "dossiers.parquet")
    extract = load_extract(folder)
    assert _quarantine(extract) == [("dossiers", 2, "supplement_count", "Không phải số nguyên")]
    assert extract.tables["dossiers"]["supplement_count"].tolist() == [2]


# --- what-if: #20 and the rounding -----------------------------------------------------------


def _pakn(feedback_id: str, **fields) -> dict:
    base = {"feedback_id": feedback_id, "unit": "CNTY", "sent_at": "2024-06-03 08:00",
            "received_at": "2024-06-03 08:00", "answered_at": "2024-06-05 10:00",
            "published_at": "2024-06-06 10:00"}  # fmt: skip
    return {**base, **fields}


@pytest.fixture(scope="module")
def feedback_card():
    feedback = [
        _pakn("F1"),  # answered and published in time, no dislike: counts in #19 and #20
        _pakn("F2", dislikes=2),  # in time but disliked: #19 yes, #20 no
        # never answered: open as of 30/6, past its 15 wd deadline (24/6): late in both
        _pakn("F3", answered_at=None, published_at=None),
        _pakn("F4"),
    ]
    return score_period_of(feedback)


def score_period_of(feedback: list[dict]):
    from tests.defaults import score_period

    return score_period(tables(feedback=feedback), "2024-06")


def test_feedback_card_by_hand(feedback_card):
    # #19: F1, F2, F4 of 4 -> 6 * 0.75 = 4.5; #20: F1, F4 of 4 -> 6 * 0.5 = 3.
    check(feedback_card, 19, 3, 4, 4.5)
    check(feedback_card, 20, 2, 4, 3.0)


def test_whatif_feedback_on_time_raises_19_and_20(feedback_card):
    table = simulate(feedback_card, Scenario(feedback_on_time=1)).set_index("code")
    # F3 on time: #19 4/4 -> 6; #20 3/4 -> 4.5; total +1.5 +1.5.
    assert table.loc[19, "points_after"] == pytest.approx(6.0)
    assert table.loc[20, "points_after"] == pytest.approx(4.5)
    assert table.loc[0, "change"] == pytest.approx(3.0)


def test_whatif_feedback_on_time_is_capped_at_the_late_pakn(feedback_card):
    # Only F3 is late: five "extra" PAKN on time give what one does. #20 stays at 3/4 (F2 is
    # disliked, on time or not), it does not reach its denominator.
    table = simulate(feedback_card, Scenario(feedback_on_time=5)).set_index("code")
    assert table.loc[19, "points_after"] == pytest.approx(6.0)
    assert table.loc[20, "points_after"] == pytest.approx(4.5)
    assert table.loc[0, "change"] == pytest.approx(3.0)


def test_whatif_extra_on_time_is_capped_at_the_late_dossiers():
    dossiers = [
        _d("ON", "2024-06-03 08:00", due_at=DUE, status="done", finished_at="2024-06-05 10:00"),
        _d("ON_DISLIKED", "2024-06-03 08:00", due_at=DUE, status="done",
           finished_at="2024-06-05 10:00", rating="dislike"),
        _d("LATE", "2024-06-03 08:00", due_at=DUE, status="done",
           finished_at="2024-06-12 10:00"),
    ]  # fmt: skip
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    # #5: 2/3; #21: ON only -> 1/3.
    check(card, 5, 2, 3, 40 / 3)
    check(card, 21, 1, 3, 6 * (1 / 3) / 0.9)
    table = simulate(card, Scenario(extra_on_time=10)).set_index("code")
    # One late dossier: #5 3/3 -> 20; #21 2/3 (the disliked one stays out) -> 6 * 0.667 / 0.9.
    assert table.loc[5, "points_after"] == pytest.approx(20.0)
    assert table.loc[21, "points_after"] == pytest.approx(6 * (2 / 3) / 0.9)


def test_whatif_rows_keep_each_indicators_name(feedback_card):
    table = simulate(feedback_card, Scenario())
    card_rows = feedback_card.scope()
    assert table["code"].tolist() == [*card_rows["code"].tolist(), 0]
    assert table["name"].tolist()[:-1] == card_rows["name"].tolist()
    assert table["name"].iloc[-1] == "Tổng điểm"


def test_whatif_online_share_is_rounded_to_whole_dossiers():
    # 6 dossiers, none online, all synced. 30 points of share = 1.8 dossiers -> 2 (rounded,
    # not truncated to 1): 2/6 = 0.333, target 0.5 -> 6 * 0.667 = 4. 10 points = 0.6 -> 1
    # dossier: 1/6 -> 6 * 0.333 = 2.
    dossiers = [_d(f"D{i}", "2024-06-05 08:00", due_at="2024-07-10 17:00") for i in range(6)]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    check(card, 8, 0, 6, 0.0)
    thirty = simulate(card, Scenario(online_share_points=30)).set_index("code")
    assert thirty.loc[8, "points_after"] == pytest.approx(4.0)
    ten = simulate(card, Scenario(online_share_points=10)).set_index("code")
    assert ten.loc[8, "points_after"] == pytest.approx(2.0)


@pytest.fixture(scope="module")
def june_sample():
    return audit_period("2024-06").scorecard


def test_whatif_without_change_reproduces_the_scorecard_to_the_cent(june_sample):
    # #9-#11 round their percentage to 2 decimals before scoring (#9: 26/53 = 49.06 % ->
    # 1.2265, not 1.226415...); the group and the total add points rounded half-up. An empty
    # scenario must give back every figure, for the agency and every unit.
    card = june_sample
    assert card.points_of()[9] == pytest.approx(2 * 49.06 / 80, abs=1e-12)
    for scope in ["__agency__", *card.unit_list]:
        table = simulate(card, Scenario(), scope).set_index("code")
        before = {code: points or 0.0 for code, points in card.points_of(scope).items()}
        after = table["points_after"].drop(index=0).to_dict()
        assert after == before, scope
        assert table.loc[0, "points_after"] == card.total(scope)["points"], scope
        assert (table["change"] == 0).all(), scope


def test_whatif_total_adds_rounded_points(feedback_card):
    # A target change that leaves thirds: #19 with target 0.9 -> 6 * 0.75 / 0.9 = 5.0; #20
    # target 0.7 -> 6 * 0.5 / 0.7 = 4.285714 -> 4.29 in the total (group V = rounded points).
    scenario = Scenario(rule_changes={20: {"target": 0.7}})
    table = simulate(feedback_card, scenario).set_index("code")
    assert table.loc[20, "points_after"] == pytest.approx(6 * 0.5 / 0.7)
    before_total = feedback_card.total()["points"]
    assert table.loc[0, "points_after"] == pytest.approx(before_total - 3.0 + 4.29, abs=1e-9)
