r"""Text from a corpus stays text: shown visibly in one-line places, never live in HTML or Excel.

Every rule about showing corpus text safely lives here; :mod:`marsad.display` (HTML tables and
blocks), :mod:`marsad.outputs` (CSVs) and :mod:`marsad.report` (HTML reports) apply them.

* :func:`visible_controls` — control characters and bidi formatting characters in a name or id
  (a file name holding a newline, NUL or U+202E) shown as ``⟨U+202E⟩`` so a line of the account
  stays one line and ``bidi-\u202egpj.exe`` cannot pass for ``bidi-exe.jpg``.
* :func:`visible_text_controls` — the same for running text (titles, sentences, lines, cells),
  which keeps its tabs and line breaks and the harmless direction marks LRM, RLM and ALM: NUL,
  the other C0/C1 controls and the bidi embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069) are shown as ``⟨U+XXXX⟩``. The note is the mark itself: it says which
  character was there, and nothing is silently lost.
* :func:`html_text` — a value for HTML: controls made visible, then ``& < > " '`` escaped, so a
  ``<img src=x onerror=…>`` in a headline is shown as those characters and never runs.
  :data:`MATH_IGNORE_CLASSES` goes on every element holding corpus text, so MathJax (JupyterLab,
  classic Notebook) never typesets "$5 مليون … $3" as mathematics.
* :func:`spreadsheet_cell` / :func:`restore_cell` — CSV formula injection (OWASP): a text cell
  starting with ``= + - @``, tab or CR is a formula in Excel and LibreOffice; it is written with
  a leading ``'`` (the standard mark for "text"). A cell starting with ``'`` gets one too, so
  :func:`restore_cell` (stripping exactly one) gives back the exact text. Controls are made
  visible there too (a NUL breaks many CSV readers) and a CR line end is written as ``\n``
  (a bare CR would end the row in every reader).
* :func:`external_references` — the addresses an HTML page would fetch from the network (script,
  link, img, iframe … and ``import("…")`` in inline scripts): a report must have none.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# C0 and C1 controls (tab, newline and the rest), DEL, and the bidi formatting characters
# that reorder what follows them: ALM, LRM/RLM, LRE…RLO, LRI…PDI.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# In running text: C0 controls except tab, line feed and carriage return (layout, shown as
# white space), DEL, C1 controls, and the bidi embeddings/overrides (LRE RLE PDF LRO RLO) and
# isolates (LRI RLI FSI PDI), which reorder the text after them. LRM, RLM and ALM are kept:
# they are ordinary marks in Arabic text and cannot make one string look like another.
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: First characters that make a spreadsheet cell a formula (OWASP "CSV injection"): = + - @,
#: tab and carriage return. Such a text cell is written with a leading :data:`TEXT_MARK`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The leading apostrophe that tells Excel and LibreOffice "this cell is text".
TEXT_MARK = "'"
#: Text that :func:`spreadsheet_cell` changes (for a vectorized first look at a column).
SPREADSHEET_UNSAFE = re.compile("^[" + re.escape("".join(FORMULA_STARTS) + TEXT_MARK) + "]|\r|"
                                + _TEXT_CONTROLS.pattern)
# A CR line end inside a cell: pandas (lines ending in \n) leaves such a cell unquoted, and every
# reader (pandas, Python's csv, Excel) then ends the row there.
_CR_LINE_END = re.compile("\r\n?")

#: Classes MathJax skips: ``tex2jax_ignore`` (MathJax 2 and 3, Jupyter Notebook, JupyterLab)
#: and ``mathjax_ignore`` (the MathJax 3/4 default name).
MATH_IGNORE_CLASSES = "tex2jax_ignore mathjax_ignore"


def _code(match: re.Match) -> str:
    return f"⟨U+{ord(match.group()):04X}⟩"


def visible_controls(text: str) -> str:
    """``text`` with each control or bidi formatting character written as ``⟨U+XXXX⟩``."""
    if not isinstance(text, str) or _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(_code, text)


def visible_text_controls(text: str) -> str:
    """``text`` with NUL, other controls (not tab/LF/CR) and bidi overrides as ``⟨U+XXXX⟩``."""
    if not isinstance(text, str) or _TEXT_CONTROLS.search(text) is None:
        return text
    return _TEXT_CONTROLS.sub(_code, text)


def html_text(value: object) -> str:
    """``value`` as HTML text: ``str(value)``, controls made visible, ``& < > " '`` escaped."""
    return html.escape(visible_text_controls(value if isinstance(value, str) else str(value)))


def spreadsheet_cell(value: object) -> object:
    r"""A CSV cell that a spreadsheet shows as text: ``value`` with controls made visible, a
    leading ``'`` when it starts with a formula character or ``'``, and CR line ends (``\r\n``,
    ``\r``) written as ``\n`` as the corpus loader does for texts. Non-strings unchanged."""
    if not isinstance(value, str):
        return value
    value = visible_text_controls(value)
    if value.startswith(FORMULA_STARTS) or value.startswith(TEXT_MARK):
        value = TEXT_MARK + value
    if "\r" in value:
        value = _CR_LINE_END.sub("\n", value)
    return value


def restore_cell(value: object) -> object:
    r"""The text :func:`spreadsheet_cell` was given: one leading ``'`` removed. Exact except for
    what it made visible (``⟨U+0000⟩`` is not turned back into NUL) and CR line ends (``\n``)."""
    if isinstance(value, str) and value.startswith(TEXT_MARK):
        return value[len(TEXT_MARK):]
    return value


# Attributes that make a browser fetch an address, by element.
_FETCHING = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"),
             "iframe": ("src",), "frame": ("src",), "embed": ("src",), "object": ("data",),
             "audio": ("src",), "video": ("src", "poster"), "source": ("src", "srcset"),
             "track": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
             "input": ("src",)}
_NETWORK = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
# In inline code: any quoted address in a script (import("…"), fetch("…"), src = "…"), and
# @import or url(…) of one in a style.
_INLINE_FETCH = {
    "script": re.compile(r"""["'`]\s*((?:[a-z][a-z0-9+.-]*:)?//[^"'`\s]+)""", re.IGNORECASE),
    "style": re.compile(r"""(?:@import|\burl\()\s*["']?((?:[a-z][a-z0-9+.-]*:)?//[^"')\s]+)""",
                        re.IGNORECASE)}

class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value or name not in _FETCHING.get(tag, ()):
                continue
            addresses = value.split(",") if name == "srcset" else [value]
            if any(_NETWORK.match(a) for a in addresses):
                self.found.append(f"<{tag} {name}={value}>")
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.found += [f"<{self._in}> {m.group(1)}"
                           for m in _INLINE_FETCH[self._in].finditer(data)]


def external_references(page: str) -> list[str]:
    """What ``page`` would load from the network: elements whose ``src``/``href``/… is an
    ``http(s)://`` or ``//`` address, a quoted address in an inline script, ``@import`` or
    ``url()`` of one in a style. An offline report returns ``[]``. Links (``<a href>``) are not loads."""
    parser = _References()
    parser.feed(page)
    parser.close()
    return parser.found
