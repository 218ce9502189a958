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

from kpi import paths, present, registry
from kpi.extracts import PeriodAudit, audit_period, sample_folders
from kpi.scorecard import AGENCY
from kpi.whatif import Scenario, simulate

_MONTH = re.compile(r"^\d{4}-\d{2}$")


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
        value=indicator, description="Chỉ số",
    )  # fmt: skip
    scope = widgets.Dropdown(options=unit_options, value=audit.scope, description="Đơn vị")
    period = widgets.Dropdown(options=period_options(audit), description="Kỳ")
    target = widgets.FloatSlider(min=0.05, max=1.0, step=0.05, description="Chỉ tiêu")
    maximum = widgets.FloatSlider(min=0.5, max=30, step=0.5, description="Điểm tối đa")
    policy = widgets.Dropdown(
        options=[("Không chấm điểm", "no_score"), ("0 điểm", "zero"), ("Điểm tối đa", "max")],
        description="Mẫu số 0",
    )
    on_time = widgets.IntSlider(min=0, max=500, description="+ HS đúng hạn")
    online = widgets.FloatSlider(min=0, max=50, step=1, description="+ % trực tuyến")
    feedback = widgets.IntSlider(min=0, max=50, description="+ PAKN đúng hạn")
    output = widgets.Output()

    def load_period(change: object = None) -> None:
        root = Path(audit.extract.files[0]).parent.parent if audit.extract.files else None
        folders = sample_folders(period.value, root) if root else None
        state["audit"] = audit_period(period.value, folders, unit=None, rules=scorecard.rules)
        refresh()

    def load_rule(change: object = None) -> None:
        rule = scorecard.rules.rule(code.value)
        target.value, maximum.value, policy.value = (
            rule.target,
            rule.max_points,
            rule.zero_denominator,
        )

    def refresh(change: object = None) -> None:
        scenario = Scenario(
            extra_on_time=on_time.value,
            online_share_points=online.value,
            feedback_on_time=feedback.value,
            rule_changes={code.value: {"target": target.value, "max_points": maximum.value,
                                       "zero_denominator": policy.value}},
        )  # fmt: skip
        table = simulate(state["audit"].scorecard, scenario, scope.value)
        output.clear_output(wait=True)
        with output:
            display(present.scenario_table(table[(table["change"].abs() > 1e-9)
                                                   | table["code"].isin([code.value, 0])]))  # fmt: skip

    load_rule()
    code.observe(load_rule, names="value")
    period.observe(load_period, names="value")
    for control in (code, scope, target, maximum, policy, on_time, online, feedback):
        control.observe(refresh, names="value")
    refresh()
    controls = widgets.VBox([
        widgets.HBox([period, scope, code]), widgets.HBox([target, maximum, policy]),
        widgets.HBox([on_time, online, feedback]),
    ])  # fmt: skip
    return widgets.VBox([controls, output])
