"""Run the notebook series on a corpus and render HTML reports (``make report``).

Each ``notebooks/NN-*.ipynb`` is executed with papermill on a copy (the tracked notebooks are
never rewritten), with the parameters ``CORPUS``, ``METADATA`` and ``OUT``; the executed copy goes
to ``<OUT>/notebooks/``, and two HTML renderings to the reports folder: the full report and a
code-free one (``*.noinput.html``) for readers who are not programmers. ``index.html`` links them.

The reports work offline and show text as text: they are rendered with nbconvert's ``lab``
template minus everything it would load from a CDN (MathJax, require.js, mermaid, the widget
manager), so "$5 مليون … $3" in a news text is never typeset as mathematics and nothing is
fetched when an analyst opens a report. A rendered page that would still load something from
the network is an error (:func:`marsad.safety.external_references`). Control characters and
bidi overrides anywhere in a page (a printed line, a plain DataFrame) are shown as ``⟨U+XXXX⟩``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import sys
from pathlib import Path

from marsad.outputs import atomic_write_text
from marsad.safety import external_references, visible_controls, visible_text_controls

#: nbconvert's lab template with the blocks that load scripts from a CDN left empty.
_OFFLINE_TEMPLATE = "marsad-offline.html.j2"
_OFFLINE_TEMPLATE_TEXT = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def _notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def _render(executed: Path, reports: Path) -> list[Path]:
    """The full and the code-free HTML report of an executed notebook, offline (no CDN)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    written = []
    for suffix, exclude_input in ((".html", False), (".noinput.html", True)):
        body, _ = _exporter(exclude_input).from_notebook_node(nb)
        # NUL, other controls and bidi overrides are never markup: whatever output carried
        # them (a print, a plain DataFrame, a traceback), they are shown, not obeyed.
        body = visible_text_controls(body)
        remote = external_references(body)
        if remote:
            raise RuntimeError(f"marsad: the report of {executed.name} would load "
                               f"{len(remote)} thing(s) from the network: {remote[:3]}")
        written.append(atomic_write_text(reports / f"{executed.stem}{suffix}", body))
    return written


def _exporter(exclude_input: bool):
    """An nbconvert HTMLExporter (lab template) that loads nothing from the network."""
    import jinja2
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file=_OFFLINE_TEMPLATE,
                        extra_loaders=[jinja2.DictLoader({_OFFLINE_TEMPLATE: _OFFLINE_TEMPLATE_TEXT})],
                        exclude_input=exclude_input, exclude_input_prompt=exclude_input,
                        exclude_output_prompt=exclude_input)


def _index(reports: Path, corpus: str, rendered: list[Path], out: Path) -> Path:
    articles = out / "articles.csv"
    size = ""
    if articles.exists():
        from marsad.outputs import read_csv

        size = f"{len(read_csv(articles)):,} articles"
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a> · '
        f'<a href="{html.escape(p.stem)}.noinput.html">code-free</a></li>'
        for p in rendered if not p.name.endswith(".noinput.html")
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Marsad reports</title>
<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}</style></head>
<body><h1>Marsad reports — مرصد</h1>
<p>Corpus: <code>{html.escape(visible_controls(corpus))}</code> ({size})<br>
Run: {dt.datetime.now().isoformat(timespec="seconds")}</p>
<ul>
{items}
</ul></body></html>
"""
    return atomic_write_text(reports / "index.html", page)


def run(corpus: str, metadata: str | None, out: str, reports: str,
        notebooks: str = "notebooks", engine: str = "local") -> int:
    """Execute every notebook and render it; return a process exit code."""
    import papermill as pm

    corpus_path = Path(corpus).resolve()
    out_path = Path(out).resolve()
    reports_path = Path(reports).resolve()
    nb_dir = Path(notebooks).resolve()
    if not corpus_path.exists():
        print(f"marsad: corpus not found: {corpus}", file=sys.stderr)
        return 2
    params = {"CORPUS": str(corpus_path), "OUT": str(out_path), "ENGINE": engine,
              "METADATA": str(Path(metadata).resolve()) if metadata else None}
    (out_path / "notebooks").mkdir(parents=True, exist_ok=True)
    reports_path.mkdir(parents=True, exist_ok=True)
    rendered: list[Path] = []
    for nb in _notebooks(nb_dir):
        executed = out_path / "notebooks" / nb.name
        print(f"marsad: running {nb.name} on {corpus}", flush=True)
        try:
            pm.execute_notebook(str(nb), str(executed), parameters=params, cwd=str(nb_dir),
                                progress_bar=False, kernel_name="python3", log_output=False)
        except pm.PapermillExecutionError as err:
            print(f"marsad: {nb.name} stopped at cell {err.exec_count}: {err.ename}: "
                  f"{err.evalue}\n  (the executed notebook is {executed})", file=sys.stderr)
            return 1
        rendered += _render(executed, reports_path)
    index = _index(reports_path, corpus, rendered, out_path)
    print(f"marsad: wrote {len(rendered)} HTML reports and {index}")
    print(account_report(out_path), flush=True)
    return 0


def account_report(out: Path) -> str:
    """The account of the run's inputs, from ``account.json`` and ``inputs.csv`` in ``out``
    (written by notebook 01): every file found, loaded or skipped and why."""
    import json

    from marsad.corpus import describe_account
    from marsad.outputs import read_csv

    path = out / "account.json"
    if not path.exists():
        return f"marsad: no account of the inputs ({path} was not written)"
    lines = ["marsad: account of the inputs", *describe_account(
        json.loads(path.read_text(encoding="utf-8"))).splitlines()]
    inputs = out / "inputs.csv"
    if inputs.exists():
        inv = read_csv(inputs)
        for row in inv[inv["status"] != "loaded"].itertuples():
            lines.append(f"  {row.status}: {row.path} — {row.reasons} "
                         f"({row.articles} of {row.records} records loaded)")
    return "\n  ".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m marsad.report", description=__doc__)
    parser.add_argument("--corpus", default="seeds")
    parser.add_argument("--metadata", default="")
    parser.add_argument("--out", default="output")
    parser.add_argument("--reports", default="reports")
    parser.add_argument("--notebooks", default="notebooks")
    parser.add_argument("--engine", default="local", help="local, stream or dask")
    parser.add_argument("--scheduler", default="",
                        help="dask scheduler address (tcp://host:8786) for --engine dask")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("TQDM_DISABLE", "1")  # no progress bars inside the HTML reports
    if args.scheduler:  # read by marsad.engine in the notebooks' kernels
        os.environ["MARSAD_SCHEDULER"] = args.scheduler
    return run(args.corpus, args.metadata or None, args.out, args.reports,
               args.notebooks, args.engine)


if __name__ == "__main__":
    raise SystemExit(main())
