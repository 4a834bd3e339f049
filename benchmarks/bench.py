"""How fast, and how big: the pipeline stage by stage, the whole pipeline, and the peers.

``make bench [CORPUS=…]`` (default corpus ``../shared/corpora/ant-2018/articles.jsonl.gz``) runs
``python benchmarks/bench.py`` in its own venv ``.venv-bench``, the only place where the baseline
packages (CAMeL Tools, scikit-learn) are installed: they never enter the analyst's install.

What is measured
----------------
Each measurement runs in a fresh process (``multiprocessing``, spawn), so its peak memory
(``ru_maxrss`` of that process) is its own. The clock runs around the stage call only; the
stage's input (the raw or cleaned articles, handed over as a pickle) is read and the modules
are imported before; data a stage loads on first use (gazetteer, lexicon) is timed. Stages:

``load``            :func:`marsad.corpus.load_corpus` of the corpus path
``clean``           :func:`marsad.clean.clean_corpus` of the loaded articles
``normalize``       :func:`marsad.normalize.normalize` over the cleaned bodies (``text_clean``)
``tokenize+count``  :func:`marsad.terms.with_terms` then :func:`~marsad.keywords.frequencies`
``ngrams``          :func:`marsad.keywords.ngrams` with ``(2, 3)``
``cooccur``         :func:`marsad.cooccur.build` (sentence units, entities)
``events``          :func:`marsad.events.extract_events` then :func:`~marsad.events.merge_timeline`

``pipeline`` is ``marsad.engine.run(corpus, engine="stream")`` in one process when
:mod:`marsad.engine` exists, else the sum of the stage times (peak: the largest stage peak).
``doubling`` runs the same pipeline over the corpus written twice (the copies' ids suffixed)
into a temporary JSONL.gz and reports the time ratio doubled / single: ≈ 2 is linear.

``article`` does the same for the length of ONE article (people feed whole dumps or books as one
file): the cleaned texts of the corpus, in a fixed shuffled order (the 2018 corpus is sorted by
outlet), joined by blank lines into one ``.txt`` article of :data:`ARTICLE_MB` megabytes (UTF-8;
each size a prefix of the next). Every stage and the whole pipeline (``engine="local"``, as the
notebooks run it) are timed on each, after an untimed run on a small article in the same process
(data loaded on first use would otherwise hide how the time grows), and the ratio of the CPU
seconds of each doubling is reported (≈ 2 is linear; CPU time, which other work on a busy machine
disturbs less than the clock). The articles are written in a child process: this process stays
small, and on Linux the processes it starts count its size in their peak memory.
``--skip-article`` leaves it out.

Baselines, on the same texts (each also in its own process; a missing package is a table row
saying so, not a crash):

* CAMeL Tools: ``normalize_unicode`` → ``normalize_alef_ar`` → ``normalize_alef_maksura_ar`` →
  ``normalize_teh_marbuta_ar`` → ``dediac_ar`` (diacritics and tatweel) over ``text_clean``;
* PyArabic: ``strip_tashkeel`` → ``strip_tatweel`` → ``normalize_ligature`` → ``normalize_alef``
  → ``normalize_teh`` over ``text_clean``, and ``araby.tokenize`` + a ``Counter`` over
  ``text_norm``;
* scikit-learn: ``CountVectorizer().fit_transform`` over ``text_norm``.

Neither chain does all that :func:`~marsad.normalize.normalize` does (Persian letters, digits,
bidi marks), so they are the *same operations or fewer*. A ratio is ours / baseline: below 1
we are faster. Targets (:data:`TARGETS`, issue 13): normalization ≤ 1.0× CAMeL, tokenize+count
≤ 1.0× CountVectorizer, the whole pipeline (one process) ≤ 6× CountVectorizer's time in the same
run and ≤ 2 GB peak, doubling ≤ 2.1× (the corpus, and one article from 2 to 4 MB).

Output: a table on stdout and a JSON report (``--out``, default ``output/bench.json``) with the
machine (cores, Python, platform, git commit, load average before and after: timings taken on a
busy machine are noisy), the corpus (path, bytes, articles, characters) and every number.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import importlib
import importlib.metadata
import importlib.util
import json
import math
import multiprocessing as mp
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "ant-2018" / "articles.jsonl.gz"
DEFAULT_OUT = Path("output") / "bench.json"

STAGES = ("load", "clean", "normalize", "tokenize+count", "ngrams", "cooccur", "events")

#: Target name → limit. Ratios are ours / baseline (≤), the pipeline's seconds and peak MB (<).
TARGETS: dict[str, float] = {  # issue 13's: ratios in one run, so a busy machine matters less
    "normalize / CAMeL Tools": 1.0,
    "tokenize+count / CountVectorizer": 1.0,
    "pipeline / CountVectorizer": 6.0,
    "pipeline peak MB": 2048.0,
    "doubling ratio": 2.1,
    "article doubling ratio": 2.1,
}

#: Sizes (MB of UTF-8) of the one-article runs; each doubles the one before.
ARTICLE_MB = (0.5, 1, 2, 4)
_WARM_CHARS = 3000  # the untimed warm-up article of a one-article run

#: Baseline name → (stage it is compared with, modules it imports, distribution, target key).
BASELINES: dict[str, tuple[str, tuple[str, ...], str, str | None]] = {
    "CAMeL Tools": ("normalize", ("camel_tools.utils.normalize", "camel_tools.utils.dediac"),
                    "camel-tools", "normalize / CAMeL Tools"),
    "PyArabic": ("normalize", ("pyarabic.araby",), "PyArabic", None),
    "CountVectorizer": ("tokenize+count", ("sklearn.feature_extraction.text",), "scikit-learn",
                        "tokenize+count / CountVectorizer"),
    "PyArabic tokenize": ("tokenize+count", ("pyarabic.araby",), "PyArabic", None),
}

_JSONL = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_ID_KEYS = ("id", "article_id", "doc_id", "uuid")  # marsad.corpus.COLUMN_ALIASES["article_id"]
_COPY_SUFFIX = "~copy2"


# --------------------------------------------------------------------------------------------
# inside a measuring process
# --------------------------------------------------------------------------------------------


def _maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process so far (``RUSAGE_CHILDREN``: of its largest waited-
    for child), in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed(fn: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    """Run ``fn`` once; its seconds (and CPU seconds of this process), the peak memory before
    it and the peak right after it."""
    gc.collect()
    before = _maxrss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return out, {"seconds": seconds, "cpu_seconds": cpu, "start_mb": before,
                 "peak_mb": _maxrss_mb()}


def _chars(texts) -> int:
    return int(sum(len(t) for t in texts if isinstance(t, str)))


def _read(path: str):
    import pandas as pd

    return pd.read_pickle(path)


def _m_load(spec: dict) -> dict:
    from marsad.corpus import load_corpus

    corpus, m = _timed(lambda: load_corpus(spec["corpus"]))
    articles = corpus.articles
    articles.to_pickle(spec["raw"])  # after the clock and the peak
    return m | {"articles": len(articles), "chars": _chars(articles["text"])}


def _m_clean(spec: dict) -> dict:
    from marsad.clean import clean_corpus

    raw = _read(spec["raw"])
    (articles, _removed), m = _timed(lambda: clean_corpus(raw))
    articles.to_pickle(spec["cleaned"])
    return m | {"articles": len(raw), "chars": _chars(raw["text"])}


def _on_clean(spec: dict, fn: Callable, column: str = "text_clean") -> dict:
    """Time ``fn(articles)`` on the cleaned articles; count the characters of ``column``."""
    articles = _read(spec["cleaned"])
    _, m = _timed(lambda: fn(articles))
    return m | {"articles": len(articles), "chars": _chars(articles[column])}


def _normalize(articles) -> list[str]:
    from marsad.normalize import normalize

    return [normalize(t) for t in articles["text_clean"].tolist() if isinstance(t, str)]


def _tokenize_count(articles):
    from marsad import keywords, terms

    return keywords.frequencies(terms.with_terms(articles))


def _ngrams(articles):
    from marsad import keywords

    return keywords.ngrams(articles, (2, 3))


def _cooccur(articles):
    from marsad import cooccur

    return cooccur.build(articles)


def _events(articles):
    from marsad import events

    return events.merge_timeline(events.extract_events(articles))


def _camel(articles) -> list[str]:
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
        normalize_unicode,
    )

    def chain(t: str) -> str:
        t = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(
            normalize_unicode(t))))
        return dediac_ar(t)

    return [chain(t) for t in articles["text_clean"].tolist() if isinstance(t, str)]


def _pyarabic(articles) -> list[str]:
    from pyarabic import araby

    def chain(t: str) -> str:
        t = araby.strip_tatweel(araby.strip_tashkeel(t))
        return araby.normalize_teh(araby.normalize_alef(araby.normalize_ligature(t)))

    return [chain(t) for t in articles["text_clean"].tolist() if isinstance(t, str)]


def _pyarabic_tokenize(articles):
    from collections import Counter

    from pyarabic import araby

    counts: Counter = Counter()
    for t in articles["text_norm"].tolist():
        if isinstance(t, str):
            counts.update(araby.tokenize(t))
    return counts


def _count_vectorizer(articles):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer().fit_transform([t for t in articles["text_norm"].tolist()
                                            if isinstance(t, str)])


def _m_pipeline(spec: dict) -> dict:
    from marsad import engine

    name = spec.get("engine", "stream")
    result, m = _timed(lambda: engine.run(spec["corpus"], engine=name))
    if name == "dask":  # the local workers are child processes: count the largest of them too
        m["peak_mb"] += _maxrss_mb(resource.RUSAGE_CHILDREN)
    return m | {"articles": int(result.account.get("articles", 0)), "chars": None}


#: Measurement on the cleaned articles → (function, column whose characters are counted,
#: modules imported before the clock starts: an import is no part of a stage's time; data a
#: function loads on first use — gazetteer, lexicon — is).
_ON_CLEAN: dict[str, tuple[Callable, str, tuple[str, ...]]] = {
    "normalize": (_normalize, "text_clean", ("marsad.normalize",)),
    "tokenize+count": (_tokenize_count, "text_norm", ("marsad.keywords", "marsad.tokens")),
    "ngrams": (_ngrams, "text_clean", ("marsad.keywords", "marsad.tokens")),
    "cooccur": (_cooccur, "text_clean", ("marsad.cooccur",)),
    "events": (_events, "text_clean", ("marsad.events",)),
    "CAMeL Tools": (_camel, "text_clean", ("camel_tools.utils.normalize",
                                           "camel_tools.utils.dediac")),
    "PyArabic": (_pyarabic, "text_clean", ("pyarabic.araby",)),
    "CountVectorizer": (_count_vectorizer, "text_norm", ("sklearn.feature_extraction.text",)),
    "PyArabic tokenize": (_pyarabic_tokenize, "text_norm", ("pyarabic.araby",)),
}


def _warm_up(name: str, spec: dict) -> None:
    """Run measurement ``name`` once, untimed, on the small article ``spec["warm"]``: what a
    stage loads on first use (rules, gazetteer, lexicon) is then no part of its time."""
    from marsad import engine
    from marsad.clean import clean_corpus
    from marsad.corpus import load_corpus

    if name == "pipeline":
        engine.run(spec["warm"], engine=spec.get("engine", "stream"))
        return
    cleaned, _ = clean_corpus(load_corpus(spec["warm"]).articles)
    if name in _ON_CLEAN:
        _ON_CLEAN[name][0](cleaned)


def _measure_here(name: str, spec: dict) -> dict:
    """One measurement in this process (the body of a measuring process); first a warm-up
    when ``spec`` names a ``warm`` article."""
    import marsad.clean  # noqa: F401  imports are not part of any stage's time
    import marsad.corpus  # noqa: F401

    if spec.get("warm"):
        _warm_up(name, spec)
    if name == "load":
        return _m_load(spec)
    if name == "clean":
        return _m_clean(spec)
    if name == "pipeline":
        return _m_pipeline(spec)
    fn, column, modules = _ON_CLEAN[name]
    for module in modules:
        importlib.import_module(module)
    return _on_clean(spec, fn, column)


def _child(name: str, spec: dict, conn) -> None:
    try:
        conn.send(("ok", _measure_here(name, spec)))
    except BaseException as exc:  # reported as a table row, not a traceback
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------
# the measuring run
# --------------------------------------------------------------------------------------------


def measure(name: str, spec: dict) -> dict:
    """Run measurement ``name`` (a stage, a baseline or ``pipeline``) in a fresh spawned process.

    Returns ``seconds, start_mb, peak_mb, articles, chars``, or ``error`` (a message) if it
    failed or the process died (e.g. out of memory).
    """
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(name, spec, child), name=f"bench-{name}")
    proc.start()
    child.close()
    try:
        status, payload = parent.recv()
    except EOFError:
        status, payload = "error", "measuring process died without a result"
    proc.join()
    if status == "ok":
        return payload
    return {"error": f"{payload} (exit code {proc.exitcode})" if proc.exitcode else payload}


def rates(m: dict) -> dict:
    """``m`` with ``articles_per_s`` and ``chars_per_s`` added (None where unknown)."""
    sec = m.get("seconds")
    ok = isinstance(sec, (int, float)) and sec > 0
    out = dict(m)
    for key, rate in (("articles", "articles_per_s"), ("chars", "chars_per_s")):
        n = m.get(key)
        out[rate] = n / sec if ok and isinstance(n, (int, float)) else None
    return out


def ratio(ours: float | None, baseline: float | None) -> float | None:
    """ours / baseline (below 1: we are faster); None when either is missing or zero."""
    if not ours or not baseline:
        return None
    return ours / baseline


def missing_modules(modules: Sequence[str]) -> list[str]:
    """The ``modules`` that cannot be found (their top-level package is not installed)."""
    missing = []
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(module)
    return missing


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def corpus_lines(path: str | Path, limit: int | None = None) -> Iterator[str]:
    """The corpus as JSONL lines: a JSONL(.gz) file's non-blank lines as they are; any other
    corpus (folder, CSV, …) loaded with :func:`marsad.corpus.load_corpus` and written as records
    (``id, text, title, date, source, url, category, author``). At most ``limit`` lines."""
    path = Path(path)
    n = 0
    if path.is_file() and path.name.lower().endswith(_JSONL):
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if limit is not None and n >= limit:
                    return
                if line.strip():
                    n += 1
                    yield line.rstrip("\n")
        return
    from marsad.corpus import load_corpus

    articles = load_corpus(path).articles
    keys = {"id": "article_id", "text": "text", "title": "title", "date": "published",
            "source": "source", "url": "url", "category": "category", "author": "author"}
    for row in articles.head(limit).to_dict("records") if limit else articles.to_dict("records"):
        yield json.dumps({k: row[c] for k, c in keys.items() if isinstance(row.get(c), str)},
                         ensure_ascii=False)


def copied_line(line: str) -> str:
    """The line of a second copy of an article: its id suffixed (a line that is not a JSON
    object with an id stays as it is)."""
    try:
        record = json.loads(line)
    except ValueError:
        return line
    if not isinstance(record, dict):
        return line
    for key in _ID_KEYS:
        if record.get(key) not in (None, ""):
            record[key] = f"{record[key]}{_COPY_SUFFIX}"
            return json.dumps(record, ensure_ascii=False)
    return line


def write_corpus(lines: Sequence[str] | Iterator[str], path: Path, *, copies: int = 1) -> Path:
    """Write JSONL ``lines`` to ``path`` (gzip), ``copies`` times (ids of copies suffixed)."""
    lines = list(lines)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        for copy in range(copies):
            for line in lines:
                fh.write((line if copy == 0 else copied_line(line)) + "\n")
    return path


def _stage_run(corpus: Path, work: Path, echo: Callable[[str], None],
               warm: Path | None = None) -> dict[str, dict]:
    """Every stage of :data:`STAGES` on ``corpus``, each in a fresh process (``warm``: a small
    article each process first runs its stage on, untimed)."""
    spec = {"corpus": str(corpus), "raw": str(work / "raw.pkl"),
            "cleaned": str(work / "cleaned.pkl")} | ({"warm": str(warm)} if warm else {})
    stages: dict[str, dict] = {}
    for name in STAGES:
        if name != "load" and "error" in stages.get("load" if name == "clean" else "clean", {}):
            stages[name] = {"error": "skipped: an earlier stage failed"}
            continue
        echo(f"  {name} …")
        stages[name] = rates(measure(name, spec))
    return stages


def _sum_of_stages(stages: dict[str, dict]) -> dict:
    """The pipeline as the sum of the stage times (peak: the largest stage peak)."""
    if any("error" in m for m in stages.values()):
        return {"error": "a stage failed", "method": "sum of stages"}
    load = stages["load"]
    return rates({"method": "sum of stages",
                  "seconds": sum(m["seconds"] for m in stages.values()),
                  "peak_mb": max(m["peak_mb"] for m in stages.values()),
                  "articles": load["articles"], "chars": load["chars"]})


def _pipeline(corpus: Path, work: Path, stages: dict[str, dict] | None,
              echo: Callable[[str], None], chars: int | None = None,
              engine: str = "stream") -> dict:
    """The whole pipeline over ``corpus`` (``stages``: already measured on it, or None;
    ``chars``: the corpus's characters, known from the load stage; ``engine``: of
    :func:`marsad.engine.run`)."""
    if importlib.util.find_spec("marsad.engine") is not None:
        echo(f"  pipeline (marsad.engine.run, engine={engine!r}) …")
        m = measure("pipeline", {"corpus": str(corpus), "engine": engine})
        return rates(m | {"method": f"marsad.engine.run(engine={engine!r})", "chars": chars})
    if stages is None:
        stages = _stage_run(corpus, work, echo)
    return _sum_of_stages(stages)


def article_texts(cleaned: pd.DataFrame) -> list[str]:
    """The cleaned texts of a corpus in a fixed shuffled order (seed 0): a mix of outlets and
    topics, as in a dump, where the corpus's own order may run outlet by outlet."""
    texts = [t for t in cleaned["text_clean"].tolist() if isinstance(t, str) and t.strip()]
    random.Random(0).shuffle(texts)
    return texts


