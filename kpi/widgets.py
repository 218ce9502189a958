"""ipywidgets views for explore.ipynb: thin controls around :mod:`kpi.whatif`.

Each callback only collects the controls' values and calls :func:`kpi.whatif.simulate`; the
notebook also shows :func:`default_view` as an ordinary table (what nbval compares and what an
HTML export without the widget renderer still shows).
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from kpi import present, registry
from kpi.extracts import PeriodAudit
from kpi.scorecard import AGENCY
from kpi.whatif import Scenario, simulate


def default_view(audit: PeriodAudit, indicator: int = 5) -> pd.DataFrame:
    """The explorer's initial state: no scenario, the default parameters, indicator rows only
    for the selected indicator and the total."""
    table = simulate(audit.scorecard, Scenario(), audit.scope)
    return present.scenario_table(table[table["code"].isin([indicator, 0])])


def explorer(audit: PeriodAudit, indicator: int = 5) -> widgets.Widget:
    """Controls (unit, indicator, target, maximum, zero-denominator policy, three what-if
    sliders) and an output area showing the points before and after."""
    scorecard = audit.scorecard
    unit_options = [(present.scope_name(scorecard, AGENCY), AGENCY)] + [
        (present.scope_name(scorecard, unit), unit) for unit in scorecard.unit_list
    ]
    code = widgets.Dropdown(
        options=[(present.indicator_name(i.code), i.code) for i in registry.INDICATORS],
        value=indicator, description="Chỉ số",
    )  # fmt: skip
    scope = widgets.Dropdown(options=unit_options, value=audit.scope, description="Đơn vị")
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
        table = simulate(scorecard, scenario, scope.value)
        output.clear_output(wait=True)
        with output:
            display(present.scenario_table(table[(table["change"].abs() > 1e-9)
                                                   | table["code"].isin([code.value, 0])]))  # fmt: skip

    load_rule()
    code.observe(load_rule, names="value")
    for control in (code, scope, target, maximum, policy, on_time, online, feedback):
        control.observe(refresh, names="value")
    refresh()
    controls = widgets.VBox([
        widgets.HBox([scope, code]), widgets.HBox([target, maximum, policy]),
        widgets.HBox([on_time, online, feedback]),
    ])  # fmt: skip
    return widgets.VBox([controls, output])
