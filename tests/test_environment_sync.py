"""environment.yml (for conda users) lists the same runtime dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import yaml

from kpi import paths


def _normalise(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", requirement.strip()).groups()
    return re.sub(r"\[.*\]", "", name).lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_mirrors_pyproject_runtime_dependencies():
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))
    environment = yaml.safe_load((paths.PROJECT_ROOT / "environment.yml").read_text("utf-8"))
    pip_deps = dict(_normalise(item) for item in project["project"]["dependencies"])
    conda_deps = dict(
        _normalise(item)
        for item in environment["dependencies"]
        if isinstance(item, str) and not item.startswith(("python", "pip"))
    )
    assert conda_deps == pip_deps
