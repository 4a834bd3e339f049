"""Run the notebook series on a corpus and render HTML reports (``make report``).

Each ``notebooks/NN-*.ipynb`` is executed with papermill on a copy (the tracked notebooks are
never rewritten), with the parameters ``CORPUS``, ``METADATA`` and ``OUT``; the executed copy goes
to ``<OUT>/notebooks/``, and two HTML renderings to the reports folder: the full report and a
code-free one (``*.noinput.html``) for readers who are not programmers. Then the tables go into
one Excel workbook, ``<OUT>/marsad.xlsx`` (:mod:`marsad.workbook`), and ``index.html`` opens with
the corpus at a glance and links every report (:mod:`marsad.overview`).

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
import hashlib
import json
import os
import shutil
import socket
import sys
from pathlib import Path

from marsad.outputs import atomic_write_text, write_json
from marsad.safety import external_references, visible_text_controls

#: nbconvert's lab template with the blocks that load scripts from a CDN left empty.
_OFFLINE_TEMPLATE = "marsad-offline.html.j2"
_OFFLINE_TEMPLATE_TEXT = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


#: Cells written for the bundled seed articles: left out of a run on any other corpus.
SEEDS_PROSE_TAG = "seeds-prose"


def _for_this_corpus(executed: Path, seeds: bool) -> None:
    """Leave out of the executed copy what does not describe this run: on any corpus but the
    seeds, the cells written for the seeds (tag ``seeds-prose``) and the parameters cell,
    whose defaults name the seeds (papermill's injected cell after it holds this run's
    values)."""
    import nbformat

    if seeds:
        return
    nb = nbformat.read(executed, as_version=4)
    drop = {SEEDS_PROSE_TAG, "parameters"}
    nb.cells = [c for c in nb.cells if not drop & set(c.get("metadata", {}).get("tags", []))]
    atomic_write_text(executed, nbformat.writes(nb))


def _ipc_kernels(log: Path | None = None):
    """A kernel manager that talks to its kernel over local sockets (IPC) in a folder of its
    own, not over TCP ports: no port or socket races between runs going at once, no "running
    over TCP without encryption" warning in the analyst's terminal. With ``log``, the kernel
    process's own stderr (pyzmq's shutdown noise, never a cell's output: that travels over
    IOPub) is appended to that file instead of the terminal."""
    import tempfile

    from jupyter_client.manager import KernelManager

    class IpcKernelManager(KernelManager):
        def __init__(self, **kwargs):
            folder = tempfile.mkdtemp(prefix="marsad-kernel-")  # short: a socket path is < 108
            super().__init__(transport="ipc", ip=f"{folder}/k", **kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if log is not None:
                with log.open("ab") as stream:  # the child keeps its own copy of the handle
                    return await super()._async_launch_kernel(kernel_cmd, stderr=stream, **kw)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

        def cleanup_ipc_files(self) -> None:
            super().cleanup_ipc_files()
            shutil.rmtree(Path(self.ip).parent, ignore_errors=True)

    return IpcKernelManager


def _notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def _render(executed: Path, reports: Path, out: Path | None = None) -> list[Path]:
    """The full and the code-free HTML report of an executed notebook, offline (no CDN), with
    the tables it wrote in ``out`` appended as searchable tables (:mod:`marsad.tables`; the
    executed notebook itself is not changed)."""
    import nbformat

    from marsad.tables import report_cells

    nb = nbformat.read(executed, as_version=4)
    if out is not None:
        nb.cells += report_cells(executed.stem, out)
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


class ReportError(Exception):
    """Arguments that cannot give a sound run (the message is one line, for the analyst)."""


#: Where a run stages its outputs before publishing them (hidden: never read as corpus).
STAGE_PREFIX = ".run-"
MANIFEST = "manifest.json"
LOCK = ".marsad.lock"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_arguments(corpus: Path, metadata: Path | None, columns: str, out: Path,
                    reports: Path, engine: str, gazetteer: Path | None = None) -> None:
    """Refuse, before any kernel starts, arguments that would fail later or lose input: a
    missing corpus or metadata file, bad ``COLUMNS``, an unknown engine, an ``OUT`` that is a
    file, and outputs that would land in the corpus (read back as articles) or over an input."""
    from marsad.corpus import CorpusError, parse_columns
    from marsad.engine import ENGINES

    if not corpus.exists() and not corpus.is_symlink():
        raise ReportError(f"corpus not found: {corpus}")
    if metadata is not None and not metadata.is_file():
        raise ReportError(f"metadata file not found: {metadata}")
    if gazetteer is not None:
        from marsad.datafiles import DataFileError
        from marsad.discovery import read_user_gazetteer

        if not gazetteer.is_file():
            raise ReportError(f"gazetteer file not found: {gazetteer}")
        try:
            read_user_gazetteer(gazetteer)
        except DataFileError as err:
            raise ReportError(str(err)) from None
    try:
        parse_columns(columns)
    except CorpusError as err:
        raise ReportError(str(err)) from None
    if engine not in ENGINES:
        raise ReportError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    for name, folder in (("OUT", out), ("REPORTS", reports)):
        if folder.exists() and not folder.is_dir():
            raise ReportError(f"{name} is a file, not a folder: {folder}")
        if corpus.is_dir() and _inside(folder, corpus):
            where = "the corpus folder" if folder == corpus else f"inside the corpus {corpus}"
            raise ReportError(f"{name} ({folder}) is {where}: its outputs would be read back "
                              "as articles; choose a folder outside it")
    written = [out / "notebooks", reports]
    for what, path in (("corpus", corpus), ("metadata", metadata), ("gazetteer", gazetteer)):
        if path is not None and (path.parent == out or any(_inside(path, w) for w in written)):
            raise ReportError(f"the {what} {path} is inside OUT ({out}), where the run writes "
                              "its outputs; move it or choose another OUT")


def learn_setting(value: str) -> str:
    """``LEARN`` as the notebooks read it (``$MARSAD_LEARN``): on/off words as given, a
    learned-rules file as an absolute path (the notebooks run in another folder), checked."""
    value = value.strip()
    if value.lower() in ("", "1", "yes", "true", "on", "0", "no", "false", "off"):
        return value
    path = Path(value).resolve()
    from marsad.boilerplate import read_learned

    try:
        read_learned(path)
    except ValueError as err:
        raise ReportError(f"LEARN={value}: {err}") from None
    return str(path)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lock(folder: Path, run_id: str, corpus: str) -> Path:
    """Take ``folder/.marsad.lock`` for this run, or raise ReportError naming the run that
    holds it. A lock left by a run that is no longer alive is taken over."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK
    claim = json.dumps({"run": run_id, "pid": os.getpid(), "host": socket.gethostname(),
                        "corpus": corpus}, ensure_ascii=False)
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                held = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                held = {}
            if held.get("host") == socket.gethostname() and not _pid_alive(int(held.get("pid", 0))):
                path.unlink(missing_ok=True)  # its run stopped without finishing
                continue
            raise ReportError(f"{folder} is being written by another run (pid {held.get('pid')}"
                              f" on {held.get('host')}, corpus {held.get('corpus')}); wait for "
                              f"it or choose another OUT (if no run is going, delete {path})"
                              ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(claim)
        return path
    raise ReportError(f"cannot lock {folder}")


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _publish(stages: dict[Path, Path], out: Path, manifest: dict) -> dict[str, dict]:
    """Move every staged file to its place (each folder's stage → the folder), remove what
    the previous run wrote there and this one did not, and return the new file list (paths
    relative to ``out`` where they are inside it)."""
    def key(path: Path) -> str:
        return path.relative_to(out).as_posix() if _inside(path, out) else str(path)

    files: dict[str, dict] = {}
    for stage, final in stages.items():
        for path in _files_under(stage):
            target = final / path.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = path.read_bytes()
            os.replace(path, target)
            files[key(target)] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    for old in (out / name for name in manifest.get("files", {})):
        if (key(old) not in files and old.is_file()
                and any(_inside(old, final) for final in stages.values())):
            old.unlink()
    for stage in stages:
        shutil.rmtree(stage, ignore_errors=True)
    return files


def _earlier_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def run(corpus: str, metadata: str | None, out: str, reports: str,
        notebooks: str = "notebooks", engine: str = "local", columns: str = "",
        gazetteer: str | None = None, group_by: str = "source") -> int:
    """Execute every notebook and render it; return a process exit code (2: arguments
    refused, 1: a notebook stopped, 0: done).

    The run owns its folders: it locks ``OUT`` (and ``REPORTS``), writes everything into a
    hidden stage folder, and only when every notebook has run moves the files into place and
    writes ``OUT/manifest.json`` (which run wrote which file). An interrupted or failed run
    leaves the earlier outputs whole and its own partial ones in the stage folder, named in
    the message."""
    import papermill as pm

    corpus_path, out_path = Path(corpus).resolve(), Path(out).resolve()
    reports_path, nb_dir = Path(reports).resolve(), Path(notebooks).resolve()
    meta_path = Path(metadata).absolute() if metadata else None
    gaz_path = Path(gazetteer).resolve() if gazetteer else None
    try:
        check_arguments(corpus_path, meta_path.resolve() if meta_path else None, columns,
                        out_path, reports_path, engine, gaz_path)
    except ReportError as err:
        print(f"marsad: {err}", file=sys.stderr)
        return 2
    run_id = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    locks: list[Path] = []
    try:
        for folder in dict.fromkeys([out_path, reports_path]):
            locks.append(_lock(folder, run_id, corpus))
    except ReportError as err:
        for lock in locks:
            lock.unlink(missing_ok=True)
        print(f"marsad: {err}", file=sys.stderr)
        return 2
    try:
        return _run_locked(pm, corpus, corpus_path, meta_path, columns, out_path, reports_path,
                           nb_dir, engine, run_id, gaz_path, group_by)
    finally:
        for lock in locks:
            lock.unlink(missing_ok=True)


def _run_locked(pm, corpus: str, corpus_path: Path, meta_path: Path | None, columns: str,
                out_path: Path, reports_path: Path, nb_dir: Path, engine: str,
                run_id: str, gaz_path: Path | None = None, group_by: str = "source") -> int:
    stage_out = out_path / f"{STAGE_PREFIX}{run_id}"
    stage_reports = (stage_out / "reports-stage" if reports_path == out_path
                     else reports_path / f"{STAGE_PREFIX}{run_id}")
    stages = {stage_out: out_path, stage_reports: reports_path}
    manifest = {"run": run_id, "status": "running", "corpus": corpus,
                "metadata": str(meta_path or ""), "columns": columns, "engine": engine,
                "gazetteer": str(gaz_path or ""), "group_by": group_by,
                "started": dt.datetime.now().isoformat(timespec="seconds")}
    (stage_out / "notebooks").mkdir(parents=True, exist_ok=True)
    stage_reports.mkdir(parents=True, exist_ok=True)
    write_json(manifest, stage_out / MANIFEST)  # a stage folder says what it is
    params = {"CORPUS": str(corpus_path), "OUT": str(stage_out), "ENGINE": engine,
              "COLUMNS": columns, "METADATA": str(meta_path) if meta_path else None,
              "GAZETTEER": str(gaz_path) if gaz_path else None, "GROUP_BY": group_by}
    from marsad.pipeline import is_bundled_seeds_path

    seeds = is_bundled_seeds_path(corpus_path)
    rendered: list[Path] = []
    kernel_log = stage_out / "notebooks" / "kernels.log"
    for nb in _notebooks(nb_dir):
        executed = stage_out / "notebooks" / nb.name
        print(f"marsad: running {nb.name} on {corpus}", flush=True)
        try:
            declared = pm.inspect_notebook(str(nb))  # each notebook gets the ones it reads
            pm.execute_notebook(str(nb), str(executed), cwd=str(nb_dir),
                                parameters={k: v for k, v in params.items() if k in declared},
                                progress_bar=False, kernel_name="python3", log_output=False,
                                kernel_manager_class=_ipc_kernels(kernel_log))
        except pm.PapermillExecutionError as err:
            print(f"marsad: {nb.name} stopped at cell {err.exec_count}: {err.ename}: "
                  f"{err.evalue}\n  (the executed notebook is {executed}; the kernels' own "
                  f"messages are in {kernel_log}; this run's partial outputs are in "
                  f"{stage_out}; {out_path} still holds the earlier outputs)", file=sys.stderr)
            print(account_report(stage_out), flush=True)
            return 1
        _unstage_paths(executed, stage_out, out_path)
        _for_this_corpus(executed, seeds)
        rendered += _render(executed, stage_reports, stage_out)
    from marsad.overview import write_overview
    from marsad.workbook import WORKBOOK, write_workbook

    write_workbook(stage_out)
    write_overview(stage_out, stage_reports, corpus, rendered,
                   Path(os.path.relpath(out_path / WORKBOOK, reports_path)).as_posix())
    (stage_out / MANIFEST).unlink()
    earlier = _earlier_manifest(out_path)
    for old in sorted(out_path.glob(f"{STAGE_PREFIX}*")) + sorted(
            reports_path.glob(f"{STAGE_PREFIX}*")):
        if old not in stages:  # left by runs that were stopped: the lock says none is going
            shutil.rmtree(old, ignore_errors=True)
    files = _publish({stage_reports: reports_path, stage_out: out_path}, out_path, earlier)
    manifest.update(status="complete", finished=dt.datetime.now().isoformat(timespec="seconds"),
                    files=files)
    write_json(manifest, out_path / MANIFEST)
    print(f"marsad: wrote {len(rendered)} HTML reports and {reports_path / 'index.html'}")
    print(account_report(out_path), flush=True)
    return 0


def _unstage_paths(executed: Path, stage: Path, out: Path) -> None:
    """The executed notebook names the stage folder (its ``OUT`` parameter); once published
    its files are in ``out``: say so in the notebook too."""
    text = executed.read_text(encoding="utf-8")
    staged = json.dumps(str(stage), ensure_ascii=False)[1:-1]
    if staged in text:
        final = json.dumps(str(out), ensure_ascii=False)[1:-1]
        atomic_write_text(executed, text.replace(staged, final))


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
    parser.add_argument("--gazetteer", default="",
                        help="a CSV of your own entities to add, rename or reject")
    parser.add_argument("--columns", default="",
                        help="input columns by role when not the usual names, "
                             "e.g. text:النص,id:المعرف")
    parser.add_argument("--out", default="output")
    parser.add_argument("--reports", default="reports")
    parser.add_argument("--notebooks", default="notebooks")
    parser.add_argument("--engine", default="local", help="local, stream or dask")
    parser.add_argument("--scheduler", default="",
                        help="dask scheduler address (tcp://host:8786) for --engine dask")
    parser.add_argument("--group-by", default="source",
                        help="the metadata column whose groups notebooks 02-03 compare")
    parser.add_argument("--learn", default="",
                        help="boilerplate learned per source: empty or 1 (learn from the corpus), "
                             "0 (packaged rules only), or a learned_rules.csv to use as it is")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("TQDM_DISABLE", "1")  # no progress bars inside the HTML reports
    if args.scheduler:  # read by marsad.engine in the notebooks' kernels
        os.environ["MARSAD_SCHEDULER"] = args.scheduler
    if args.learn.strip():  # read by marsad.pipeline / marsad.engine in the notebooks' kernels
        try:
            os.environ["MARSAD_LEARN"] = learn_setting(args.learn)
        except ReportError as err:
            print(f"marsad: {err}", file=sys.stderr)
            return 2
    return run(args.corpus, args.metadata or None, args.out, args.reports,
               args.notebooks, args.engine, args.columns, args.gazetteer or None,
               args.group_by.strip() or "source")


if __name__ == "__main__":
    raise SystemExit(main())
