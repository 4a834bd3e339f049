# Marsad — the two commands: `make report` and `make test`.
# Both create .venv (if needed) from requirements.lock and install marsad in editable mode.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CORPUS   ?= seeds
METADATA ?=
# input columns by role when their names are not the usual ones, e.g. COLUMNS=text:النص,id:المعرف
COLUMNS  ?=
# a CSV of your own entities (gazetteer columns, status=reject to reject one): GAZETTEER=my.csv
GAZETTEER ?=
# the metadata column whose groups notebooks 02-03 compare (outlets by default): GROUP_BY=author
GROUP_BY ?= source
OUT      ?= output
# HTML goes to reports/ for the default run, to <OUT>/reports otherwise.
REPORTS  ?= $(if $(filter output,$(OUT)),reports,$(OUT)/reports)
ENGINE   ?= local
# dask scheduler address for ENGINE=dask (empty: $$MARSAD_SCHEDULER, else two local workers)
SCHEDULER ?=
# boilerplate learned per source (marsad.boilerplate): empty = learn from the corpus, 0 = only
# the packaged rules, a path = that learned_rules.csv (e.g. one you kept and edited from OUT)
LEARN    ?=

export PYTHONHASHSEED := 0

.PHONY: report test unit notebooks lint venv clean eval

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
		--columns "$(COLUMNS)" --gazetteer "$(GAZETTEER)" --out "$(OUT)" --reports "$(REPORTS)" \
		--engine "$(ENGINE)" --scheduler "$(SCHEDULER)" --learn "$(LEARN)" --group-by "$(GROUP_BY)"

## Unit tests, then the notebooks under nbval (strict: committed outputs are the expectation).
test: $(STAMP)
	$(BIN)/ruff check lib tests notebooks benchmarks
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

## Events scored against the dev gold (tests/data/events_gold_dev.csv, issue 15): reads the
## articles from ../shared/corpora. SPLIT=tune (default; tune rules on it), heldout (the README's
## numbers) or all; DETAILS=file.csv writes every pair, miss and false positive.
SPLIT   ?= tune
DETAILS ?=

eval: $(STAMP)
	@test -f ../shared/corpora/ant-2018/articles.jsonl.gz \
		-a -f ../shared/corpora/saudinewsnet-2015-dev/articles.jsonl.gz || { \
		echo "make eval reads the gold's articles from ../shared/corpora (ant-2018 and"; \
		echo "saudinewsnet-2015-dev), which are not here."; exit 2; }
	$(BIN)/python -m marsad.events.evaluate --split "$(SPLIT)" $(if $(DETAILS),--details "$(DETAILS)")

lint: $(STAMP)
	$(BIN)/ruff check lib tests notebooks benchmarks

clean:
	rm -rf output reports .pytest_cache

## Benchmark (issue 6): time every stage, the whole pipeline, a doubled corpus and one article of
## 0.5 to 4 MB (issue 12), compare with CAMeL Tools, PyArabic and scikit-learn; print a table and
## write $(OUT)/bench.json.
## `make bench` reads the 2018 corpus in ../shared; `make bench CORPUS=path` another one;
## BENCH_ARGS passes options, e.g. BENCH_ARGS="--limit 2000 --skip-doubling --skip-article".
## The baselines live in their own venv, .venv-bench, never in .venv / requirements.lock.
BENCH_VENV   := .venv-bench
BENCH_BIN    := $(BENCH_VENV)/bin
BENCH_STAMP  := $(BENCH_VENV)/.installed
BENCH_CORPUS := $(if $(filter command line environment,$(origin CORPUS)),$(CORPUS),../shared/corpora/ant-2018/articles.jsonl.gz)
# camel-tools goes in with --no-deps: its declared requirements pull torch, transformers and
# CUDA wheels; its normalizers need only six and emoji (pinned in requirements-bench.lock).
CAMEL_TOOLS  := camel-tools==1.6.0

.PHONY: bench

$(BENCH_STAMP): requirements.lock requirements-bench.lock pyproject.toml
	@test -x $(BENCH_BIN)/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BENCH_BIN)/python -m pip install --quiet --disable-pip-version-check \
		-r requirements.lock -r requirements-bench.lock
	$(BENCH_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $(CAMEL_TOOLS)
	$(BENCH_BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

bench: $(BENCH_STAMP)
	TQDM_DISABLE=1 $(BENCH_BIN)/python benchmarks/bench.py --corpus "$(BENCH_CORPUS)" \
		--out "$(OUT)/bench.json" $(BENCH_ARGS)
