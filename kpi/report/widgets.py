"""ipywidgets views for explore.ipynb: thin controls around :mod:`kpi.whatif`.

Each callback only collects the controls' values and calls :func:`kpi.whatif.simulate`; the
notebook also shows :func:`default_view` as an ordinary table (what nbval compares and what an
HTML export without the widget renderer still shows).
"""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from kpi import goalseek, labels, paths, registry
from kpi.extracts import PeriodAudit, audit_period, sample_folders
from kpi.report import present
from kpi.scorecard import AGENCY
from kpi.whatif import Scenario, simulate

_MONTH = re.compile(r"^\d{4}-\d{2}$")
_STYLE = {"description_width": "initial"}  # labels shown whole, never cut
_WIDE = widgets.Layout(width="auto")


def default_view(audit: PeriodAudit, indicator: int = 5) -> pd.DataFrame:
    """The explorer's initial state: no scenario, the default parameters, indicator rows only
    for the selected indicator and the total."""
    table = simulate(audit.scorecard, Scenario(), audit.scope)
    return present.scenario_table(table[table["code"].isin([indicator, 0])])


def period_options(audit: PeriodAudit) -> list[str]:
    """Periods the explorer offers: the months with a folder beside the audit's extract, their
    quarters and years, and the audit's own period first."""
    root = paths.SAMPLE_DIR
    if audit.extract.files:
        root = Path(audit.extract.files[0]).parent.parent
    months = sorted(p.name for p in root.iterdir() if p.is_dir() and _MONTH.match(p.name))
    quarters = sorted({f"{m[:4]}-Q{(int(m[5:]) - 1) // 3 + 1}" for m in months})
    years = sorted({m[:4] for m in months})
    label = audit.scorecard.period.label
    return [label, *(p for p in [*months, *quarters, *years] if p != label)]


def explorer(audit: PeriodAudit, indicator: int = 5) -> widgets.Widget:
    """Controls (period, unit, indicator, target, maximum, zero-denominator policy, three
    what-if sliders) and an output area showing the points before and after.

    Choosing another period loads its extract folders (months beside the audit's extract).
    """
    state = {"audit": audit}
    scorecard = audit.scorecard
    unit_options = [(present.scope_name(scorecard, AGENCY), AGENCY)] + [
        (present.scope_name(scorecard, unit), unit) for unit in scorecard.unit_list
    ]
    code = widgets.Dropdown(
        options=[(present.indicator_name(i.code), i.code) for i in registry.INDICATORS],
        value=indicator,
        description=labels.INDICATOR,
    )
    scope = widgets.Dropdown(options=unit_options, value=audit.scope, description=labels.UNIT)
    period = widgets.Dropdown(options=period_options(audit), description=labels.PERIOD)
    target = widgets.IntSlider(min=5, max=100, step=5, description=labels.TARGET_PCT, style=_STYLE)
    maximum = widgets.FloatSlider(
        min=0.5, max=30, step=0.5, description=labels.MAX_POINTS, style=_STYLE
    )
    policy = widgets.Dropdown(
        options=[
            (labels.POLICY_NO_SCORE, "no_score"),
            (labels.POLICY_ZERO, "zero"),
            (labels.MAX_POINTS, "max"),
        ],
        description=labels.ZERO_DENOMINATOR_RULE,
        style=_STYLE,
    )
    on_time = widgets.IntSlider(
        min=0, max=500, description=labels.EXTRA_ON_TIME_DOSSIERS, style=_STYLE
    )
    online = widgets.FloatSlider(
        min=0, max=50, step=1, description=labels.EXTRA_ONLINE_PCT, style=_STYLE
    )
    feedback = widgets.IntSlider(
        min=0, max=50, description=labels.EXTRA_ON_TIME_FEEDBACK, style=_STYLE
    )
    extra = widgets.IntSlider(
        min=0, max=1000, description=labels.EXTRA_COUNTED_RECORDS, style=_STYLE
    )
    for control in (code, scope, period):
        control.style, control.layout = _STYLE, _WIDE
    output = widgets.Output()

    def load_period(change: object = None) -> None:
        root = Path(audit.extract.files[0]).parent.parent if audit.extract.files else None
        folders = sample_folders(period.value, root) if root else None
        state["audit"] = audit_period(period.value, folders, unit=None, rules=scorecard.rules)
        refresh()

    def load_rule(change: object = None) -> None:
        rule = scorecard.rules.rule(code.value)
        target.value, maximum.value, policy.value = (
            round(rule.target * 100),
            rule.max_points,
            rule.zero_denominator,
        )
        extra.value = 0

    def refresh(change: object = None) -> None:
        scenario = Scenario(
            extra_on_time=on_time.value,
            online_share_points=online.value,
            feedback_on_time=feedback.value,
            rule_changes={
                code.value: {
                    "target": target.value / 100,
                    "max_points": maximum.value,
                    "zero_denominator": policy.value,
                }
            },
            extra_numerator={code.value: extra.value},
        )
        table = simulate(state["audit"].scorecard, scenario, scope.value)
        output.clear_output(wait=True)
        with output:
            display(
                present.scenario_table(
                    table[(table["change"].abs() > 1e-9) | table["code"].isin([code.value, 0])]
                )
            )

    load_rule()
    code.observe(load_rule, names="value")
    period.observe(load_period, names="value")
    for control in (code, scope, target, maximum, policy, on_time, online, feedback, extra):
        control.observe(refresh, names="value")
    refresh()
    controls = widgets.VBox(
        [
            widgets.HBox([period, scope, code]),
            widgets.HBox([target, maximum, policy]),
            widgets.HBox([on_time, online, feedback]),
            widgets.HBox([extra]),
        ]
    )
    return widgets.VBox([controls, output])