def write_article(texts: Sequence[str], size_mb: float, path: Path) -> Path | None:
    """One article of whole ``texts`` joined by blank lines, just past ``size_mb`` MB of UTF-8,
    written to ``path``; None when the texts are fewer."""
    target, parts, size = int(size_mb * 1_000_000), [], 0
    for text in texts:
        if size >= target:
            break
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
    if size < target:
        return None
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def doubling_ratios(runs: list[dict]) -> dict[str, list[float | None]]:
    """Per stage and for ``pipeline``: the ratio of the CPU seconds (else seconds) of each run
    to the one before it."""
    def seconds(run: dict, name: str) -> float | None:
        m = run["pipeline"] if name == "pipeline" else run["stages"].get(name, {})
        return m.get("cpu_seconds", m.get("seconds"))

    pairs = list(zip(runs, runs[1:], strict=False))
    return {name: [ratio(seconds(b, name), seconds(a, name)) for a, b in pairs]
            for name in (*STAGES, "pipeline")}


def write_articles(cleaned: str, folder: str, sizes: Sequence[float]) -> list[tuple]:
    """Write the warm-up article and one article per size (while the texts last) from the
    cleaned-articles pickle; ``(size, path, characters)`` of each size written."""
    texts = article_texts(_read(cleaned))
    Path(folder, "warm-up.txt").write_text(texts[0][:_WARM_CHARS] if texts else "",
                                           encoding="utf-8")
    out = []
    for mb in sizes:
        path = write_article(texts, mb, Path(folder, f"article-{mb:g}mb.txt"))
        if path is None:
            break
        out.append((mb, path, len(path.read_text(encoding="utf-8"))))
    return out


