"""Properties of the scorecard on random small extracts (hypothesis).

Random procedures, dossiers, PAKN and announcements around June 2024 (20/4 to mid-July), with
missing and inconsistent values allowed; the period audited is June 2024.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi.columns import DOSSIER_STATUSES, TERMINAL_STATUSES
from kpi.scorecard import AGENCY
from tests.defaults import score_period
from tests.factory import tables

PERIOD = "2024-06"
END = pd.Timestamp("2024-06-30 23:59:59.999999")
AFTER = pd.Timestamp("2024-07-01 00:00")
BASE = pd.Timestamp("2024-04-20")
UNITS = ["CNTY", "KL", "TS"]
CODES = [f"P{i}" for i in range(5)]
# Dossier-based indicators: the units add up to the agency (the extracts have no national
# counts; with them #4's agency denominator is max(our total, national total), per spec).
DOSSIER_INDICATORS = (4, 5, 8, 11, 12, 13, 14, 15, 16, 18, 21)

# Each example builds and scores whole tables (~0.1 s): a few dozen keep the suite fast.
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

hours = st.integers(0, 85 * 24)  # 20/4 .. 14/7
instant = hours.map(lambda h: BASE + pd.Timedelta(hours=h))
maybe = st.one_of  # readability: maybe(st.none(), x)
later = st.integers(0, 20 * 24).map(lambda h: pd.Timedelta(hours=h))


@st.composite
def procedure(draw, code: str) -> dict:
    flags = ("has_name", "has_steps", "has_methods", "has_dossier_components",
             "has_time_limit", "has_subjects", "has_agency", "has_fee",
             "paper_result_required", "citizen_subject", "is_certification",
             "full_online_eligible")  # fmt: skip
    return {
        "procedure_code": code,
        "unit": draw(st.sampled_from(UNITS)),
        "status": draw(
            st.sampled_from(
                ["published", "published", "published_amended", "abolished", "unpublished"]
            )
        ),
        "online_level": draw(st.sampled_from(["none", "partial", "full"])),
        "online_services": draw(st.integers(0, 3)),
        "max_processing_time": draw(maybe(st.none(), st.integers(0, 10))),
        "processing_time_unit": draw(st.sampled_from(["working_day", "day", "hour"])),
        **{flag: draw(st.booleans()) for flag in flags},
    }


@st.composite
def dossier(draw, dossier_id: str, received=instant) -> dict:
    received_at = draw(maybe(st.none(), received, received, received))
    anchor = received_at if received_at is not None else BASE
    requested = draw(maybe(st.none(), later.map(lambda d: anchor + d)))
    completed = None
    if requested is not None:
        completed = draw(maybe(st.none(), later.map(lambda d: requested + d)))
    result = draw(st.booleans())
    flags = ("synced_national", "components_digitized", "reused_digitized_data",
             "from_personal_repository", "result_synced_to_repository", "vneid_verified",
             "population_db_used", "e_certified_copy", "has_feedback")  # fmt: skip
    return {
        "dossier_id": dossier_id,
        "procedure_code": draw(st.sampled_from([*CODES, "P9"])),
        "unit": draw(st.sampled_from(UNITS)),
        "received_at": received_at,
        "due_at": draw(maybe(st.none(), later.map(lambda d: anchor + d))),
        "finished_at": draw(maybe(st.none(), later.map(lambda d: anchor + d))),
        "status": draw(st.sampled_from(DOSSIER_STATUSES)),
        "supplement_count": draw(st.integers(0, 3)),
        "supplement_requested_at": requested,
        "supplement_completed_at": completed,
        "channel": draw(st.sampled_from([None, 1, 2, 3])),
        "paid_online": draw(st.integers(0, 2)),
        "fee_amount": draw(st.sampled_from([None, 0.0, 20000.0])),
        "result_code": "KQ" if result else None,
        "result_file_url": "https://kq" if result and draw(st.booleans()) else None,
        "rating": draw(st.sampled_from([None, "like", "dislike"])),
        **{flag: draw(st.booleans()) for flag in flags},
    }


@st.composite
def feedback(draw, feedback_id: str, sent=instant) -> dict:
    sent_at = draw(sent)

    def event():
        return draw(maybe(st.none(), later.map(lambda d: sent_at + d)))

    likes, dislikes = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    return {
        "feedback_id": feedback_id,
        "unit": draw(st.sampled_from(UNITS)),
        "sent_at": sent_at,
        "received_at": event(),
        "transferred_at": event(),
        "rejected_at": event(),
        "supplement_requested_at": event(),
        "answered_at": event(),
        "published_at": event(),
        "likes": likes,
        "dislikes": dislikes,
        "repeated": draw(st.booleans()),
    }


@st.composite
def announcement(draw, decided=instant) -> dict:
    decision_date = draw(decided).normalize()
    shift = st.integers(-10, 30).map(lambda d: decision_date + pd.Timedelta(days=d))
    return {
        "decision_id": draw(st.sampled_from(["QD1", "QD2", "QD3"])),
        "decision_date": decision_date,
        "change_type": "new",
        "procedure_code": draw(st.sampled_from(CODES)),
        "legal_basis_effective_date": draw(maybe(st.none(), shift)),
        "published_date": draw(maybe(st.none(), shift)),
    }


@st.composite
def extracts(draw) -> dict[str, list[dict]]:
    n_dossiers, n_feedback = draw(st.integers(0, 10)), draw(st.integers(0, 6))
    return {
        "procedures": [draw(procedure(code)) for code in CODES],
        "dossiers": [draw(dossier(f"D{i}")) for i in range(n_dossiers)],
        "feedback": [draw(feedback(f"F{i}")) for i in range(n_feedback)],
        "announcements": draw(st.lists(announcement(), max_size=6)),
    }


def _score(rows: dict[str, list[dict]]):
    return score_period(tables(**rows), PERIOD)


@SETTINGS
@given(extracts())
def test_ratios_points_and_unit_sums(rows):
    card = _score(rows)
    scored = card.indicators.dropna(subset=["ratio"])
    assert ((scored["ratio"] >= 0) & (scored["ratio"] <= 1 + 1e-12)).all()
    points = card.indicators.dropna(subset=["points"])
    assert ((points["points"] >= 0) & (points["points"] <= points["max_points"] + 1e-9)).all()
    assert (
        card.indicators["numerator"].fillna(0) <= card.indicators["denominator"].fillna(0)
    ).all()
    units = card.indicators[card.indicators["scope"] != AGENCY]
    agency = card.scope(AGENCY).set_index("code")
    for code in DOSSIER_INDICATORS:
        if agency.loc[code, "status"] == "flat":  # no counts at all (the portal's #15)
            assert units.loc[units["code"] == code, "numerator"].isna().all()
            continue
        per_unit = units[units["code"] == code]
        assert per_unit["numerator"].sum() == pytest.approx(agency.loc[code, "numerator"])
        assert per_unit["denominator"].sum() == pytest.approx(agency.loc[code, "denominator"])


@settings(SETTINGS, max_examples=20)
@given(extracts(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows, rng: random.Random):
    built = tables(**rows)
    shuffled = {
        name: frame.iloc[rng.sample(range(len(frame)), len(frame))] for name, frame in built.items()
    }
    pd.testing.assert_frame_equal(
        score_period(built, PERIOD).indicators, score_period(shuffled, PERIOD).indicators
    )


def _after_end(rows: dict[str, list[dict]], draw) -> dict[str, list[dict]]:
    """The same extract with events moved or added after the period end."""
    moved = {name: [dict(item) for item in table_rows] for name, table_rows in rows.items()}
    after = later.map(lambda d: AFTER + d)

    def unhappened(value) -> bool:
        return value is None or value > END

    for item in moved["dossiers"]:
        finished = item["status"] in TERMINAL_STATUSES and not unhappened(item["finished_at"])
        if not finished:  # in progress as of the end: finish it after the end
            item["status"] = draw(st.sampled_from(TERMINAL_STATUSES))
            item["finished_at"] = draw(after)
            item["result_code"], item["result_file_url"] = "KQ", "https://kq"
            if item["supplement_requested_at"] is not None and unhappened(
                item["supplement_completed_at"]
            ):
                item["supplement_completed_at"] = max(draw(after), item["supplement_requested_at"])
    for item in moved["feedback"]:
        for column in ("rejected_at", "answered_at", "published_at", "received_at"):
            if unhappened(item[column]):
                item[column] = draw(after)
    for item in moved["announcements"]:
        if unhappened(item["published_date"]):
            item["published_date"] = draw(after).normalize()
    july = st.integers(0, 14 * 24).map(lambda h: AFTER + pd.Timedelta(hours=h))
    moved["dossiers"] += [draw(dossier(f"N{i}", received=july)) for i in range(3)]
    moved["feedback"] += [draw(feedback(f"NF{i}", sent=july)) for i in range(2)]
    moved["announcements"] += [draw(announcement(decided=july)) for _ in range(2)]
    return moved


@settings(SETTINGS, max_examples=20)
@given(extracts(), st.data())
def test_events_after_the_period_end_change_nothing(rows, data):
    moved = _after_end(rows, data.draw)
    pd.testing.assert_frame_equal(_score(rows).indicators, _score(moved).indicators)
