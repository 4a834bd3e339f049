"""marsad.safety: corpus text shown as text — in tables, blocks, CSV cells and HTML reports."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import payloads
import pytest

from marsad import report
from marsad.safety import (
    external_references,
    html_text,
    restore_cell,
    spreadsheet_cell,
    visible_controls,
    visible_text_controls,
)

ROOT = Path(__file__).resolve().parents[1]


def test_controls_and_bidi_overrides_become_visible():
    assert visible_controls("bidi-\u202egpj.exe") == "bidi-⟨U+202E⟩gpj.exe"
    assert visible_controls("a\nb\x00c\td") == "a⟨U+000A⟩b⟨U+0000⟩c⟨U+0009⟩d"
    assert visible_controls("مآل.txt") == "مآل.txt"  # ordinary Arabic untouched


def test_running_text_keeps_its_layout_and_marks():
    assert visible_text_controls("سطر\nسطر\tعمود\r\n") == "سطر\nسطر\tعمود\r\n"
    assert visible_text_controls("a\x00b\x07\x85\u202e\u2066") == (
        "a⟨U+0000⟩b⟨U+0007⟩⟨U+0085⟩⟨U+202E⟩⟨U+2066⟩")
    assert visible_text_controls("\u200fمرحبا\u061c") == "\u200fمرحبا\u061c"  # RLM, ALM kept


def test_html_text_is_inert():
    for value in payloads.ALL:
        assert payloads.live_markup(html_text(value)) == []
    assert html_text(payloads.IMG) == "&lt;img src=x onerror=alert(1)&gt;"
    assert html_text(payloads.ENCODED_IMG) == "&amp;lt;img src=x onerror=alert(1)&amp;gt;"
    assert html_text(["<b>"]) == "[&#x27;&lt;b&gt;&#x27;]"  # not a string: str() escaped too


@pytest.mark.parametrize("value", payloads.ALL)
def test_spreadsheet_cells_are_text_and_restore_exactly(value):
    cell = spreadsheet_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    if value in (payloads.NUL, payloads.BIDI) or "\r" in value:
        return  # made visible / CR written as \n: one way
    assert restore_cell(cell) == value


def test_numbers_are_not_spreadsheet_text():
    assert spreadsheet_cell(-3.5) == -3.5 and spreadsheet_cell(-2) == -2
    assert spreadsheet_cell("-3.5") == "'-3.5"  # a string is text, even when it looks numeric


def test_external_references_are_found():
    page = ('<a href="https://example.org">a link is no load</a><img src="data:image/png;base64,x">'
            '<script src="https://cdn.example/mathjax.js"></script><link href="//cdn.example/a.css">'
            '<style>b{background:url(data:x)} @import url("https://f.example/x.css");</style>'
            '<script type="module">const m = await import("https://cdn.example/mermaid.mjs")</script>')
    assert external_references(page) == [
        "<script src=https://cdn.example/mathjax.js>", "<link href=//cdn.example/a.css>",
        "<style> https://f.example/x.css", "<script> https://cdn.example/mermaid.mjs"]


def _payload_outputs() -> list[tuple[str, dict]]:
    """(code, output data) of cells showing every payload with Marsad's display helpers."""
    import pandas as pd

    from marsad.display import kwic_table, rtl_table, rtl_text, side_by_side

    every = payloads.ALL
    frame = pd.DataFrame({"title": every, "n": range(len(every))}, index=every)
    conc = pd.DataFrame({"article_id": every, "left": every, "match": every, "right": every})
    shown = [("rtl_table(frame, 't-payloads')", rtl_table(frame, "t-payloads").to_html()),
             ("rtl_text(text)", rtl_text("\n".join(every), title=every[0]).data),
             ("side_by_side(a, b)", side_by_side(every[0], every[1], first_title=every[2],
                                                 second_title=every[3]).data),
             ("kwic_table(conc, 'k')", kwic_table(conc, "k").to_html())]
    return [(code, {"text/html": page, "text/plain": repr(every)}) for code, page in shown]


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:
    """A notebook as papermill leaves it: cells with the display helpers' outputs, plus a
    printed payload list (no kernel needed: the outputs are made here)."""
    cells = []
    for n, (code, data) in enumerate(_payload_outputs(), start=1):
        cell = nbformat.v4.new_code_cell(code, execution_count=n)
        cell.outputs = [nbformat.v4.new_output("execute_result", data=data, execution_count=n)]
        cells.append(cell)
    printed = nbformat.v4.new_code_cell("print(*ALL, sep='\\n')", execution_count=len(cells) + 1)
    printed.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                              text="\n".join(payloads.ALL))]
    nb = nbformat.v4.new_notebook(cells=[*cells, printed])
    path = tmp_path_factory.mktemp("nb") / "01-payloads.ipynb"
    nbformat.write(nb, path)
    return path


