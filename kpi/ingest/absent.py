"""Optional columns absent from a file: which indicators they feed, and the default taken.

A file without an optional column is still read: every row gets the column's default
(:func:`kpi.ingest.finalize.finalize`). That default can move a score (no ``due_at`` makes
every dossier without a maximum processing time late; no ``result_code`` leaves #12 at 0), so
each absent column that an indicator reads is a finding on the file's header row, naming the
indicators and the default. Columns no indicator reads are not reported.
"""

from __future__ import annotations

import pandas as pd

from kpi.columns import TABLES, Column
from kpi.ingest import messages

# Table → optional column → the indicators (kpi.registry codes) whose rules read it, under
# either scoring profile. Kept next to the rules' docstrings; tests/test_ingest_absent.py checks
# every name against kpi.columns and every code against the registry.
INDICATORS_OF: dict[str, dict[str, tuple[int, ...]]] = {
    "procedures": {
        "online_level": (6, 7),
        "online_services": (7,),
        "has_fee": (9, 10, 11),
        "paper_result_required": (8, 12, 13),
        "citizen_subject": (17,),
        "is_certification": (15,),
        "max_processing_time": (5,),
        "processing_time_unit": (5,),
        "has_name": (3,),
        "has_steps": (3,),
        "has_methods": (3,),
        "has_dossier_components": (3,),
        "has_time_limit": (3,),
        "has_subjects": (3,),
        "has_agency": (3,),
    },
    "announcements": {"legal_basis_effective_date": (1,), "published_date": (2,)},
    "dossiers": {
        "due_at": (5,),
        "finished_at": (5, 12),
        "supplement_count": (5,),
        "supplement_requested_at": (5,),
        "supplement_completed_at": (5,),
        "channel": (7, 8),
        "synced_national": (4,),
        "paid_online": (9, 11),
        "fee_amount": (10, 11),
        "result_code": (12,),
        "result_file_url": (12,),
        "components_digitized": (13,),
        "reused_digitized_data": (14,),
        "e_certified_copy": (15,),
        "from_personal_repository": (16,),
        "result_synced_to_repository": (16,),
        "vneid_verified": (18,),
        "population_db_used": (18,),
        "rating": (21,),
        "has_feedback": (21,),
    },
    "feedback": {
        "received_at": (19,),
        "transferred_at": (19,),
        "rejected_at": (19,),
        "supplement_requested_at": (19,),
        "answered_at": (19,),
        "published_at": (19,),
        "likes": (20,),
        "dislikes": (20,),
        "repeated": (20,),
    },
}


def default_text(table: str, col: Column) -> str:
    """The default an absent column takes, in Vietnamese."""
    if table == "procedures" and col.name == "online_services":
        return messages.DEFAULT_ONLINE_SERVICES
    if col.name == "channel":
        return messages.DEFAULT_CHANNEL
    if col.kind == "bool":
        return messages.DEFAULT_TRUE if col.default else messages.DEFAULT_FALSE
    if col.kind == "int" and col.default is not None:
        return messages.DEFAULT_NUMBER.format(value=col.default)
    if col.kind == "choice" and col.default is not None:
        return messages.DEFAULT_CHOICE.format(value=col.default)
    if col.kind == "datetime":
        return messages.DEFAULT_NO_DATE
    return messages.DEFAULT_EMPTY


def absent_findings(
    table: str, present: set[str], selected: list[str], header_row: int
) -> pd.DataFrame:
    """Findings (row, column, value, reason) for the columns of ``INDICATORS_OF[table]`` among
    ``selected`` that the file lacks (not in ``present``), on the header row."""
    rows = []
    for col in TABLES[table]:
        codes = INDICATORS_OF.get(table, {}).get(col.name)
        if codes is None or col.name in present or col.name not in selected:
            continue
        reason = messages.ABSENT_COLUMN.format(
            label=col.label,
            column=col.name,
            indicators=", ".join(f"#{code}" for code in codes),
            default=default_text(table, col),
        )
        rows.append((header_row, col.name, "", reason))
    return pd.DataFrame(rows, columns=["row", "column", "value", "reason"])
