"""Group I (#1-#4), expected values worked out by hand from shared/spec/indicators.md.

June 2024 has no holiday: Sat 1, Mon 3, 10, 17, 24 are Mondays. Around 30/4/2024: Mon 29/4,
Tue 30/4 and Wed 1/5 are off, Sat 4/5 is worked.
"""

from __future__ import annotations

from kpi.scorecard import AGENCY
from tests.rules.helpers import check, row, score, verdicts

PROCEDURES = [
    {"procedure_code": "P1", "unit": "CNTY"},
    {"procedure_code": "P2", "unit": "KL"},
    {"procedure_code": "P3", "unit": "CNTY"},
    {"procedure_code": "P4", "unit": "CNTY"},
    {"procedure_code": "P5", "unit": "CNTY"},
    {"procedure_code": "P6", "unit": "CNTY"},
    {"procedure_code": "P7", "unit": "CNTY"},
]


def _ann(
    decision: str,
    code: str,
    decided: str,
    effective: str | None = None,
    published: str | None = None,
) -> dict:
    return {
        "decision_id": decision,
        "procedure_code": code,
        "decision_date": decided,
        "legal_basis_effective_date": effective,
        "published_date": published,
        "change_type": "new",
    }


# --- #1 announced on time -------------------------------------------------------------------


def test_1_announced_on_time_duplicates_and_units():
    announcements = [
        # effective Thu 20/6 - 5 wd = Thu 13/6 (19, 18, 17, 14, 13); decided 10/6 <= 13/6: on time
        _ann("QD1", "P1", "2024-06-10", "2024-06-20"),
        # effective Fri 14/6 - 5 wd = Fri 7/6 (13, 12, 11, 10, 7); decided Mon 10/6: late 1 wd
        _ann("QD1", "P2", "2024-06-10", "2024-06-14"),
        # P3 twice: QD1 on time (as P1), QD2: 28/6 - 5 wd = Fri 21/6, decided Mon 24/6: late
        _ann("QD1", "P3", "2024-06-10", "2024-06-20"),
        _ann("QD2", "P3", "2024-06-24", "2024-06-28"),
        # decided before / after June: not in the population
        _ann("QD0", "P4", "2024-05-31", "2024-06-01"),
        _ann("QD3", "P5", "2024-07-01", "2024-07-02"),
    ]
    card = score(procedures=PROCEDURES, announcements=announcements)
    # agency: P1, P2, P3 (P3 once); on time P1 -> 1/3 -> 6 * 1/3 = 2
    check(card, 1, 1, 3, 2.0)
    # CNTY: P1 on time, P3 late -> 1/2 -> 3 points; KL: P2 late -> 0/1 -> 0
    check(card, 1, 1, 2, 3.0, scope="CNTY")
    check(card, 1, 0, 1, 0.0, scope="KL")
    found = verdicts(card, 1)
    assert found["P1"] == ""
    assert found["P2"].startswith("công bố muộn 1 ngày làm việc")
    assert found["P3"].startswith("công bố muộn 1 ngày làm việc")  # the late one of the two


def test_1_the_worst_announcement_of_a_tthc_decides_and_all_its_decisions_are_named():
    announcements = [
        # P1: on time (as in the test above), then no effective date: late, the data finding
        _ann("QD1", "P1", "2024-06-10", "2024-06-20"),
        _ann("QD2", "P1", "2024-06-11", None),
        # P2: late by 1 wd (QD3: 14/6 - 5 wd = 7/6, decided 10/6) and by 3 wd (QD4: effective
        # Wed 12/6 - 5 wd = Wed 5/6, decided 10/6: 6, 7, 10); QD4 given first, then again
        _ann("QD4", "P2", "2024-06-10", "2024-06-12"),
        _ann("QD3", "P2", "2024-06-10", "2024-06-14"),
        _ann("QD4", "P2", "2024-06-10", "2024-06-12"),
    ]
    card = score(procedures=PROCEDURES, announcements=announcements)
    assert verdicts(card, 1) == {
        "P1": "thiếu ngày hiệu lực của văn bản căn cứ",
        "P2": "công bố muộn 3 ngày làm việc so với hạn (trước ngày hiệu lực 5 ngày làm việc)",
    }
    judgement = card.judgements[1]
    records = judgement.records.set_index("procedure_code")
    assert records.loc["P1", "decision_id"] == "QD1, QD2"
    assert records.loc["P2", "decision_id"] == "QD3, QD4"  # each decision once, sorted
    assert records.loc["P2", "days_late"] == 3.0
    assert records.loc["P1", "days_late"] == 0.0  # no effective date: no deadline to count from
    assert judgement.code == 1 and judgement.reason.dtype == "int8"


