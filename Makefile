# tanhe: the two set-up commands of the README are `make demo` and `make test`; both install
# what they need into .venv on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-national bench-portal fuzz mutants clean

$(STAMP): pyproject.toml tools/setup-system.sh
	bash tools/setup-system.sh
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tanhe demo --out reports

lint: $(STAMP)
	$(BIN)/ruff check accounting tests tools
	$(BIN)/ruff format --check accounting tests tools
	$(BIN)/mypy
	$(BIN)/mypy tests/benchmarks  # the benchmarks follow the package's API, checked on every change

test: lint
	$(BIN)/pytest

# property-based fuzzing at a large budget (make test runs the same properties at 40 examples each)
fuzz: $(STAMP)
	TANHE_FUZZ=fuzz $(BIN)/pytest tests/test_fuzz.py -p no:cacheprovider
	$(BIN)/python tools/hostile_run.py --mutants 600 --seed 21

# mutation testing, one campaign of tools/campaigns.toml in a checkout of its own; slow, not part of
# `make test`: make mutants CAMPAIGN=prepare [SURVIVORS=1] (README, Mutation testing)
CAMPAIGN ?= targets
mutants: $(STAMP)
	$(BIN)/pip install --quiet 'mutmut>=3.3'
	$(BIN)/python tools/mutants.py $(CAMPAIGN) $(if $(SURVIVORS),--survivors)

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_calc.py
	$(BIN)/python tests/benchmarks/bench_reports.py
	$(BIN)/python tests/benchmarks/bench_store.py
	$(BIN)/python tests/benchmarks/bench_start.py
	$(BIN)/python tests/benchmarks/bench_portal.py  # (h) the portal: 50 concurrent uploads, a dashboard of 10 000
	$(BIN)/python tests/benchmarks/bench_national.py  # (g) 100 000 enterprises, SQLite and PostgreSQL: ~40 min

# (g) alone
bench-national: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_national.py

# (h) alone
bench-portal: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_portal.py

clean:
	rm -rf $(VENV) reports/demo reports/bench