def goal_seek_view(
    audit: PeriodAudit, band: str | None = None
) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """The goal-seek shown by default: what it takes to reach ``band`` (default the band just
    above the current one, else full points), as a sentence, the plan and each indicator alone
    (:func:`kpi.report.present.goal_seek_tables`)."""
    scorecard, scope = audit.scorecard, audit.scope
    band = band or goalseek.next_band(scorecard, scope)
    maximum = float(scorecard.total(scope)["max_applicable"])
    target = goalseek.target_points(scorecard, band=band, scope=scope) if band else maximum
    alone, plan = goalseek.goal_seek(scorecard, target, scope)
    now = float(scorecard.total(scope)["points"])
    goal = labels.GOAL_BAND.format(band=band) if band else labels.GOAL_FULL_POINTS
    sentence = labels.GOAL_SEEK_SENTENCE.format(
        goal=goal, target=target, now=now, needed=max(0.0, target - now)
    )
    each, steps = present.goal_seek_tables(alone, plan)
    return sentence, steps, each


def goal_seeker(audit: PeriodAudit) -> widgets.Widget:
    """Choose a band; shows :func:`goal_seek_view`'s answer for it when the choice changes
    (the notebook shows the default answer above it as ordinary tables)."""
    scorecard = audit.scorecard
    bands = sorted(scorecard.rules.bands, key=lambda b: b.min_points, reverse=True)
    choice = widgets.Dropdown(
        options=[
            (labels.BAND_OPTION.format(band=b.label), b.label) for b in bands if b.min_points > 0
        ],
        value=goalseek.next_band(scorecard, audit.scope) or bands[0].label,
        description=labels.GOAL,
        style=_STYLE,
    )
    output = widgets.Output()

    def refresh(change: object = None) -> None:
        sentence, plan, alone = goal_seek_view(audit, choice.value)
        output.clear_output(wait=True)
        with output:
            display(present.show(sentence), present.show(plan), present.show(alone))

    choice.observe(refresh, names="value")
    return widgets.VBox([choice, output])