def test_rendered_report_is_offline_and_inert(executed, tmp_path):
    written = report._render(executed, tmp_path)
    assert [p.name for p in written] == ["01-payloads.html", "01-payloads.noinput.html"]
    for path in written:
        page = path.read_text(encoding="utf-8")
        assert external_references(page) == []
        assert "MathJax" not in page and "require.js" not in page and "mermaid" not in page
        assert payloads.live_markup(page) == []
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "\x00" not in page and "\u202e" not in page  # printed ones too
        assert page.count('class="tex2jax_ignore mathjax_ignore"') >= 4  # every display helper


def test_report_of_a_hostile_corpus_is_inert(tmp_path):
    """End to end: file names and texts holding payloads, through ``python -m marsad.report``."""
    corpus = payloads.write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    env = {**os.environ, "TQDM_DISABLE": "1", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "marsad.report", "--corpus", str(corpus), "--out", str(out),
         "--reports", str(out / "reports"), "--notebooks", str(ROOT / "notebooks")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    pages = sorted((out / "reports").glob("*.html"))
    assert len(pages) == 11
    shown = 0
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert external_references(page) == [], path.name
        assert payloads.corpus_markup(page) == [], path.name
        shown += page.count("&lt;img src=x onerror=alert(1)&gt;")
    assert shown > 0  # the payloads were shown, as text
    quoted = 0
    for path in sorted(out.glob("*.csv")):
        raw = path.read_text(encoding="utf-8-sig")
        assert "\x07" not in raw and "\u202e" not in raw, path.name
        for row in csv.reader(io.StringIO(raw, newline="")):
            for cell in row:
                if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                    float(cell)  # only numbers (-0.25 in a numeric column) start so
                quoted += cell.startswith("'=")
    assert quoted > 0  # the formulas were written, as text


def test_a_kernels_own_stderr_goes_to_the_run_log_not_the_terminal(tmp_path):
    """pyzmq's shutdown noise ("Socket operation on non-socket", with a traceback) reached the
    analyst's terminal when two runs went at once; the kernel process's stderr now goes to
    OUT/notebooks/kernels.log, and a cell's own output still reaches the notebook."""
    import nbformat
    import papermill as pm

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os\nos.write(2, b'kernel noise\\n')\nprint('ok')")]
    nbformat.write(nb, tmp_path / "k.ipynb")
    log = tmp_path / "kernels.log"
    pm.execute_notebook(str(tmp_path / "k.ipynb"), str(tmp_path / "out.ipynb"),
                        progress_bar=False, kernel_name="python3",
                        kernel_manager_class=report._ipc_kernels(log))
    # the cell's noise is there, first; the kernel may add its own at shutdown (libzmq's
    # "Assertion failed: pfd.revents & POLLIN" when another run shares the machine)
    assert log.read_text(encoding="utf-8").startswith("kernel noise\n")
    ran = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert ran.cells[0].outputs[0]["text"] == "ok\n"