def _article_run(work: Path, echo: Callable[[str], None],
                 sizes: Sequence[float] = ARTICLE_MB) -> dict:
    """The stages and the whole pipeline on one article of each size (module docstring)."""
    cleaned = work / "single" / "cleaned.pkl"
    if not cleaned.exists():
        return {"skipped": "no cleaned articles (the clean stage failed)"}
    folder = work / "article"
    folder.mkdir()
    with mp.get_context("spawn").Pool(1) as pool:  # the corpus is read there, not here
        written = pool.apply(write_articles, (str(cleaned), str(folder), tuple(sizes)))
    warm = folder / "warm-up.txt"
    runs = []
    for mb, path, chars in written:
        echo(f"one article of {mb:g} MB …")
        (folder / f"{mb:g}mb").mkdir()
        stages = _stage_run(path, folder / f"{mb:g}mb", echo, warm)
        echo("  pipeline (marsad.engine.run, engine='local') …")
        pipeline = measure("pipeline", {"corpus": str(path), "engine": "local", "warm": str(warm)})
        runs.append({"mb": mb, "bytes": path.stat().st_size, "chars": chars, "stages": stages,
                     "pipeline": rates(pipeline | {"chars": chars})})
    if len(runs) < 2:
        return {"skipped": f"the corpus's cleaned texts make less than {sizes[1]:g} MB"}
    ratios = doubling_ratios(runs)
    return {"sizes_mb": [r["mb"] for r in runs], "runs": runs, "ratios": ratios,
            "ratio": ratios["pipeline"][-1]}


