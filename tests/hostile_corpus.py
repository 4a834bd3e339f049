"""Corpora that once broke a run or a reader's trust (issue 12), written for the report runner.

``write(folder)`` builds one folder holding one of each hostile or messy input — truncated
archives, a file name in Windows-1256, names with control and bidi characters or markup,
symbolic links that loop or dangle, a FIFO, unreadable dates, fields named like computed
columns, ids that differ only by Unicode form or case, an Excel CSV with Arabic headers and
``;``, script and spreadsheet formulas in ids, titles, sources and text — plus ``metadata.csv``
(kept outside the corpus folder, as ``<folder>-metadata.csv``). It returns ``EXPECTED``: file
name → ``("loaded" | "skipped" | "partly loaded", reason or None)``.

``write_small(folder)`` writes the small corpora every notebook must also run on: one article;
no name, no date and no event; 1,000 tiny articles; one article of about 4 MB.

By hand::

    .venv/bin/python tests/hostile_corpus.py output/hostile
    make report CORPUS=output/hostile METADATA=output/hostile-metadata.csv OUT=output/h
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

#: Script that must never run in a report: each one alerts its own number if it does.
SCRIPT = ['<img src=x onerror="alert(1)">', "<svg onload=alert(2)>",
          "<script>alert(3)</script>", "&lt;img src=x onerror=alert(4)&gt;"]
#: Cells a spreadsheet would run as formulas.
FORMULAS = ['=HYPERLINK("http://example.com","click")', "=cmd|' /C calc'!A0", "+1+2", "-3+4",
            "@SUM(A1)", "\t=1", "\r=2"]
NFC_ID = unicodedata.normalize("NFC", "مآل")
NFD_ID = unicodedata.normalize("NFD", "مآل")
CP1256_NAME = "تقرير موسكو"

#: file name → (status in inputs.csv, reason or note expected there)
EXPECTED: dict[str, tuple[str, str | None]] = {
    "01-cut.txt.gz": ("skipped", "unreadable file"),
    "02-cut.jsonl.gz": ("partly loaded", "unreadable file"),
    f"03-{CP1256_NAME}.txt": ("loaded", "file name not UTF-8"),
    "04-bidi-⟨U+202E⟩gpj.txt": ("loaded", "control characters in name shown"),
    "05-new⟨U+000A⟩line.txt": ("loaded", "control characters in name shown"),
    f"06-{SCRIPT[1]}.txt": ("loaded", None),
    "07-feed.jsonl": ("loaded", "unreadable date"),
    "08-ids.jsonl": ("loaded", "ambiguous column"),
    "09-excel.csv": ("loaded", None),
    "10-page.html": ("loaded", "html stripped"),
    "11-pipe.txt": ("skipped", "not a regular file"),
    "12-gone.txt": ("skipped", "dangling link"),
    "13-loop": ("skipped", "symbolic link loop"),
    "linked/14-elsewhere.txt": ("loaded", None),
}


def _seed(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def _body(i: int, lines: int = 6) -> str:
    return "\n".join(_seed(i).splitlines()[:lines])


def write(folder: str | Path) -> dict[str, tuple[str, str | None]]:
    """Write the hostile corpus into ``folder`` and its metadata beside it; return EXPECTED."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    outside = folder.parent / f"{folder.name}-linked"
    outside.mkdir(exist_ok=True)
    long_gz = gzip.compress((_seed(0) * 40).encode(), mtime=0)
    feed_gz = gzip.compress("".join(
        json.dumps({"id": f"cut-{i}", "text": _seed(i % 5)}, ensure_ascii=False) + "\n"
        for i in range(60)).encode(), mtime=0)
    files: dict[str, bytes] = {
        "01-cut.txt.gz": long_gz[: len(long_gz) // 2],
        "02-cut.jsonl.gz": feed_gz[: len(feed_gz) // 2],
        "04-bidi-\u202egpj.txt": _body(1).encode(),
        "05-new\nline.txt": _body(2).encode(),
        f"06-{SCRIPT[1]}.txt": (SCRIPT[0] + "\n" + _body(3)).encode(),
        "07-feed.jsonl": "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in [
            {"id": "undated-1", "date": "0000-00-00 00:00:00", "text": _body(0)},
            {"id": "undated-2", "date": "2023-02-30", "text": _body(1)},
            {"id": "undated-3", "date": "yesterday", "terms": "not terms", "text": _body(2)},
            {"id": SCRIPT[0], "title": SCRIPT[1], "source": SCRIPT[2],
             "date": "2023-09-13", "text": f"{SCRIPT[3]}\n{_body(3)}\n{SCRIPT[0]} بوتين."},
            {"id": FORMULAS[0], "title": FORMULAS[1], "source": FORMULAS[2],
             "url": FORMULAS[4], "text": f"{FORMULAS[3]}\n{_body(4)}\nكلف $5 مليون و$3."},
            {"id": "nul", "title": "عنوان\u0000 فيه\u202e صفر", "text": _body(0) + "\u0000"},
        ]).encode(),
        "08-ids.jsonl": "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in [
            {"ID": "upper-1", "id": NFC_ID, "text": _body(1)},
            {"ID": "upper-2", "id": NFD_ID, "text": _body(2)},
            {"ID": "upper-3", "id": "Case", "text": _body(3)},
            {"ID": "upper-4", "id": "case", "text": _body(4)},
        ]).encode(),
        "09-excel.csv": ("\ufeffالمعرف;العنوان;التاريخ;النص\n"
                         f'excel-1;قمة موسكو;2023-09-13;"{_body(0, 3)}"\n').encode(),
        "10-page.html": (f"<html><head><title>{SCRIPT[3]}</title></head><body>"
                         + "".join(f"<p>{line}</p>" for line in _body(4).splitlines())
                         + f"<p>{SCRIPT[3]}</p></body></html>").encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / os.fsdecode(b"03-" + CP1256_NAME.encode("cp1256") + b".txt")).write_bytes(
        _body(0).encode())
    (outside / "14-elsewhere.txt").write_bytes(_body(1).encode())
    _link(folder / "linked", outside)
    _link(folder / "12-gone.txt", folder / "no-such-file.txt")
    _link(folder / "13-loop", folder)
    if not (folder / "11-pipe.txt").exists():
        os.mkfifo(folder / "11-pipe.txt")
    (folder.parent / f"{folder.name}-metadata.csv").write_text(
        "article_id,published,source,desk,terms\n"
        f"{NFD_ID},2023-09-13,{FORMULAS[1]},العالم,x\n"
        "undated-1,2024-02-30,مصدر,العالم,\n"
        "excel-1,,@cmd,الاقتصاد,\n", encoding="utf-8")
    return dict(EXPECTED)


