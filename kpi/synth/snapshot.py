"""As-of snapshots: what the source system would export at a given instant.

Every field is as of the export time: a dossier finished later shows its in-progress status,
blank ``finished_at`` and no electronic result; a supplement completed later is blank; a
procedure announced later is absent; a publication later is blank.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.columns import names
from kpi.synth.dossiers import FINAL, NAT, UNITS, Arrays

HOUR = np.timedelta64(3600, "s")
SYNC_LAG_HOURS = 60  # a dossier reaches the portal 1-60 hours after receipt (the sync log)
SYNC_RETRY_EVERY, SYNC_RETRY_DAYS = 53, 10  # one dossier in 53 fails and syncs 10 days later


def export_time(period: str, day: int, hour: int) -> np.datetime64:
    """Export instant of the extract of ``period`` (``YYYY-MM``): ``day``/next month ``hour``:00."""
    next_month = np.datetime64(period, "M") + 1
    return next_month.astype("datetime64[D]") + np.timedelta64(day - 1, "D") + hour * HOUR


def in_window(hist: Arrays, start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """Dossiers an extract of ``[start, end)`` contains: received or submitted in it, or carried
    over (received before ``start`` and not finished before ``start``)."""
    received, submitted = hist["received"], hist["submitted"]
    inside = (received >= start) & (received < end)
    inside |= (submitted >= start) & (submitted < end)
    carried = (received < start) & (hist["finished"] >= start)
    return inside | carried


def _before(times: np.ndarray, at: np.datetime64) -> np.ndarray:
    return ~np.isnat(times) & (times <= at)


def _blank(times: np.ndarray, at: np.datetime64) -> np.ndarray:
    return np.where(_before(times, at), times, NAT)


def dossier_ids(hist: Arrays) -> pd.Series:
    """``SNN-YYMM-000123``: month of receipt and sequence number (at least 6 digits)."""
    ym = pd.Series(hist["ym"]).astype("str")
    seq = pd.Series(hist["seq"]).astype("str").str.zfill(6)
    return "SNN-" + ym + "-" + seq


def dossiers_as_of(hist: Arrays, catalogue: pd.DataFrame, at: np.datetime64) -> pd.DataFrame:
    """Canonical ``dossiers`` rows of ``hist`` as the source system shows them at ``at``."""
    n = hist["seq"].size
    received = _before(hist["received"], at)
    finished = _before(hist["finished"], at)
    req1, req2 = _blank(hist["req1"], at), _blank(hist["req2"], at)
    comp1, comp2 = _blank(hist["comp1"], at), _blank(hist["comp2"], at)
    has_req2 = ~np.isnat(req2)
    last_req = np.where(has_req2, req2, req1)
    last_comp = np.where(has_req2, comp2, comp1)
    waiting = ~np.isnat(last_req) & np.isnat(last_comp)
    final = np.array(FINAL)[hist["final"]]
    young = (at - hist["received"]) < 48 * HOUR  # not yet assigned to a handler
    status = np.where(waiting, "supplement_requested", np.where(young, "received", "processing"))
    status = np.where(finished, final, status)
    status = np.where(received, status, "submitted")
    ids = dossier_ids(hist)
    code = catalogue["procedure_code"].to_numpy()[hist["proc"]]
    result_code = finished & hist["result_code"]
    result_file = finished & hist["result_file"]
    channel = pd.array(hist["channel"], dtype="Int8")
    channel[hist["channel"] == 0] = pd.NA
    rating = np.array([None, "like", "dislike"], dtype=object)[
        np.where(finished, hist["rating"], 0)
    ]
    # A deterministic lag (no random draw: the other columns keep their values for a seed).
    seq = hist["seq"].astype(np.int64)
    lag = (1 + (seq * 37 + hist["ym"]) % SYNC_LAG_HOURS) * HOUR
    lag = lag + np.where(seq % SYNC_RETRY_EVERY == 0, SYNC_RETRY_DAYS * 24, 0) * HOUR
    synced_at = hist["received"] + lag
    synced = hist["synced"] & received & (synced_at <= at)  # a later sync has not happened yet
    synced_at = np.where(synced, synced_at, NAT)
    frame = pd.DataFrame(
        {
            "dossier_id": ids.to_numpy(),
            "procedure_code": code,
            "unit": np.array(UNITS)[hist["unit"]],
            "submitted_at": hist["submitted"],
            "received_at": np.where(received, hist["received"], NAT),
            "due_at": np.where(received, hist["due"], NAT),
            "finished_at": np.where(finished, hist["finished"], NAT),
            "status": status,
            "supplement_count": (~np.isnat(req1)).astype(np.int64) + has_req2,
            "supplement_requested_at": last_req,
            "supplement_completed_at": last_comp,
            "channel": channel,
            "synced_national": synced,
            "synced_at": synced_at,
            "paid_online": hist["paid"].astype(np.int64),
            "fee_amount": hist["fee"],
            "result_code": pd.Series(
                np.where(result_code, "KQ-" + ids.str.slice(4), None), dtype="str"
            ).to_numpy(),
            "result_file_url": pd.Series(
                np.where(result_file, "https://dvc.snn.example.vn/kq/" + ids + ".pdf", None),
                dtype="str",
            ).to_numpy(),
            "components_digitized": hist["digitized"],
            "reused_digitized_data": hist["reused"],
            "from_personal_repository": hist["personal_repo"],
            "result_synced_to_repository": hist["result_to_repo"] & finished,
            "vneid_verified": hist["vneid"],
            "population_db_used": hist["popdb"],
            "e_certified_copy": hist["ecert"] & finished,
            "rating": pd.Series(rating, dtype="str").to_numpy(),
            "has_feedback": hist["has_feedback"],
        },
        index=np.arange(n),
    )
    for name in ("procedure_code", "unit", "status", "dossier_id"):
        frame[name] = frame[name].astype("str")
    return frame[names("dossiers")]


def procedures_as_of(
    catalogue: pd.DataFrame, events: pd.DataFrame, at: np.datetime64
) -> pd.DataFrame:
    """Canonical ``procedures`` rows of the catalogue as of ``at``."""
    introduced = events["introduced_at"].to_numpy()
    present = np.isnat(introduced) | (introduced <= at)
    is_new = ~np.isnat(introduced)
    status = catalogue["_static_status"].to_numpy().copy()
    status = np.where(_before(events["amended_at"].to_numpy(), at), "published_amended", status)
    published_new = _before(events["active_from"].to_numpy(), at)
    status = np.where(is_new, np.where(published_new, "published", "unpublished"), status)
    status = np.where(_before(events["abolished_at"].to_numpy(), at), "abolished", status)
    frame = catalogue.assign(status=status)[present]
    return frame[names("procedures")].reset_index(drop=True)


def announcements_as_of(announcements: pd.DataFrame, at: np.datetime64) -> pd.DataFrame:
    """Decisions signed by ``at``, with publications after ``at`` blanked."""
    frame = announcements[announcements["decision_date"] <= at].copy()
    frame["published_date"] = frame["published_date"].where(frame["published_date"] <= at)
    return frame[names("announcements")].reset_index(drop=True)