def _baselines(work: Path, skip: bool, echo: Callable[[str], None]) -> dict[str, dict]:
    spec = {"cleaned": str(work / "cleaned.pkl")}
    out: dict[str, dict] = {}
    for name, (stage, modules, dist, target) in BASELINES.items():
        entry: dict[str, Any] = {"stage": stage, "package": dist, "target": target}
        if skip:
            out[name] = entry | {"missing": "skipped (--skip-baselines)"}
            continue
        missing = missing_modules(modules)
        if missing:
            out[name] = entry | {"missing": f"{dist} not installed (make bench installs it)"}
            continue
        if not Path(spec["cleaned"]).exists():
            out[name] = entry | {"error": "no cleaned articles (the clean stage failed)"}
            continue
        echo(f"  baseline {name} …")
        out[name] = entry | {"version": _version(dist)} | rates(measure(name, spec))
    return out


def comparisons(stages: dict[str, dict], baselines: dict[str, dict]) -> list[dict]:
    """One row per baseline: our stage's seconds, the baseline's, their ratio and target."""
    rows = []
    for name, b in baselines.items():
        ours = stages.get(b["stage"], {}).get("seconds")
        r = ratio(ours, b.get("seconds"))
        limit = TARGETS.get(b["target"]) if b.get("target") else None
        rows.append({"stage": b["stage"], "baseline": name, "ours_s": ours,
                     "baseline_s": b.get("seconds"), "ratio": r, "target": limit,
                     "ok": None if r is None or limit is None else r <= limit,
                     "note": b.get("missing") or b.get("error")})
    return rows


