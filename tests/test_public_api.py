"""The package's public API: every name in ``kpi.__all__`` resolves, and importing ``kpi``
loads none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kpi


def test_every_public_name_resolves() -> None:
    for name in kpi.__all__:
        assert getattr(kpi, name) is not None, name
    rules = kpi.load_rules()  # params/ is read by the caller, never inside the core
    assert kpi.points(5, 18, 20, rules=rules) == 18.0  # 20 points x 90 % at a 100 % target


def test_the_core_takes_its_rules_explicitly() -> None:
    with pytest.raises(TypeError, match="rules"):
        kpi.points(5, 18, 20)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="positional"):
        kpi.points(5, 18, 20, kpi.load_rules())  # type: ignore[misc]


def test_import_kpi_is_light() -> None:
    code = "import sys, kpi; print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
