"""Group V (#19, #20), expected values worked out by hand from the spec (period June 2024).

Deadlines from Mon 3/6: +2 wd = Wed 5/6, +5 wd = Mon 10/6, +15 wd = Mon 24/6 (4-7, 10-14,
17-21, 24). From Mon 17/6: +15 wd = Mon 8/7. From Thu 2/5 (Sat 4/5 worked): +15 wd = Wed 22/5.
"""

from __future__ import annotations

from tests.rules.helpers import check, row, score, verdicts


def _f(feedback_id: str, sent: str, **events: object) -> dict:
    return {"feedback_id": feedback_id, "unit": "CNTY", "sent_at": sent, **events}


FEEDBACK_19 = [
    _f("REJ_ON", "2024-06-03 10:00", rejected_at="2024-06-05 16:00"),  # <= 5/6
    _f("REJ_LATE", "2024-06-03 10:00", rejected_at="2024-06-06 09:00"),  # late 1 wd
    # transferred: the reference is the transfer date 3/6, not 20/5 -> on time
    _f(
        "TRANSFER",
        "2024-05-20 10:00",
        transferred_at="2024-06-03 09:00",
        rejected_at="2024-06-05 09:00",
    ),
    _f("SUPP_ON", "2024-06-03 10:00", supplement_requested_at="2024-06-10 10:00"),  # <= 10/6
    _f("SUPP_LATE", "2024-06-03 10:00", supplement_requested_at="2024-06-11 10:00"),
    # answered 24/6 <= 24/6 and published 26/6 <= 24/6 + 2 wd = 26/6: on time
    _f(
        "ANS_ON",
        "2024-06-03 10:00",
        answered_at="2024-06-24 10:00",
        published_at="2024-06-26 10:00",
    ),
    _f(
        "ANS_LATE",
        "2024-06-03 10:00",
        answered_at="2024-06-25 10:00",
        published_at="2024-06-25 11:00",
    ),
    # answered 10/6 in time, published 13/6 > 10/6 + 2 wd = 12/6: late
    _f(
        "PUB_LATE",
        "2024-06-03 10:00",
        answered_at="2024-06-10 10:00",
        published_at="2024-06-13 10:00",
    ),
    # answered Thu 27/6, unpublished: 30/6 <= 27/6 + 2 wd = Mon 1/7: still in time
    _f("UNPUB_ON", "2024-06-17 10:00", answered_at="2024-06-27 10:00"),
    # answered Mon 24/6, published only 3/7: unpublished as of 30/6 > 26/6: late
    _f(
        "UNPUB_LATE",
        "2024-06-17 10:00",
        answered_at="2024-06-24 10:00",
        published_at="2024-07-03 10:00",
    ),
    _f("OPEN_ON", "2024-06-20 10:00"),  # nothing yet, deadline in July
    # carry-over from 20/5: +15 wd = Mon 10/6, still open at 30/6: late by 14 wd
    _f("OPEN_LATE", "2024-05-20 10:00"),
    _f("CLOSED_MAY", "2024-05-02 10:00", rejected_at="2024-05-03 10:00"),  # closed before June
    # information requested in May: closed before June too
    _f("SUPP_MAY", "2024-05-02 10:00", supplement_requested_at="2024-05-06 10:00"),
    # answered 10/5 <= 22/5, published 3/6 (in June) > 10/5 + 2 wd = 14/5: late
    _f(
        "PUB_JUNE",
        "2024-05-02 10:00",
        answered_at="2024-05-10 10:00",
        published_at="2024-06-03 10:00",
    ),
    _f("JULY", "2024-07-01 10:00"),  # sent after June: out
    # rejected 1/7, after the period end: open as of 30/6 and in time (25/6 + 15 wd)
    _f("REJ_AFTER", "2024-06-25 10:00", rejected_at="2024-07-01 10:00"),
]


def test_19_feedback_on_time():
    card = score(procedures=[], feedback=FEEDBACK_19)
    found = verdicts(card, 19)
    assert set(found) == {f["feedback_id"] for f in FEEDBACK_19} - {
        "CLOSED_MAY",
        "SUPP_MAY",
        "JULY",
    }
    on_time = {"REJ_ON", "TRANSFER", "SUPP_ON", "ANS_ON", "UNPUB_ON", "OPEN_ON", "REJ_AFTER"}
    assert {k for k, v in found.items() if v == ""} == on_time
    assert found["REJ_LATE"] == "từ chối muộn 1 ngày làm việc"
    assert found["SUPP_LATE"] == "yêu cầu bổ sung thông tin muộn 1 ngày làm việc"
    assert found["ANS_LATE"] == "trả lời muộn 1 ngày làm việc"
    assert found["PUB_LATE"] == "công khai trả lời muộn 1 ngày làm việc"
    assert found["UNPUB_LATE"] == "công khai trả lời muộn 2 ngày làm việc"  # 27/6, 28/6
    assert found["OPEN_LATE"] == "chưa xử lý, đã quá hạn 14 ngày làm việc"  # 11-14, 17-28
    # 7 on time of 14 -> 6 * 0.5 = 3
    check(card, 19, 7, 14, 3.0)
    # The days late are numbers (0 where on time), as the evidence exports them.
    judgement = card.judgements[19]
    assert judgement.code == 19 and judgement.detail is not None
    assert judgement.detail.dtype == "float64"
    ids = judgement.records["feedback_id"].tolist()
    assert judgement.detail[ids.index("REJ_ON")] == 0.0
    assert judgement.detail[ids.index("OPEN_LATE")] == 14.0


