# Two commands do all the set-up: `make audit` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: audit test lint format notebooks bench bench-duckdb synth clean mutation

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(BIN)/python -m compileall -q kpi  # bytecode once (PYTHONDONTWRITEBYTECODE may be set)
	touch $(STAMP)

## Audit of the bundled sample data (the embedded default).
audit: $(STAMP)
	$(BIN)/kpi766 audit

## Lint, types, unit tests, then nbval over the committed notebooks.
test: $(STAMP)
	$(BIN)/ruff check kpi tests benchmarks
	$(BIN)/ruff format --check kpi tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
		$(BIN)/pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks/; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check kpi tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format kpi tests benchmarks
	$(BIN)/ruff check --fix kpi tests benchmarks

## Re-execute the committed notebooks on the sample data (their stored outputs are what nbval compares).
notebooks: $(STAMP)
	$(BIN)/python -m kpi.archive.build

## Mutation testing of the scoring core, rules, scorecard and ingest validation (pyproject
## [tool.mutmut]; not in CI: about an hour); prints the survivors, then the score.
mutation: $(STAMP)
	$(BIN)/pip install --quiet "mutmut>=3,<4"
	$(BIN)/mutmut run || true
	$(BIN)/mutmut results
	$(BIN)/mutmut export-cicd-stats >/dev/null
	@$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	caught = s['killed'] + s['timeout']; \
	print(f\"mutation score: {s['killed']} killed + {s['timeout']} timeouts of {s['total']} = {100 * caught / s['total']:.1f} %\")"

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

## kpi766 score against an independent DuckDB query, interleaved (issue #17; the `bench` extra).
bench-duckdb: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/duckdb_compare.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
