"""Shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from kpi import whatif
from kpi.params import ScoringRules, load_rules

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests build the holiday cache afresh instead of reading the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KPI766_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def rules() -> ScoringRules:
    """The default scoring rules of params/scoring.yaml."""
    return load_rules()


def rules_with(**indicator_changes: dict) -> ScoringRules:
    """Default rules with some indicators' fields replaced, e.g. ``rules_with(**{"5": {...}})``."""
    return whatif.rules_with(
        load_rules(), {int(code): change for code, change in indicator_changes.items()}
    )


# Hypothesis: derandomised, so that a run (CI or not) tries the same examples every time and a
# failure is reproducible. The profile is loaded whatever the environment, since `make test`
# (what CI runs) sets nothing; HYPOTHESIS_PROFILE=explore gives random examples for a local
# search. Settings objects in test modules (max_examples, deadline...) inherit the rest.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
