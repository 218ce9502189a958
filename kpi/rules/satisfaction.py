"""Group V: PAKN (phản ánh, kiến nghị) handled on time (#19) and satisfaction with it (#20)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi import labels
from kpi.rules.context import Context
from kpi.rules.judgement import Judgement, verdict

FEEDBACK_REASONS = (
    "",
    labels.REJECTED_LATE_DAYS,
    labels.INFO_REQUESTED_LATE_DAYS,
    labels.ANSWERED_LATE_DAYS,
    labels.ANSWER_PUBLISHED_LATE_DAYS,
    labels.UNHANDLED_OVERDUE_DAYS,
)


@dataclass
class FeedbackTimeliness:
    """Per PAKN of the feedback table: the population of #19 and why a PAKN is late."""

    population: np.ndarray
    reason: np.ndarray
    detail: np.ndarray


def feedback_timeliness(ctx: Context) -> FeedbackTimeliness:
    """Decide which PAKN are handled on time (#19), as of ``ctx.as_of``.

    The reference date is ``transferred_at`` when present, else ``sent_at``; every comparison
    is by calendar day against a deadline in working days from it (``rules.feedback_*_wd``).
    The closing instant as of the as-of instant: ``rejected_at`` when rejected; else, when
    answered, ``published_at`` (none yet: still open); else ``supplement_requested_at``.
    Population: PAKN whose reference date is not after the as-of instant and not closed before
    the period start. Computed once per context (#19 and #20 share it).
    """
    return ctx.shared("feedback_timeliness", lambda: _feedback_timeliness(ctx))  # type: ignore[return-value]


def _feedback_timeliness(ctx: Context) -> FeedbackTimeliness:
    feedback = ctx.tables["feedback"]
    options = ctx.rules.rules
    reference_at = feedback["transferred_at"].fillna(feedback["sent_at"])
    reference = reference_at.dt.normalize()
    rejected = ctx.happened(feedback["rejected_at"])
    answered = ~rejected & ctx.happened(feedback["answered_at"])
    published = answered & ctx.happened(feedback["published_at"])
    supplement = ~rejected & ~answered & ctx.happened(feedback["supplement_requested_at"])
    closing = (
        feedback["rejected_at"]
        .where(rejected)
        .fillna(feedback["published_at"].where(published))
        .fillna(feedback["supplement_requested_at"].where(supplement))
    )
    closed_before = closing.notna().to_numpy() & (closing.to_numpy("datetime64[us]") < ctx.start)
    population = ctx.happened(reference_at) & ~closed_before

    def deadline(days: int, start: pd.Series = reference) -> pd.Series:
        return ctx.calendar.add(start, days)

    def day(column: str) -> pd.Series:
        return feedback[column].dt.normalize()

    as_of_day = pd.Series(ctx.as_of_day, index=feedback.index).astype(reference.dtype)
    answered_day = day("answered_at")
    publish_deadline = deadline(options.feedback_publish_wd, answered_day)
    publication_day = day("published_at").where(published, as_of_day)
    open_ = ~rejected & ~answered & ~supplement
    checks = [  # (applies, acted on day, deadline, reason code)
        (rejected, day("rejected_at"), deadline(options.feedback_reject_wd), 1),
        (supplement, day("supplement_requested_at"), deadline(options.feedback_supplement_wd), 2),
        (answered, answered_day, deadline(options.feedback_answer_wd), 3),
        (answered, publication_day, publish_deadline, 4),
        (open_, as_of_day, deadline(options.feedback_answer_wd), 5),
    ]
    failures: list[tuple[np.ndarray, int]] = []
    detail = np.zeros(len(feedback))
    for applies, acted, due, code in reversed(checks):
        late = applies & (acted > due).fillna(False).to_numpy(bool)
        days = ctx.calendar.count(due, acted).to_numpy("float64", na_value=0)
        detail = np.where(late, days, detail)
        failures.insert(0, (late, code))
    return FeedbackTimeliness(population, verdict(*failures), detail)


def feedback_on_time(ctx: Context) -> Judgement:
    """#19 Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn (see :func:`feedback_timeliness`)."""
    result = feedback_timeliness(ctx)
    return Judgement(
        19,
        ctx.tables["feedback"],
        "feedback_id",
        result.population,
        result.reason,
        FEEDBACK_REASONS,
        result.detail,
    )


def feedback_satisfaction(ctx: Context) -> Judgement:
    """#20 Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị.

    Population: PAKN whose first ``received_at`` is in the period. Counted: all of them except
    those with ``dislikes > likes``, late by #19's rule, or ``repeated`` (each subtracted once,
    with the first reason in that order).
    """
    feedback = ctx.tables["feedback"]
    late = feedback_timeliness(ctx).reason != 0
    disliked = (feedback["dislikes"] > feedback["likes"]).to_numpy()
    reason = verdict((disliked, 1), (late, 2), (feedback["repeated"].to_numpy(bool), 3))
    reasons = (
        "",
        labels.MORE_UNSATISFIED_THAN_SATISFIED,
        labels.HANDLED_LATE,
        labels.COMPLAINED_AGAIN,
    )
    return Judgement(
        20, feedback, "feedback_id", ctx.in_period(feedback["received_at"]), reason, reasons
    )
