"""#5 (dossiers processed on time) and #21 (satisfaction), expected values worked out by hand.

June 2024: Mondays 3, 10, 17, 24; no holiday. Around 30/4/2024: Mon 29/4, Tue 30/4, Wed 1/5
off, Sat 4/5 worked. Around 2/9/2024: Mon 2/9 and Tue 3/9 off.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.rules.helpers import check, row, rules_choosing, score, verdicts

PROCEDURES = [
    {"procedure_code": "1.000001"},  # no maximum processing time
    {"procedure_code": "WD5", "max_processing_time": 5, "processing_time_unit": "working_day"},
    {"procedure_code": "D3", "max_processing_time": 3, "processing_time_unit": "day"},
    {"procedure_code": "H8", "max_processing_time": 8, "processing_time_unit": "hour"},
]


def _d(
    dossier_id: str,
    received: str | None,
    due: str | None = None,
    finished: str | None = None,
    status: str | None = None,
    **extra: object,
) -> dict:
    status = status or ("returned" if finished else "processing")
    return {
        "dossier_id": dossier_id,
        "received_at": received,
        "due_at": due,
        "finished_at": finished,
        "status": status,
        **extra,
    }


JUNE = [
    # finished 7/6 before due 10/6 17:00: on time
    _d("ON", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-07 10:00"),
    # finished Wed 12/6 after due Mon 10/6: late by 2 wd (11, 12)
    _d("LATE", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-12 09:00", "done"),
    # carry-over: received in May, finished 4/6 before due 5/6: on time
    _d("CARRY", "2024-05-20 08:00", "2024-06-05 17:00", "2024-06-04 10:00"),
    # finished in May: not in the population
    _d("MAY", "2024-05-02 08:00", "2024-05-20 17:00", "2024-05-20 10:00"),
    # carry-over still processing at 30/6, due Fri 14/6: overdue 10 wd (17-21, 24-28)
    _d("CARRY_OPEN", "2024-05-15 08:00", "2024-06-14 17:00"),
    # processing, not yet due: on time
    _d("OPEN", "2024-06-25 08:00", "2024-07-05 17:00"),
    # status returned but finished 2/7 after the period end: in progress as of 30/6 -> overdue
    # since due Thu 27/6: 1 wd (28/6)
    _d("AFTER", "2024-06-20 08:00", "2024-06-27 17:00", "2024-07-02 09:00", "returned"),
    # same, due 5/7: in progress and not yet due -> on time
    _d("AFTER_OK", "2024-06-20 08:00", "2024-07-05 17:00", "2024-07-02 09:00", "returned"),
    # one supplement 5/6 10:00 -> 7/6 10:00 (2 days) subtracted: finished 12/6 09:00 -> effective
    # 10/6 09:00 <= due 10/6 17:00: on time
    _d(
        "SUPP1",
        "2024-06-03 08:00",
        "2024-06-10 17:00",
        "2024-06-12 09:00",
        supplement_count=1,
        supplement_requested_at="2024-06-05 10:00",
        supplement_completed_at="2024-06-07 10:00",
    ),
    # two supplement requests: late even though finished early
    _d(
        "SUPP2",
        "2024-06-03 08:00",
        "2024-06-10 17:00",
        "2024-06-06 09:00",
        supplement_count=2,
        supplement_requested_at="2024-06-04 10:00",
        supplement_completed_at="2024-06-05 10:00",
    ),
    # waiting for a supplement at period end (requested 20/6 <= due 24/6): on time
    _d(
        "WAIT",
        "2024-06-17 08:00",
        "2024-06-24 17:00",
        status="supplement_requested",
        supplement_count=1,
        supplement_requested_at="2024-06-20 10:00",
    ),
    # the supplement is completed only after the period end: still waiting as of 30/6: on time
    _d(
        "WAIT_AFTER",
        "2024-06-17 08:00",
        "2024-06-24 17:00",
        status="supplement_requested",
        supplement_count=1,
        supplement_requested_at="2024-06-20 10:00",
        supplement_completed_at="2024-07-03 10:00",
    ),
    # supplement completed but not finished: no supplement time subtracted, as of 30/6 > due
    # Thu 20/6: overdue 6 wd (21, 24-28)
    _d(
        "SUPP_OPEN",
        "2024-06-03 08:00",
        "2024-06-20 17:00",
        supplement_count=1,
        supplement_requested_at="2024-06-05 10:00",
        supplement_completed_at="2024-06-14 10:00",
    ),
    # rejected (terminal) 5/6 before due: finished on time
    _d("REJ", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-05 10:00", "rejected"),
    # never received / received after June: out
    _d("NOTRECV", None, status="submitted"),
    _d("JULY", "2024-07-01 08:00", "2024-07-05 17:00"),
]


def test_5_due_dates_carry_over_supplements_closed_period():
    card = score(procedures=PROCEDURES, dossiers=JUNE)
    found = verdicts(card, 5)
    assert set(found) == {
        "ON",
        "LATE",
        "CARRY",
        "CARRY_OPEN",
        "OPEN",
        "AFTER",
        "AFTER_OK",
        "SUPP1",
        "SUPP2",
        "WAIT",
        "WAIT_AFTER",
        "SUPP_OPEN",
        "REJ",
    }
    assert found["LATE"] == "trễ hạn 2 ngày làm việc"
    assert found["CARRY_OPEN"] == "chưa giải quyết xong, đã quá hạn 10 ngày làm việc"
    assert found["AFTER"] == "chưa giải quyết xong, đã quá hạn 1 ngày làm việc"
    assert found["SUPP2"] == "yêu cầu bổ sung 2 lần (tính là trễ hạn)"
    assert found["SUPP_OPEN"] == "chưa giải quyết xong, đã quá hạn 6 ngày làm việc"
    on_time = {"ON", "CARRY", "OPEN", "AFTER_OK", "SUPP1", "WAIT", "WAIT_AFTER", "REJ"}
    assert {k for k, v in found.items() if v == ""} == on_time
    # 8 on time of 13 -> 20 * 8/13
    check(card, 5, 8, 13, 20 * 8 / 13)


def test_5_supplement_requests_as_of_the_export_time():
    # Open June, as of Thu 20/6 12:00.
    dossiers = [
        # second request made on 25/6, after the as-of instant: one request so far, not yet
        # due (28/6): on time
        _d("SECOND_LATER", "2024-06-03 08:00", "2024-06-28 17:00", status="supplement_requested",
           supplement_count=2, supplement_requested_at="2024-06-25 10:00"),
        # waiting since a request made after the due date (requested 19/6, due 18/6): the wait
        # does not stop the clock, late by 1 wd (19/6)
        _d("WAIT_LATE", "2024-06-10 08:00", "2024-06-18 17:00", status="supplement_requested",
           supplement_count=1, supplement_requested_at="2024-06-19 10:00"),
    ]  # fmt: skip
    card = score(procedures=PROCEDURES, dossiers=dossiers, export_time="2024-06-20 12:00")
    assert verdicts(card, 5) == {
        "SECOND_LATER": "",
        "WAIT_LATE": "chưa giải quyết xong, đã quá hạn 1 ngày làm việc",
    }


def test_5_open_period_as_of_export_time():
    dossiers = [
        # as of Sat 15/6 12:00 still processing, due Fri 14/6: overdue (0 wd: 15/6 is a Saturday)
        _d("CARRY_OPEN", "2024-05-15 08:00", "2024-06-14 17:00"),
        # finished 12/6 after due 10/6: late 2 wd
        _d("LATE", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-12 09:00", "done"),
        # finished 20/6 (after the export) late, but as of 15/6 in progress and not due: on time
        _d("LATER", "2024-06-03 08:00", "2024-06-18 17:00", "2024-06-20 09:00", "done"),
        # received after the export time: out
        _d("FUTURE", "2024-06-20 08:00", "2024-06-28 17:00"),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers, export_time="2024-06-15 12:00")
    check(card, 5, 1, 3, 20 / 3)
    assert set(verdicts(card, 5)) == {"CARRY_OPEN", "LATE", "LATER"}
    # closed: LATER late (finished 20/6 > 18/6), FUTURE still open and due 28/6 < 30/6: late
    check(score(procedures=PROCEDURES, dossiers=dossiers), 5, 0, 4, 0.0)


def test_5_missing_due_date_uses_max_processing_time():
    dossiers = [
        # WD5 (5 working days): received Mon 3/6, finished Mon 10/6: 5 wd (4-7, 10): on time
        _d("WD_ON", "2024-06-03 08:00", None, "2024-06-10 08:00", procedure_code="WD5"),
        # finished Tue 11/6: 6 wd: late
        _d("WD_LATE", "2024-06-03 08:00", None, "2024-06-11 08:00", procedure_code="WD5"),
        # with a supplement Tue 4/6 08:00 -> Thu 6/6 08:00 (2 wd: 5, 6): finished Thu 13/6 is
        # 8 wd (4-7, 10-13) - 2 = 6 wd: late (subtracted once, not twice)
        _d(
            "WD_SUPP",
            "2024-06-03 08:00",
            None,
            "2024-06-13 08:00",
            procedure_code="WD5",
            supplement_count=1,
            supplement_requested_at="2024-06-04 08:00",
            supplement_completed_at="2024-06-06 08:00",
        ),
        # finished Wed 12/6: 7 - 2 = 5 wd: on time
        _d(
            "WD_SUPP_ON",
            "2024-06-03 08:00",
            None,
            "2024-06-12 08:00",
            procedure_code="WD5",
            supplement_count=1,
            supplement_requested_at="2024-06-04 08:00",
            supplement_completed_at="2024-06-06 08:00",
        ),
        # still processing since Mon 17/6: 30/6 is 10 wd after (18-21, 24-28): late
        _d("WD_OPEN", "2024-06-17 08:00", None, procedure_code="WD5"),
        # D3 (3 days): 3/6 08:00 -> 5/6 17:00 = 2.4 days: on time; -> 7/6 08:00 = 4 days: late
        _d("D_ON", "2024-06-03 08:00", None, "2024-06-05 17:00", procedure_code="D3"),
        _d("D_LATE", "2024-06-03 08:00", None, "2024-06-07 08:00", procedure_code="D3"),
        # D3 with a 2-day supplement (4/6 08:00 -> 6/6 08:00): 3/6 08:00 -> 7/6 08:00 is
        # 4 - 2 = 2 days: on time
        _d(
            "D_SUPP",
            "2024-06-03 08:00",
            None,
            "2024-06-07 08:00",
            procedure_code="D3",
            supplement_count=1,
            supplement_requested_at="2024-06-04 08:00",
            supplement_completed_at="2024-06-06 08:00",
        ),
        # H8 (8 hours): 7 hours on time, 24 hours late
        _d("H_ON", "2024-06-03 08:00", None, "2024-06-03 15:00", procedure_code="H8"),
        _d("H_LATE", "2024-06-03 08:00", None, "2024-06-04 08:00", procedure_code="H8"),
        # neither due date nor maximum: a data finding, counted late
        _d("NONE", "2024-06-03 08:00", None, "2024-06-04 08:00"),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    found = verdicts(card, 5)
    on_time = {"WD_ON", "WD_SUPP_ON", "D_ON", "D_SUPP", "H_ON"}
    assert {k for k, v in found.items() if v == ""} == on_time
    assert found["WD_LATE"] == "quá thời hạn giải quyết theo quy định (6)"
    assert found["WD_SUPP"] == "quá thời hạn giải quyết theo quy định (6)"
    assert found["NONE"].startswith("thiếu ngày hẹn trả và thời hạn giải quyết")
    check(card, 5, 5, 11, 20 * 5 / 11)
    # the other choices for "neither known": on time (6/11), or left out (5/10)
    on_time_rules = rules_choosing(missing_deadline="on_time")
    check(
        score(procedures=PROCEDURES, dossiers=dossiers, rules=on_time_rules), 5, 6, 11, 20 * 6 / 11
    )
    exclude = rules_choosing(missing_deadline="exclude")
    check(score(procedures=PROCEDURES, dossiers=dossiers, rules=exclude), 5, 5, 10, 10.0)


def test_5_holiday_calendar():
    may = [
        # due Fri 3/5, finished Mon 6/5: late 2 wd (Sat 4/5 is worked, 6/5)
        _d("LATE", "2024-04-26 08:00", "2024-05-03 17:00", "2024-05-06 09:00"),
        # WD5 without due: Fri 26/4 -> Mon 6/5 is 4 wd (2/5, 3/5, Sat 4/5, 6/5): on time
        _d("WD", "2024-04-26 08:00", None, "2024-05-06 09:00", procedure_code="WD5"),
        # Fri 26/4 -> Thu 9/5 is 7 wd: late, reported as 7
        _d("WD_LATE", "2024-04-26 08:00", None, "2024-05-09 09:00", procedure_code="WD5"),
    ]
    card = score("2024-05", procedures=PROCEDURES, dossiers=may)
    check(card, 5, 1, 3, 20 / 3)
    found = verdicts(card, 5)
    assert found["LATE"] == "trễ hạn 2 ngày làm việc"
    assert found["WD_LATE"] == "quá thời hạn giải quyết theo quy định (7)"
    # National Day: Fri 30/8 -> Mon 9/9 is 4 wd (4/9, 5/9, 6/9, 9/9; 2/9, 3/9 off): on time
    september = [_d("SEP", "2024-08-30 08:00", None, "2024-09-09 08:00", procedure_code="WD5")]
    check(score("2024-09", procedures=PROCEDURES, dossiers=september), 5, 1, 1, 20.0)


def test_5_no_dossier_zero_points():
    card = score(procedures=PROCEDURES, dossiers=[])
    check(card, 5, 0, 0, 0.0)
    check(card, 21, 0, 0, 0.0)


def test_5_units():
    dossiers = [
        _d("A", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-07 10:00", unit="CNTY"),
        _d("B", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-12 10:00", unit="KL"),
        _d("C", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-05 10:00", unit="KL"),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    check(card, 5, 2, 3, 40 / 3)
    check(card, 5, 1, 1, 20.0, scope="CNTY")
    check(card, 5, 1, 2, 10.0, scope="KL")


# --- #21 ------------------------------------------------------------------------------------


def test_21_late_and_disliked_counted_once():
    on, late = ("2024-06-07 10:00", "2024-06-12 10:00")
    dossiers = [
        _d("OK", "2024-06-03 08:00", "2024-06-10 17:00", on, rating="like"),
        _d("DISLIKED", "2024-06-03 08:00", "2024-06-10 17:00", on, rating="dislike"),
        _d("FEEDBACK", "2024-06-03 08:00", "2024-06-10 17:00", on, has_feedback=True),
        _d("LATE_DISLIKED", "2024-06-03 08:00", "2024-06-10 17:00", late, rating="dislike"),
        _d("LATE", "2024-06-03 08:00", "2024-06-10 17:00", late),
        # finished in May: outside the population of #5, complaints ignored
        _d("MAY", "2024-05-02 08:00", "2024-05-20 17:00", "2024-05-10 08:00", rating="dislike"),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    # 1 - (2 late / 5 + 2 complained on time / 5) = 0.2 -> 6 * min(1, 0.2 / 0.9) = 4/3
    check(card, 21, 1, 5, 6 * 0.2 / 0.9)
    assert row(card, 21)["ratio"] == pytest.approx(0.2)
    found = verdicts(card, 21)
    assert found["LATE_DISLIKED"] == "hồ sơ trễ hạn"
    assert found["DISLIKED"] == found["FEEDBACK"] == "bị phản ánh hoặc đánh giá không hài lòng"


def test_21_target_caps_points():
    dossiers = [
        _d(f"D{i}", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-07 08:00") for i in range(9)
    ]
    dossiers.append(
        _d("BAD", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-07 08:00", rating="dislike")
    )
    check(score(procedures=PROCEDURES, dossiers=dossiers), 21, 9, 10, 6.0)  # 0.9 / 0.9 -> max


def test_5_average_processing_time_of_dossiers_finished_in_period():
    from kpi.rules.processing import average_processing_time

    dossiers = [
        _d("A", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-07 10:00"),  # 4 wd (4-7/6)
        _d("B", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-12 10:00"),  # 7 wd (4-7, 10-12)
        _d("C", "2024-05-27 08:00", "2024-06-10 17:00", "2024-06-04 10:00", procedure_code="WD5"),
        _d("OPEN", "2024-06-03 08:00", "2024-06-10 17:00"),  # not finished: left out
        _d("JULY", "2024-06-20 08:00", "2024-06-28 17:00", "2024-07-02 10:00"),  # finished later
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    table = average_processing_time(card.context).set_index("procedure_code")
    assert table.loc["1.000001", "n_finished"] == 2
    assert table.loc["1.000001", "average_working_days"] == pytest.approx(5.5)  # (4 + 7) / 2
    # Mon 27/5 -> Tue 4/6: 28-31/5, 3/6, 4/6 = 6 wd
    assert table.loc["WD5", "average_working_days"] == pytest.approx(6)


def test_5_without_due_at_each_unit_of_the_catalogue_is_its_own_clock():
    # No due_at: the processing time is measured in the TTHC's unit, one second past the
    # limit is late. Fri 7/6 08:00 -> Mon 10/6 08:00 is 3 days but 1 working day; Mon 3/6 08:00
    # -> Mon 10/6 08:00 is 5 working days (4-7/6, 10/6) but 7 days.
    procedures = [*PROCEDURES, {"procedure_code": "N5", "max_processing_time": 5,
                                "processing_time_unit": None}]  # fmt: skip
    dossiers = [
        _d("D-EXACT", "2024-06-07 08:00:00", None, "2024-06-10 08:00:00", procedure_code="D3"),
        _d("D-OVER", "2024-06-07 08:00:00", None, "2024-06-10 08:00:01", procedure_code="D3"),
        _d("H-EXACT", "2024-06-03 08:00:00", None, "2024-06-03 16:00:00", procedure_code="H8"),
        _d("H-OVER", "2024-06-03 08:00:00", None, "2024-06-03 16:00:01", procedure_code="H8"),
        _d("H-8.3", "2024-06-04 08:00:00", None, "2024-06-04 16:20:00", procedure_code="H8"),
        _d("WD-NO-UNIT", "2024-06-03 08:00:00", None, "2024-06-10 08:00:00", procedure_code="N5"),
        _d("WD-OVER", "2024-06-03 08:00:00", None, "2024-06-11 08:00:00", procedure_code="N5"),
    ]
    card = score(procedures=procedures, dossiers=dossiers)
    on_time = {name for name, reason in verdicts(card, 5).items() if reason == ""}
    assert on_time == {"D-EXACT", "H-EXACT", "WD-NO-UNIT"}
    assert (row(card, 5)["numerator"], row(card, 5)["denominator"]) == (3, 7)
    # The time over the limit is shown to one decimal, in the TTHC's unit; nothing where on time.
    found = verdicts(card, 5)
    assert found["H-8.3"] == "quá thời hạn giải quyết theo quy định (8.3)"  # 8 h 20 min
    assert found["D-OVER"] == "quá thời hạn giải quyết theo quy định (3)"
    judgement = card.judgements[5]
    ids = judgement.records["dossier_id"].tolist()
    assert judgement.detail[ids.index("D-EXACT")] == 0.0


def test_5_average_processing_time_exactly():
    from kpi.rules.processing import average_processing_time

    dossiers = [
        # given out of code order: the table is sorted by code, indexed 0..n-1
        _d("C", "2024-05-27 08:00", "2024-06-10 17:00", "2024-06-04 10:00", procedure_code="WD5"),
        _d("A", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-07 10:00"),  # 4 wd
        _d("B", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-12 10:00"),  # 7 wd
        _d("D", "2024-06-03 08:00", "2024-06-10 17:00", "2024-06-04 10:00", procedure_code="D3"),
        _d("MAY", "2024-05-02 08:00", "2024-05-10 17:00", "2024-05-08 10:00", procedure_code="H8"),
        _d("OPEN", "2024-06-03 08:00", "2024-06-10 17:00", procedure_code="H8"),  # not finished
    ]
    table = average_processing_time(score(procedures=PROCEDURES, dossiers=dossiers).context)
    expected = pd.DataFrame(
        {
            "procedure_code": ["1.000001", "D3", "WD5"],  # H8: finished in May only, left out
            "n_finished": np.array([2, 1, 1], dtype=np.int64),
            "average_working_days": [5.5, 1.0, 6.0],
        }
    )
    codes = table["procedure_code"].astype(str)  # a categorical of the codes present
    pd.testing.assert_frame_equal(table.assign(procedure_code=codes), expected, check_dtype=False)
    assert table["average_working_days"].dtype == "float64"
    assert isinstance(table.index, pd.RangeIndex) and list(table.index) == [0, 1, 2]


def test_late_by_less_than_a_working_day_is_worded_so():
    # Due Mon 10/6 at 09:00, finished the same day at 16:00: late, by less than one working day.
    card = score(
        dossiers=[
            {
                "dossier_id": "X",
                "received_at": "2024-06-03 08:00",
                "due_at": "2024-06-10 09:00",
                "finished_at": "2024-06-10 16:00",
                "status": "done",
            }
        ]
    )
    check(card, 5, 0, 1, 0.0)  # 0/1 on time: 0 points
    assert verdicts(card, 5) == {"X": "trễ hạn dưới 1 ngày làm việc"}