def check_targets(comparison_rows: list[dict], pipeline: dict, doubling: dict,
                  article: dict | None = None) -> list[dict]:
    """Every target of :data:`TARGETS` with its value and verdict (``ok`` None: not measured).
    ``article``: the one-article runs; their target is the pipeline's last doubling."""
    values: dict[str, float | None] = {name: None for name in TARGETS}
    for row in comparison_rows:
        key = f"{row['stage']} / {row['baseline']}"
        if key in values:
            values[key] = row["ratio"]
    vectorizer = next((row["baseline_s"] for row in comparison_rows
                       if row["baseline"] == "CountVectorizer" and row.get("baseline_s")), None)
    seconds = pipeline.get("seconds")
    values["pipeline / CountVectorizer"] = (seconds / vectorizer if seconds and vectorizer
                                            else None)
    values["pipeline peak MB"] = pipeline.get("peak_mb")
    values["doubling ratio"] = doubling.get("ratio")
    values["article doubling ratio"] = (article or {}).get("ratio")
    out = []
    for name, limit in TARGETS.items():
        v = values[name]
        out.append({"target": name, "value": v, "limit": limit, "rule": "≤",
                    "ok": None if v is None else v <= limit})
    return out


# --------------------------------------------------------------------------------------------
# machine, table, JSON
# --------------------------------------------------------------------------------------------


