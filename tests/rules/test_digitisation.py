"""Group IV (#12-#18), expected values worked out by hand from the spec (period June 2024)."""

from __future__ import annotations

from functools import partial

from kpi.params import load_rules
from tests.rules import helpers
from tests.rules.helpers import check, row, verdicts

# These cases are the 2022 reading of the decision (the ``decision`` profile); the portal
# profile's populations are tested in test_portal_profile.py.
score = partial(helpers.score, rules=load_rules().with_profile("decision"))

IN_JUNE, IN_MAY, IN_JULY = "2024-06-10 08:00", "2024-05-20 08:00", "2024-07-01 08:00"
PROCEDURES = [
    {"procedure_code": "PAPER", "paper_result_required": True},
    {"procedure_code": "NOPAPER"},
    {"procedure_code": "CERT", "is_certification": True},
]
RESULT = {"result_code": "KQ", "result_file_url": "https://kq"}


def _d(dossier_id, code="NOPAPER", received=IN_JUNE, **extra):
    return {"dossier_id": dossier_id, "procedure_code": code, "received_at": received, **extra}


def test_12_electronic_results_of_dossiers_finished_in_period():
    dossiers = [
        _d("a", "PAPER", status="returned", finished_at="2024-06-12 08:00", **RESULT),  # counts
        _d("b", "PAPER", status="done", finished_at="2024-06-12 08:00", result_code="KQ"),
        _d("c", "PAPER", status="rejected", finished_at="2024-06-12 08:00"),  # not done/returned
        _d("d", "PAPER", status="returned", finished_at="2024-07-01 08:00", **RESULT),  # July
        _d("e", "NOPAPER", status="done", finished_at="2024-06-12 08:00"),  # no paper result
        # carry-over received in May, returned in June with a result: counts
        _d("f", "PAPER", IN_MAY, status="returned", finished_at="2024-06-05 08:00", **RESULT),
        _d("g", "PAPER", IN_MAY, status="returned", finished_at="2024-05-25 08:00"),  # in May
        _d("h", "PAPER", status="done", finished_at="2024-06-13 08:00"),  # nothing
        # a file without its code
        _d("i", "PAPER", status="done", finished_at="2024-06-13 08:00", result_file_url="x"),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    # population a, b, f, h, i; counted a, f -> 6 * 2/5 = 2.4
    check(card, 12, 2, 5, 2.4)
    assert verdicts(card, 12) == {
        "a": "",
        "b": "thiếu tệp kết quả điện tử",
        "f": "",
        "h": "thiếu mã và tệp kết quả điện tử",
        "i": "thiếu mã kết quả",
    }


def test_12_nothing_finished_no_score():
    card = score(procedures=PROCEDURES, dossiers=[_d("a", "PAPER")])
    check(card, 12, 0, 0, None)


def test_13_digitised_with_electronic_result():
    dossiers = [
        _d(
            "a",
            "PAPER",
            components_digitized=True,
            status="returned",
            finished_at="2024-06-12 08:00",
            **RESULT,
        ),
        _d("b", "PAPER", components_digitized=True),  # in progress: no electronic result yet
        _d("c", "NOPAPER", components_digitized=True),  # counts
        _d("d", "NOPAPER", components_digitized=False),
        # result given but finished after the period end: no electronic result as of 30/6
        _d(
            "e",
            "PAPER",
            components_digitized=True,
            status="returned",
            finished_at="2024-07-02 08:00",
            **RESULT,
        ),
        _d("f", "NOPAPER", IN_MAY, components_digitized=True),  # received in May: out
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    check(card, 13, 2, 5, 4 * 2 / 5)  # a, c of a-e -> 1.6
    found = verdicts(card, 13)
    assert found["b"] == found["e"] == "chưa có kết quả điện tử"
    assert found["d"] == "chưa số hóa thành phần hồ sơ"
    assert found["a"] == found["c"] == ""  # counted: no reason


def test_14_reused_data_target():
    dossiers = [
        _d("a", reused_digitized_data=True),
        _d("b", reused_digitized_data=True),
        _d("c"),
        _d("d"),
        _d("e", received=IN_MAY, reused_digitized_data=True),  # out
        _d("f", received=IN_JULY, reused_digitized_data=True),  # out
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    check(card, 14, 2, 4, 2 * 0.5 / 0.8)  # 1.25


def test_15_certified_copies_and_zero_denominator_max():
    dossiers = [
        _d("a", "CERT", e_certified_copy=True),
        _d("b", "CERT"),
        _d("c", "NOPAPER", e_certified_copy=True),  # not a certification TTHC
        _d("d", "CERT", IN_MAY, e_certified_copy=True),  # out
    ]
    check(score(procedures=PROCEDURES, dossiers=dossiers), 15, 1, 2, 1.0)  # 2 * 1/2
    # no certification dossier: full points (portal practice)
    card = score(procedures=PROCEDURES, dossiers=[_d("c")])
    check(card, 15, 0, 0, 2.0)
    assert row(card, 15)["status"] == "zero_denominator"
    check(card, 15, 0, 0, 2.0, scope="KL")


def test_16_personal_repository():
    dossiers = [
        _d("a", from_personal_repository=True),
        _d("b", result_synced_to_repository=True),
        _d("c", from_personal_repository=True, result_synced_to_repository=True),
        _d("d"),
        _d("e", received=IN_JULY, from_personal_repository=True),
    ]
    check(score(procedures=PROCEDURES, dossiers=dossiers), 16, 3, 4, 3.0)  # 4 * 3/4


def test_17_population_data_procedures():
    procedures = [
        {"procedure_code": "C1", "citizen_subject": True},
        {"procedure_code": "C2", "citizen_subject": True},
        {"procedure_code": "C3", "citizen_subject": True, "unit": "KL"},
        {"procedure_code": "ORG", "citizen_subject": False},
        {"procedure_code": "OLD", "citizen_subject": True, "status": "abolished"},
    ]
    dossiers = [
        _d("a", "C1", IN_MAY, vneid_verified=True),  # May: does not count
        _d("b", "C2", vneid_verified=True),
        _d("c", "C2", population_db_used=True),  # the TTHC still counts once
        _d("d", "C3", population_db_used=True),
        _d("e", "ORG", vneid_verified=True),  # not a citizen TTHC
        _d("f", "OLD", vneid_verified=True),  # abolished
    ]
    card = score(procedures=procedures, dossiers=dossiers)
    check(card, 17, 2, 3, 2 * 2 / 3)  # C2, C3 of C1-C3
    check(card, 17, 1, 2, 1.0, scope="CNTY")
    check(card, 17, 1, 1, 2.0, scope="KL")


def test_18_population_data_dossiers():
    dossiers = [
        _d("a", vneid_verified=True),
        _d("b", population_db_used=True),
        _d("c", vneid_verified=True, population_db_used=True),
        _d("d"),
        _d("e", received=IN_MAY, vneid_verified=True),
    ]
    card = score(procedures=PROCEDURES, dossiers=dossiers)
    check(card, 18, 3, 4, 1.5)  # 2 * 3/4
    assert verdicts(card, 18)["d"] == "không xác thực VNeID, không dùng CSDL dân cư"


def test_13_14_16_18_nothing_received_no_score():
    card = score(procedures=PROCEDURES, dossiers=[_d("x", received=IN_MAY)])
    for code in (13, 14, 16, 18):
        check(card, code, 0, 0, None)