def test_1_late_on_a_day_off_outranks_on_time_on_the_deadline():
    # Effective Fri 21/6 - 5 wd = Fri 14/6. QD1 decided on the deadline: on time, 0 days;
    # QD2 decided Sat 15/6: late, though by no working day. Given in that order, P5 is late.
    announcements = [
        _ann("QD1", "P5", "2024-06-14", "2024-06-21"),
        _ann("QD2", "P5", "2024-06-15", "2024-06-21"),
    ]
    card = score(procedures=PROCEDURES, announcements=announcements)
    check(card, 1, 0, 1, 0.0)
    assert verdicts(card, 1) == {
        "P5": "công bố muộn 0 ngày làm việc so với hạn (trước ngày hiệu lực 5 ngày làm việc)"
    }


def test_1_holiday_calendar_and_missing_effective_date():
    announcements = [
        # effective Wed 8/5 - 5 wd = Thu 2/5 (7, 6, Sat 4, 3, 2): decided 2/5 on the deadline
        _ann("QD1", "P1", "2024-05-02", "2024-05-08"),
        # effective Thu 9/5 - 5 wd = Fri 3/5 (8, 7, 6, Sat 4, 3): on time
        _ann("QD1", "P2", "2024-05-02", "2024-05-09"),
        # effective Tue 7/5 - 5 wd = Fri 26/4 (6, Sat 4, 3, 2, [1/5, 30/4, 29/4 off] 26/4):
        # decided 2/5 is late by 1 wd (only 2/5 in (26/4, 2/5])
        _ann("QD1", "P3", "2024-05-02", "2024-05-07"),
        # no effective date: late (data finding)
        _ann("QD1", "P4", "2024-05-02", None),
    ]
    card = score("2024-05", procedures=PROCEDURES, announcements=announcements)
    check(card, 1, 2, 4, 3.0)  # 2/4 -> 6 * 0.5 = 3
    found = verdicts(card, 1)
    assert found["P1"] == "" and found["P2"] == ""
    assert found["P3"].startswith("công bố muộn 1 ngày làm việc")
    assert found["P4"] == "thiếu ngày hiệu lực của văn bản căn cứ"


def test_1_no_announcement_in_period_no_score():
    card = score(
        procedures=PROCEDURES, announcements=[_ann("QD", "P1", "2024-05-02", "2024-06-01")]
    )
    check(card, 1, 0, 0, None)
    assert row(card, 1)["status"] == "zero_denominator"


def test_1_and_2_without_announcements_table_no_data():
    card = score(procedures=PROCEDURES)
    assert row(card, 1)["status"] == "no_data" and row(card, 2)["status"] == "no_data"


# --- #2 published on time -------------------------------------------------------------------

