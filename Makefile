# Marsad — the two commands: `make report` and `make test`.
# Both create .venv (if needed) from requirements.lock and install marsad in editable mode.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CORPUS   ?= seeds
METADATA ?=
OUT      ?= output
# HTML goes to reports/ for the default run, to <OUT>/reports otherwise.
REPORTS  ?= $(if $(filter output,$(OUT)),reports,$(OUT)/reports)
ENGINE   ?= local

export PYTHONHASHSEED := 0

.PHONY: report test unit notebooks lint venv clean

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

## Execute every notebook on CORPUS (default: seeds/), write CSVs to OUT and HTML to REPORTS.
report: $(STAMP)
	$(BIN)/python -m marsad.report --corpus "$(CORPUS)" --metadata "$(METADATA)" \
		--out "$(OUT)" --reports "$(REPORTS)" --engine "$(ENGINE)"

## Unit tests, then the notebooks under nbval (strict: committed outputs are the expectation).
test: $(STAMP)
	$(BIN)/ruff check lib tests notebooks
	TQDM_DISABLE=1 $(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env \
		--nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider

unit: $(STAMP)
	TQDM_DISABLE=1 $(BIN)/python -m pytest tests -q

## Re-execute the tracked notebooks in place on seeds/ to refresh their checked outputs
## (review the diff before committing).
notebooks: $(STAMP)
	cd notebooks && for nb in [0-9][0-9]-*.ipynb; do \
		TQDM_DISABLE=1 ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.timeout=1200 "$$nb" || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check lib tests notebooks

clean:
	rm -rf output reports .pytest_cache
