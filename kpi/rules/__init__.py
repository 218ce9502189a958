"""The rule of each of the 21 indicators: a pure function ``Context -> Judgement``."""

from __future__ import annotations

from collections.abc import Callable

from kpi.rules import digitisation, online, processing, publication, satisfaction
from kpi.rules.context import Context
from kpi.rules.judgement import Judgement

RULES: dict[int, Callable[[Context], Judgement]] = {
    1: publication.announced_on_time,
    2: publication.published_on_time,
    3: publication.published_complete,
    4: publication.synced_national,
    5: processing.on_time,
    6: online.online_procedures,
    7: online.online_services_used,
    8: online.submitted_online,
    9: online.procedures_paid_online,
    10: online.fees_integrated,
    11: online.dossiers_paid_online,
    12: digitisation.electronic_results,
    13: digitisation.digitised,
    14: digitisation.reused_data,
    15: digitisation.e_certified_copies,
    16: digitisation.personal_repository,
    17: digitisation.population_data_procedures,
    18: digitisation.population_data_dossiers,
    19: satisfaction.feedback_on_time,
    20: satisfaction.feedback_satisfaction,
    21: processing.dossier_satisfaction,
}

__all__ = ["RULES", "Context", "Judgement"]