ANNOUNCEMENTS_2 = [
    # decided Mon 27/5, deadline +5 wd = Mon 3/6 (28, 29, 30, 31, 3); published 3/6: on time
    _ann("QD1", "P1", "2024-05-27", "2024-07-01", "2024-06-03"),
    # decided Mon 3/6, deadline Mon 10/6 (4, 5, 6, 7, 10); published 11/6: late 1 wd
    _ann("QD2", "P2", "2024-06-03", "2024-07-01", "2024-06-11"),
    # decided Thu 20/6, deadline Thu 27/6 (21, 24, 25, 26, 27); unpublished: overdue 1 wd (28/6)
    _ann("QD3", "P3", "2024-06-20", "2024-07-01", None),
    # decided Tue 25/6, deadline Tue 2/7 (26, 27, 28, 1/7, 2/7): after June, unpublished: out
    _ann("QD4", "P4", "2024-06-25", "2024-07-10", None),
    # deadline Thu 27/6 in June, published 2/7 after the period end: unpublished as of 30/6
    _ann("QD3", "P5", "2024-06-20", "2024-07-01", "2024-07-02"),
    # decided Thu 2/5, deadline Wed 8/5 (3, Sat 4, 6, 7, 8): before June, unpublished: out
    _ann("QD0", "P6", "2024-05-02", "2024-06-01", None),
    # P7 twice: QD2 published 5/6 <= 10/6 on time; QD5 decided Wed 12/6, deadline Wed 19/6
    # (13, 14, 17, 18, 19), published 20/6: late -> P7 late
    _ann("QD2", "P7", "2024-06-03", "2024-07-01", "2024-06-05"),
    _ann("QD5", "P7", "2024-06-12", "2024-07-01", "2024-06-20"),
]


def test_2_published_on_time_closed_period():
    card = score(procedures=PROCEDURES, announcements=ANNOUNCEMENTS_2)
    # population P1, P2, P3, P5, P7 = 5; on time P1 -> 4 * 1/5 = 0.8
    check(card, 2, 1, 5, 0.8)
    found = verdicts(card, 2)
    assert set(found) == {"P1", "P2", "P3", "P5", "P7"}
    assert found["P1"] == ""
    assert found["P2"] == "công khai muộn 1 ngày làm việc"
    assert found["P3"] == "chưa công khai, đã quá hạn 1 ngày làm việc"  # 28/6 (29, 30 weekend)
    assert found["P5"] == "chưa công khai, đã quá hạn 1 ngày làm việc"
    assert found["P7"] == "công khai muộn 1 ngày làm việc"
    # agency level only
    assert row(card, 2, "CNTY")["status"] == "not_applicable"


def test_2_open_period_deadline_not_yet_elapsed():
    # as of Thu 27/6 12:00, the 27/6 deadlines of P3, P5 have not elapsed: out of the population
    card = score(
        procedures=PROCEDURES, announcements=ANNOUNCEMENTS_2, export_time="2024-06-27 12:00"
    )
    check(card, 2, 1, 3, 4 / 3)  # P1 on time, P2 and P7 late -> 1/3
    # as of Fri 28/6 10:00 the 27/6 deadline has elapsed: P3, P5 overdue
    card = score(
        procedures=PROCEDURES, announcements=ANNOUNCEMENTS_2, export_time="2024-06-28 10:00"
    )
    check(card, 2, 1, 5, 0.8)


def test_2_deadlines_on_the_first_and_last_day_of_a_closed_month():
    # July 2024, closed (exported after it). Deadlines = decision + 5 wd.
    announcements = [
        # decided Mon 24/6, deadline Mon 1/7 (25-28/6, 1/7), the first day: unpublished, overdue
        _ann("QD1", "P1", "2024-06-24", "2024-08-01", None),
        # decided Wed 24/7, deadline Wed 31/7 (25, 26, 29, 30, 31), the last day: overdue
        _ann("QD2", "P2", "2024-07-24", "2024-08-01", None),
        # published in June: not July's
        _ann("QD3", "P3", "2024-06-03", "2024-07-01", "2024-06-05"),
        # P4: QD4 published on its deadline Mon 15/7 (decided Mon 8/7): on time, 0 days;
        # QD5 deadline Fri 12/7 (decided Fri 5/7), published Sat 13/7: late by no working day
        _ann("QD4", "P4", "2024-07-08", "2024-08-01", "2024-07-15"),
        _ann("QD5", "P4", "2024-07-05", "2024-08-01", "2024-07-13"),
    ]
    card = score("2024-07", procedures=PROCEDURES, announcements=announcements)
    found = verdicts(card, 2)
    assert found == {
        "P1": "chưa công khai, đã quá hạn 22 ngày làm việc",  # 2/7 .. 31/7
        "P2": "chưa công khai, đã quá hạn 0 ngày làm việc",
        "P4": "công khai muộn 0 ngày làm việc",
    }
    check(card, 2, 0, 3, 0.0)


