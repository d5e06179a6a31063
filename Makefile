# One command each, on a fresh machine: `make run` (repair the samples) and `make test`.
# Both create .venv and install the project with its extras (the model, the test tools, Ray); torch==2.13.0 (a CPU
# wheel on this machine) is installed first, since a bare "torch" pulls a CUDA build.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
EXTRAS ?= test,model,ray
STAMP   = $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77'  # >=77 builds the wheel offline (tests/test_install.py)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	rm -f $(VENV)/.installed-*
	touch $@

run: install
	@echo "== repair check samples/"
	-$(BIN)/repair check samples/
	@echo "== repair fix --diff samples/ (safe fixes)"
	-$(BIN)/repair fix --diff samples/
	@echo "== repair fix --out-dir out/samples samples/ (corrected copies; samples/ untouched)"
	-$(BIN)/repair fix --out-dir out/samples samples/

LINTED = repair tests benchmarks scripts

test: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'  # codespell and typos, for benchmarks/versus.py
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