def _git_commit() -> str | None:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}{' (uncommitted changes)' if dirty else ''}" if head else None


def _memory_gb() -> float | None:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    return pages * size / 1024**3


def machine_info() -> dict:
    """Cores, memory, Python, platform, git commit and the key package versions."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu_count": os.cpu_count(), "cpus_usable": usable, "memory_gb": _memory_gb(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(), "implementation": platform.python_implementation(),
        "platform": platform.platform(), "git_commit": _git_commit(),
        "packages": {d: _version(d) for d in ("marsad", "pandas", "numpy", "pyarrow",
                                              "camel-tools", "PyArabic", "scikit-learn")},
        "openblas_env": {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                         if k in os.environ},
    }


def _load() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def _fmt(value, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if kind == "s":
        return f"{value:.2f}" if value < 100 else f"{value:.0f}"
    if kind == "rate":
        return f"{value / 1e6:.1f}M" if value >= 1e6 else (
            f"{value / 1e3:.1f}k" if value >= 1e3 else f"{value:.1f}")
    if kind == "mb":
        return f"{value:.0f}"
    if kind == "x":
        return f"{value:.2f}×"
    return str(value)


def _ok(value: bool | None) -> str:
    return "n/a" if value is None else ("yes" if value else "NO")


TABLE_COLUMNS = ("stage", "seconds", "articles/s", "chars/s", "peak MB", "baseline", "ratio",
                 "target", "ok")


def table_rows(report: dict) -> list[dict[str, str]]:
    """The printed table, one dict per row (keys :data:`TABLE_COLUMNS`): the stages (with
    their baseline comparisons), the whole pipeline, the doubling run, then the baselines'
    own measurements."""
    def row(stage, m, baseline="", r="", target="", ok=""):
        if not m:  # a further baseline of the stage on the row above
            return {"stage": stage, "seconds": "", "articles/s": "", "chars/s": "",
                    "peak MB": "", "baseline": baseline, "ratio": r, "target": target, "ok": ok}
        if "error" in m or "missing" in m:
            note = m.get("missing") or m.get("error")
            return {"stage": stage, "seconds": note, "articles/s": "", "chars/s": "",
                    "peak MB": "", "baseline": baseline, "ratio": r, "target": target, "ok": ok}
        return {"stage": stage, "seconds": _fmt(m.get("seconds"), "s"),
                "articles/s": _fmt(m.get("articles_per_s"), "rate"),
                "chars/s": _fmt(m.get("chars_per_s"), "rate"),
                "peak MB": _fmt(m.get("peak_mb"), "mb"), "baseline": baseline, "ratio": r,
                "target": target, "ok": ok}

    rows = []
    by_stage: dict[str, list[dict]] = {}
    for c in report["comparisons"]:
        by_stage.setdefault(c["stage"], []).append(c)
    for stage, m in report["stages"].items():
        comps = by_stage.get(stage, [])
        if not comps:
            rows.append(row(stage, m))
        for i, c in enumerate(comps):
            target = f"≤ {c['target']:.1f}×" if c["target"] is not None else ""
            rows.append(row(stage if i == 0 else "", m if i == 0 else {}, c["baseline"],
                            _fmt(c["ratio"], "x") if c["ratio"] is not None else
                            ("not run" if c["note"] else "—"),
                            target, _ok(c["ok"]) if c["target"] is not None else ""))
    targets = {t["target"]: t for t in report["targets"]}
    p = report["pipeline"]
    ts, tm = targets["pipeline / CountVectorizer"], targets["pipeline peak MB"]
    both = None if ts["ok"] is None or tm["ok"] is None else ts["ok"] and tm["ok"]
    rows.append(row("pipeline", p, p.get("method", ""),
                    _fmt(ts["value"], "x") if ts["value"] is not None else "",
                    f"≤ {ts['limit']:.0f}× CountVectorizer, ≤ {tm['limit'] / 1024:.0f} GB",
                    _ok(both)))
    d = report["doubling"]
    td = targets["doubling ratio"]
    if d.get("skipped"):
        rows.append(row("doubling", {"missing": d["skipped"]}))
    else:
        rows.append(row("doubling ×2", d.get("doubled", d), "pipeline ×1",
                        _fmt(d.get("ratio"), "x"), f"≤ {td['limit']:.1f}×", _ok(td["ok"])))
    a = report.get("article", {})
    ta = targets.get("article doubling ratio")
    if a.get("skipped"):
        rows.append(row("one article", {"missing": a["skipped"]}))
    for i, run in enumerate(a.get("runs", [])):
        last = i == len(a["runs"]) - 1
        rows.append(row(f"article {run['mb']:g} MB", run["pipeline"],
                        f"{a['runs'][i - 1]['mb']:g} MB, CPU" if i else "pipeline, local",
                        _fmt(a["ratios"]["pipeline"][i - 1], "x") if i else "",
                        f"≤ {ta['limit']:.1f}×" if last and ta else "",
                        _ok(ta["ok"]) if last and ta else ""))
    for name, b in report["baselines"].items():
        label = f"[{name}]" + (f" {b['version']}" if b.get("version") else "")
        rows.append(row(label, b, f"({b['stage']})"))
    return rows


def article_table(article: dict) -> str:
    """Seconds of every stage and of the pipeline on each one-article size, then the time
    ratio of each doubling (≈ 2 is linear in the length of the article)."""
    runs = article.get("runs", [])
    if not runs:
        return ""
    head = (["stage"] + [f"{r['mb']:g} MB" for r in runs]
            + [f"×2 → {r['mb']:g} MB" for r in runs[1:]])
    lines = [head]
    for name, ratios in article["ratios"].items():
        cells = [(r["pipeline"] if name == "pipeline" else r["stages"].get(name, {}))
                 for r in runs]
        lines.append([name] + [_fmt(c.get("cpu_seconds", c.get("seconds")), "s")
                               if "error" not in c else "error" for c in cells]
                     + [_fmt(x, "x") for x in ratios])
    widths = [max(len(line[j]) for line in lines) for j in range(len(head))]
    text = ["  ".join(c.ljust(w) if j == 0 else c.rjust(w)
                      for j, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip()
            for line in lines]
    text.insert(1, "-" * len(text[0]))
    return "\n".join(["one article of growing size: CPU seconds, and their ratio per doubling",
                      *text])


def format_table(rows: list[dict[str, str]]) -> str:
    """Plain-text table of :func:`table_rows` (an over-long note spills past its column)."""
    widths = {c: max([len(c)] + [len(r[c]) for r in rows if len(r[c]) <= 40])
              for c in TABLE_COLUMNS}
    right = {"seconds", "articles/s", "chars/s", "peak MB", "ratio"}

    def line(values: dict[str, str]) -> str:
        cells = [values[c].rjust(widths[c]) if c in right and len(values[c]) <= widths[c]
                 else values[c].ljust(widths[c]) for c in TABLE_COLUMNS]
        return "  ".join(cells).rstrip()

    head = line({c: c for c in TABLE_COLUMNS})
    return "\n".join([head, "-" * len(head), *(line(r) for r in rows)])


def _clean_json(value):
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, dict):
        return {str(k): _clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(v) for v in value]
    return value


def write_report(report: dict, path: str | Path) -> Path:
    """Write ``report`` as indented UTF-8 JSON (floats rounded to 4 places), atomically."""
    # imported here, as every marsad module in this file: this process stays without pandas, so
    # the measuring processes it starts stay small — on Linux a spawned child's ru_maxrss starts
    # at its parent's size (measured: 14 MB for a bare parent, 127 MB once pandas is imported)
    from marsad.outputs import atomic_write_text

    return atomic_write_text(path, json.dumps(_clean_json(report), ensure_ascii=False,
                                              indent=2) + "\n")


def run_bench(corpus: str | Path = DEFAULT_CORPUS, *, limit: int | None = None,
              out: str | Path | None = DEFAULT_OUT, skip_baselines: bool = False,
              skip_doubling: bool = False, skip_article: bool = False, engine: str = "stream",
              echo: Callable[[str], None] = print) -> dict:
    """Measure everything (module docstring), print the table with ``echo``, write the JSON
    report to ``out`` (None: do not write) and return the report. ``engine``: how the whole
    pipeline runs (``stream``: one process; ``dask``: two local worker processes); the
    one-article runs (``skip_article``: not done) use ``local``, as the notebooks."""
    from marsad.corpus import CorpusError

    corpus = Path(corpus)
    if not corpus.exists():
        raise CorpusError(f"benchmark corpus not found: {corpus}")
    if limit is not None and limit < 1:
        raise ValueError(f"--limit must be a positive number of articles, got {limit}")
    load_before = _load()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        work = Path(tmp)
        (work / "single").mkdir()
        (work / "doubled").mkdir()
        lines = None
        if limit is not None:
            echo(f"writing the first {limit:,} articles of {corpus} …")
            lines = list(corpus_lines(corpus, limit))
            source = write_corpus(lines, work / "single" / "corpus.jsonl.gz")
        else:
            source = corpus
        echo(f"stages over {corpus} …")
        stages = _stage_run(source, work / "single", echo)
        baselines = _baselines(work / "single", skip_baselines, echo)
        chars = stages["load"].get("chars")
        pipeline = _pipeline(source, work / "single", stages, echo, chars, engine)
        article = ({"skipped": "skipped (--skip-article)"} if skip_article
                   else _article_run(work, echo))
        if skip_doubling:
            doubling: dict = {"skipped": "skipped (--skip-doubling)"}
        elif "error" in pipeline:
            doubling = {"skipped": "pipeline failed"}
        else:
            echo("writing the doubled corpus …")
            doubled_path = write_corpus(lines if lines is not None else corpus_lines(corpus),
                                        work / "doubled" / "corpus.jsonl.gz", copies=2)
            doubled = _pipeline(doubled_path, work / "doubled", None, echo,
                                2 * chars if chars else None, engine)
            doubling = {"method": pipeline.get("method"), "single_s": pipeline.get("seconds"),
                        "doubled_s": doubled.get("seconds"),
                        "ratio": ratio(doubled.get("seconds"), pipeline.get("seconds")),
                        "doubled": doubled}
    report = build_report(corpus, limit, stages, baselines, pipeline, doubling, article=article,
                          load_before=load_before, wall_seconds=time.perf_counter() - started)
    echo("")
    echo(format_table(table_rows(report)))
    if article.get("runs"):
        echo("")
        echo(article_table(article))
    echo("")
    echo(summary(report))
    if out is not None:
        echo(f"wrote {write_report(report, out)}")
    return report


def build_report(corpus: str | Path, limit: int | None, stages: dict[str, dict],
                 baselines: dict[str, dict], pipeline: dict, doubling: dict, *,
                 article: dict | None = None, load_before: float | None = None,
                 wall_seconds: float | None = None) -> dict:
    """The JSON report: machine, corpus, every measurement, the comparisons and targets
    (``article``: the one-article runs, None when not measured)."""
    corpus = Path(corpus)
    article = article if article is not None else {"skipped": "not measured"}
    comps = comparisons(stages, baselines)
    targets = check_targets(comps, pipeline, doubling, article)
    load = stages.get("load", {})
    return {
        "machine": machine_info() | {"load_average_1min": {"before": load_before,
                                                          "after": _load()}},
        "corpus": {"path": str(corpus), "bytes": _size(corpus), "limit": limit,
                   "articles": load.get("articles"), "chars": load.get("chars")},
        "stages": stages, "baselines": baselines, "pipeline": pipeline, "doubling": doubling,
        "article": article,
        "comparisons": comps, "targets": targets, "all_targets_met": _all_met(targets),
        "wall_seconds": wall_seconds,
    }


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _all_met(targets: list[dict]) -> bool | None:
    verdicts = [t["ok"] for t in targets]
    if any(v is False for v in verdicts):
        return False
    return None if any(v is None for v in verdicts) else True


def summary(report: dict) -> str:
    """A few lines under the table: corpus, machine, load, and which targets hold."""
    c, mach = report["corpus"], report["machine"]
    load = mach["load_average_1min"]
    held = [t for t in report["targets"] if t["ok"]]
    failed = [t["target"] for t in report["targets"] if t["ok"] is False]
    unknown = [t["target"] for t in report["targets"] if t["ok"] is None]
    limited = f", first {c['limit']:,} articles" if c["limit"] else ""
    lines = [
        f"corpus: {c['path']} ({c['bytes'] / 1e6:.1f} MB on disk{limited}: "
        f"{c['articles'] or 0:,} articles, {c['chars'] or 0:,} characters)",
        f"machine: {mach['cpus_usable']} of {mach['cpu_count']} cores, Python {mach['python']}, "
        f"{mach['platform']}; load average {_fmt(load['before'], 's')} before, "
        f"{_fmt(load['after'], 's')} after (a busy machine makes every time noisy)",
        f"targets: {len(held)} of {len(report['targets'])} hold"
        + (f"; missed: {', '.join(failed)}" if failed else "")
        + (f"; not measured: {', '.join(unknown)}" if unknown else ""),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py",
                                     description="Benchmark the marsad pipeline and its peers.")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS),
                        help="corpus file or folder (default: the 2018 corpus in ../shared)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="JSON report path")
    parser.add_argument("--skip-baselines", action="store_true")
    parser.add_argument("--skip-doubling", action="store_true")
    parser.add_argument("--skip-article", action="store_true",
                        help="leave out the runs on one article of growing size")
    parser.add_argument("--engine", default="stream", choices=["stream", "dask", "local"],
                        help="how the whole pipeline runs (default: stream, one process)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")  # inherited by the measuring processes
    from marsad.corpus import CorpusError

    try:
        run_bench(args.corpus, limit=args.limit, out=args.out,
                  skip_baselines=args.skip_baselines, skip_doubling=args.skip_doubling,
                  skip_article=args.skip_article, engine=args.engine)
    except (CorpusError, ValueError, OSError) as exc:
        print(f"benchmarks/bench.py: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