def test_2_holiday_deadline():
    announcements = [
        # decided Fri 26/4, deadline +5 wd = Tue 7/5 (2/5, 3/5, Sat 4/5, 6/5, 7/5): on time
        _ann("QD1", "P1", "2024-04-26", "2024-06-01", "2024-05-07"),
        # same deadline, published Wed 8/5: late by 1 wd
        _ann("QD1", "P2", "2024-04-26", "2024-06-01", "2024-05-08"),
    ]
    card = score("2024-05", procedures=PROCEDURES, announcements=announcements)
    check(card, 2, 1, 2, 2.0)  # 4 * 1/2
    assert verdicts(card, 2)["P2"] == "công khai muộn 1 ngày làm việc"


# --- #3 complete publication ----------------------------------------------------------------


def test_3_seven_components_published_only():
    procedures = [
        {"procedure_code": "P1"},
        {"procedure_code": "P2", "has_steps": False, "has_agency": False},
        {"procedure_code": "P3", "status": "abolished", "has_name": False},
        {"procedure_code": "P4", "status": "unpublished"},
        {"procedure_code": "P5", "status": "published_amended"},
    ]
    card = score(procedures=procedures)
    # population P1, P2, P5 (abolished, unpublished out); complete P1, P5 -> 2 * 2/3
    check(card, 3, 2, 3, 4 / 3)
    assert verdicts(card, 3) == {"P1": "", "P2": "thiếu: trình tự, cơ quan", "P5": ""}
    assert row(card, 3, "CNTY")["status"] == "not_applicable"


# --- #4 synced to DVCQG ---------------------------------------------------------------------

DOSSIERS_4 = [
    {"dossier_id": "A", "received_at": "2024-06-03 08:00", "synced_national": True},
    {"dossier_id": "B", "received_at": "2024-06-04 08:00", "synced_national": False},
    {"dossier_id": "C", "received_at": "2024-06-30 16:00", "synced_national": True, "unit": "KL"},
    # received before / after June: out
    {"dossier_id": "D", "received_at": "2024-05-31 16:00", "synced_national": True},
    {"dossier_id": "E", "received_at": "2024-07-01 08:00", "synced_national": False},
]


def test_4_synced_our_data_only():
    card = score(procedures=[{"procedure_code": "1.000001"}], dossiers=DOSSIERS_4)
    check(card, 4, 2, 3, 4.0)  # A, C synced of A, B, C -> 6 * 2/3
    check(card, 4, 1, 2, 3.0, scope="CNTY")  # A of A, B
    check(card, 4, 1, 1, 6.0, scope="KL")
    assert verdicts(card, 4) == {"A": "", "B": "chưa đồng bộ lên Cổng DVCQG", "C": ""}


def test_4_a_sync_after_the_as_of_instant_has_not_happened():
    # June closed at 30/6 23:59:59.999999, exported on 5/7.
    dossiers = [
        {"dossier_id": "LATER", "received_at": "2024-06-03 08:00", "synced_national": True,
         "synced_at": "2024-07-02 08:00:00.000000"},
        {"dossier_id": "AT_END", "received_at": "2024-06-03 08:00", "synced_national": True,
         "synced_at": "2024-06-30 23:59:59.999999"},
        {"dossier_id": "NO_TIME", "received_at": "2024-06-03 08:00", "synced_national": True},
        {"dossier_id": "NEVER", "received_at": "2024-06-03 08:00", "synced_national": False,
         "synced_at": "2024-07-02 08:00:00.000000"},
    ]  # fmt: skip
    card = score(
        procedures=[{"procedure_code": "1.000001"}], dossiers=dossiers,
        export_time="2024-07-05 08:00",
    )  # fmt: skip
    assert verdicts(card, 4) == {
        "LATER": "đồng bộ lên Cổng DVCQG sau thời điểm tính điểm",
        "AT_END": "",
        "NO_TIME": "",  # synced, time unknown: counted
        "NEVER": "chưa đồng bộ lên Cổng DVCQG",
    }
    check(card, 4, 2, 4, 3.0)


