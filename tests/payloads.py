"""Hostile strings a corpus may hold (issue 12), and a corpus folder carrying them.

Script in HTML, entity-encoded script, spreadsheet formulas, TeX dollars, a bidi override and
control characters; each must reach a report as text and a CSV as an inert cell.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
ENCODED_IMG = "&lt;img src=x onerror=alert(1)&gt;"
HYPERLINK = '=HYPERLINK("http://x","click")'
DDE = "=cmd|' /C calc'!A0"
DOLLARS = "$5 مليون و$3"
BIDI = "bidi-\u202egpj.exe"
NUL = "a\x00b"

#: Every hostile string, for tables and CSV cells.
ALL = [IMG, SVG, SCRIPT, ENCODED_IMG, HYPERLINK, DDE, DOLLARS, BIDI, NUL,
       "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "'quoted", "''", "-3.5"]


def write_corpus(folder: Path) -> Path:
    """The five seed articles plus payload articles: file names and texts holding the strings
    above (a NUL makes a file binary, so BEL stands for the control character in texts)."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    body = (f"{HYPERLINK}\n"
            f"كوريا الشمالية تطلق صاروخا {IMG} و{SVG} وقالت وكالة الأنباء إن الإطلاق تم بنجاح "
            f"في بيونغ يانغ.\n"
            f"وأعلنت روسيا {ENCODED_IMG} أن الرئيس بوتين سيزور كوريا الشمالية في الشهر المقبل "
            f"بتكلفة {DOLLARS} للزيارة.\n"
            f"{DDE}\n"
            f"وقال المتحدث باسم الكرملين إن الزيارة \x07 ستبحث التعاون العسكري بين روسيا وكوريا "
            f"الشمالية {BIDI} في موسكو.\n")
    names = [f"{IMG}.txt", f"{SVG}.txt", f"{HYPERLINK.replace('/', '')}.txt", "bidi-\u202egpj.txt"]
    for i, name in enumerate(names):
        (folder / name).write_text(body.replace("بوتين", f"بوتين {i}"), encoding="utf-8")
    (folder / BIDI).write_text("x", encoding="utf-8")
    return folder


class _Live(HTMLParser):
    """Elements that run or fetch something, and ``on…`` attributes, in an HTML page."""

    _ACTIVE = {"script", "svg", "iframe", "object", "embed", "math", "img"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src") or ""
        if tag in self._ACTIVE and not (tag == "img" and src.startswith("data:image/")):
            self.found.append(f"<{tag} {attrs}>")  # a plot (data: image) is no payload
        self.found += [f"<{tag} {n}={v}>" for n, v in attrs if n.startswith("on")]


def live_markup(page: str) -> list[str]:
    """``<script>``, ``<svg>``, ``<img>`` (other than inline plots), ``<iframe>`` … elements
    and ``on…=`` attributes found in ``page`` by the standard HTML parser."""
    parser = _Live()
    parser.feed(page)
    parser.close()
    return parser.found


class _CorpusMarkup(HTMLParser):
    """Markup that came from a corpus and would run: an element whose attribute or script body
    carries the payloads' ``alert(`` outside a JSON string (a searchable table's rows are JSON
    strings in a script, their ``<`` escaped), or an ``on…`` handler attribute. The page's own
    scripts (the searchable tables' library) are allowed; :func:`live_markup` allows none."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if "alert(" in (value or "") or (name.startswith("on") and value):
                self.live.append(f"<{tag} {name}={value!r}>")
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', data) if self._script else ""
        if "alert(" in code:
            self.live.append(f"<script>{data[:80]}")


def corpus_markup(page: str) -> list[str]:
    """What :class:`_CorpusMarkup` finds in ``page`` (a report whose tables are searchable)."""
    parser = _CorpusMarkup()
    parser.feed(page)
    parser.close()
    return parser.live
