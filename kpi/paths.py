"""Folder constants anchored at the package, never at the current directory."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PARAMS_DIR = PROJECT_ROOT / "params"
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_DIR = DATA_DIR / "sample"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"

SCORING_FILE = PARAMS_DIR / "scoring.yaml"
UNITS_FILE = PARAMS_DIR / "units.yaml"
CALENDAR_FILE = PARAMS_DIR / "calendar.yaml"
MAPPING_FILE = PARAMS_DIR / "mapping.yaml"