def test_4_national_counts_larger_than_ours():
    national = [{"period": "2024-06", "unit": "CNTY", "received_total": 5}]
    card = score(
        procedures=[{"procedure_code": "1.000001"}], dossiers=DOSSIERS_4, national_counts=national
    )
    check(card, 4, 2, 5, 2.4)  # agency max(3 ours, 5 national) = 5 -> 6 * 2/5
    check(card, 4, 1, 5, 1.2, scope="CNTY")  # max(2, 5) -> 6 * 1/5
    check(card, 4, 1, 1, 6.0, scope="KL")


def test_4_national_counts_smaller_than_ours():
    national = [{"period": "2024-06", "unit": "CNTY", "received_total": 1}]
    card = score(
        procedures=[{"procedure_code": "1.000001"}], dossiers=DOSSIERS_4, national_counts=national
    )
    check(card, 4, 2, 3, 4.0)  # max(3, 1) = 3


def test_4_only_readable_period_labels_inside_june_are_added():
    # No row labelled 2024-06: the labels inside June are looked for, and "tháng sáu" is none.
    national = [{"period": "tháng sáu", "unit": "CNTY", "received_total": 50}]
    card = score(
        procedures=[{"procedure_code": "1.000001"}], dossiers=DOSSIERS_4, national_counts=national
    )
    check(card, 4, 2, 3, 4.0)  # ours: the 50 of an unreadable period are not June's


def test_4_monthly_national_counts_added_for_a_quarter():
    national = [
        {"period": "2024-04", "unit": "CNTY", "received_total": 4},
        {"period": "2024-05", "unit": "CNTY", "received_total": 6},
        {"period": "2024-07", "unit": "CNTY", "received_total": 100},  # outside Q2
    ]
    card = score(
        "2024-Q2",
        procedures=[{"procedure_code": "1.000001"}],
        dossiers=DOSSIERS_4,
        national_counts=national,
    )
    # Q2 ours: A, B, C, D = 4 (D synced, A synced, C synced) -> 3 synced; max(4, 4 + 6) = 10
    check(card, 4, 3, 10, 6 * 3 / 10)


def test_4_previous_year_fallback():
    national = [{"period": "2023", "unit": "CNTY", "received_total": 120}]
    july_only = [{"dossier_id": "E", "received_at": "2024-07-01 08:00"}]
    card = score(
        procedures=[{"procedure_code": "1.000001"}], dossiers=july_only, national_counts=national
    )
    # nothing received in June, ours and national: 120 / 12 = 10, numerator 0 -> ratio 0
    check(card, 4, 0, 10, 0.0)
    assert row(card, 4)["status"] == "scored"
    check(card, 4, 0, 10, 0.0, scope="CNTY")  # the unit's own previous year
    assert row(card, 4, "KL")["denominator"] == 0  # no previous year for KL: not the agency's
    card = score(
        "2024-Q2",
        procedures=[{"procedure_code": "1.000001"}],
        dossiers=july_only,
        national_counts=national,
    )
    check(card, 4, 0, 30, 0.0)  # 120 / 4
    # 100 a year: 8.33 a month, a denominator that is not a whole number, scored as a ratio
    national = [{"period": "2023", "unit": "CNTY", "received_total": 100}]
    card = score(
        procedures=[{"procedure_code": "1.000001"}], dossiers=july_only, national_counts=national
    )
    check(card, 4, 0, 100 / 12, 0.0)


def test_4_nothing_known_no_score():
    card = score(procedures=[{"procedure_code": "1.000001"}], dossiers=[])
    check(card, 4, 0, 0, None)
    assert row(card, 4, AGENCY)["status"] == "zero_denominator"
