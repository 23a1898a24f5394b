# Set-up, run, test and benchmark. Every target builds .venv itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint sample clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## run: install, build the sample project if missing, open it in the window as amira (labels shown)
run: $(STAMP)
	$(PY) -m annotator gui "$$($(PY) -m annotator sample --print-path)" --annotator amira

## test: install and run the whole test suite (GUI tests run offscreen)
test: $(STAMP)
	$(PY) -m ruff check annotator tests
	$(PY) -m pytest -q

## bench: speed and memory benchmarks, one JSON line per figure
bench: $(STAMP)
	@for f in tests/bench/bench_*.py; do $(PY) $$f || exit 1; done

lint: $(STAMP)
	$(PY) -m ruff check annotator tests
	$(PY) -m ruff format --check annotator tests

sample: $(STAMP)
	$(PY) -m annotator sample

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