def _link(path: Path, target: Path) -> None:
    if not path.is_symlink():
        path.symlink_to(target)


def write_small(folder: str | Path) -> dict[str, Path]:
    """The small corpora every notebook must run on; name → path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    one = folder / "one.jsonl"
    one.write_text(json.dumps({"id": "a", "text": "التقى بوتين كيم في موسكو."},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    plain = folder / "plain"
    plain.mkdir(exist_ok=True)
    (plain / "weather.txt").write_text(
        "الطقس معتدل في معظم المناطق مع رياح خفيفة.\n"
        "ينصح خبراء التغذية بتناول الخضار والفواكه والإكثار من شرب الماء.\n", encoding="utf-8")
    (plain / "cooking.txt").write_text(
        "الطبخ في البيت أوفر وأصح من الأكل في المطاعم.\n", encoding="utf-8")
    rng = random.Random(1)
    words = ("الطقس المطر الشمس البحر الجبل المدينة القرية الطريق السيارة القطار المدرسة "
             "الطالب المعلم الكتاب").split()
    tiny = folder / "tiny.jsonl"
    tiny.write_text("".join(json.dumps({"id": f"t{i}", "text": " ".join(
        rng.choice(words) for _ in range(rng.randint(1, 8)))}, ensure_ascii=False) + "\n"
        for i in range(1000)), encoding="utf-8")
    big = folder / "big"
    big.mkdir(exist_ok=True)
    text = "\n\n".join(_seed(i % 5) for i in range(900))  # about 4 MB of real news text
    (big / "dump.txt").write_text(text, encoding="utf-8")
    return {"one": one, "plain": plain, "tiny": tiny, "big": big}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "output/hostile")
    write(target)
    write_small(target.parent / f"{target.name}-small")
    print(f"wrote {target}, {target.parent / (target.name + '-metadata.csv')} and "
          f"{target.parent / (target.name + '-small')}")