def test_19_open_period():
    # as of Tue 11/6 12:00: OPEN_LATE overdue 1 wd; SUPP_LATE's request (11/6 10:00) happened;
    # ANS_ON, ANS_LATE, UNPUB_*, OPEN_ON, REJ_AFTER, PUB_LATE's publication: later or in time
    card = score(procedures=[], feedback=FEEDBACK_19, export_time="2024-06-11 12:00")
    found = verdicts(card, 19)
    assert "OPEN_ON" not in found and "UNPUB_ON" not in found  # sent after the export time
    assert found["OPEN_LATE"] == "chưa xử lý, đã quá hạn 1 ngày làm việc"
    assert found["ANS_ON"] == ""
    # answered 10/6, unpublished as of 11/6 <= 12/6: in time
    assert found["PUB_LATE"] == ""
    # in population: REJ_ON, REJ_LATE, TRANSFER, SUPP_ON, SUPP_LATE, ANS_ON, ANS_LATE, PUB_LATE,
    # OPEN_LATE, PUB_JUNE = 10; late: REJ_LATE, SUPP_LATE, OPEN_LATE, PUB_JUNE (unpublished
    # as of 11/6, deadline 14/5 passed) = 4 -> 6 * 6/10
    check(card, 19, 6, 10, 3.6)


def test_19_20_no_feedback_full_points():
    card = score(procedures=[], feedback=[])
    check(card, 19, 0, 0, 6.0)
    check(card, 20, 0, 0, 6.0)
    assert row(card, 19)["status"] == row(card, 20)["status"] == "zero_denominator"
    check(card, 19, 0, 0, 6.0, scope="KL")


def test_19_20_without_feedback_table_no_data():
    card = score(procedures=[])
    assert row(card, 19)["status"] == row(card, 20)["status"] == "no_data"


def test_20_satisfaction_each_subtracted_once():
    in_june = "2024-06-03 10:00"
    answered = {"answered_at": "2024-06-10 10:00", "published_at": "2024-06-11 10:00"}  # in time
    feedback = [
        # on time (answered 10/6, published 11/6), more likes than dislikes: counts
        _f(
            "OK",
            in_june,
            received_at=in_june,
            answered_at="2024-06-10 10:00",
            published_at="2024-06-11 10:00",
            likes=2,
            dislikes=1,
        ),
        _f("DISLIKED", in_june, received_at=in_june, likes=1, dislikes=3, **answered),
        _f("LATE", in_june, received_at=in_june, rejected_at="2024-06-07 10:00"),
        _f("REPEATED", in_june, received_at=in_june, repeated=True, **answered),
        # late, disliked and repeated: subtracted once
        _f(
            "ALL",
            in_june,
            received_at=in_june,
            rejected_at="2024-06-07 10:00",
            dislikes=1,
            repeated=True,
        ),
        _f("MAY", "2024-05-28 10:00", received_at="2024-05-28 10:00"),  # first received in May
        _f("NOT_RECEIVED", in_june),  # never received by the unit
        _f("OPEN", "2024-06-20 10:00", received_at="2024-06-20 11:00"),  # in time (8/7): counts
        _f("JULY", "2024-06-28 10:00", received_at="2024-07-01 08:00"),  # received after June
    ]
    card = score(procedures=[], feedback=feedback)
    # population OK, DISLIKED, LATE, REPEATED, ALL, OPEN = 6; counted OK, OPEN -> 6 * 2/6 = 2
    check(card, 20, 2, 6, 2.0)
    found = verdicts(card, 20)
    assert found["DISLIKED"] == found["ALL"] == "đánh giá không hài lòng nhiều hơn hài lòng"
    assert found["LATE"] == "xử lý trễ hạn"
    assert found["REPEATED"] == "bị phản ánh lại"
    assert found["OK"] == found["OPEN"] == ""  # counted: no reason
    assert card.judgements[20].code == 20
