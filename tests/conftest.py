"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi.params import ScoringRules, load_rules

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def rules() -> ScoringRules:
    """The default scoring rules of params/scoring.yaml."""
    return load_rules()


def rules_with(**indicator_changes: dict) -> ScoringRules:
    """Default rules with some indicators' fields replaced, e.g. ``rules_with(**{"5": {...}})``."""
    data = load_rules().model_dump()
    for code, change in indicator_changes.items():
        data["indicators"][int(code)].update(change)
    return ScoringRules.model_validate(data)
