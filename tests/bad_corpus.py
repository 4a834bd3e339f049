"""A corpus folder holding one of each bad input Marsad must survive (issue 7).

``write(folder)`` builds it from the five seed articles, deterministically (same bytes every
time), and returns what each file should become: ``EXPECTED`` maps file name → ("loaded", note
or None) or ("skipped", reason). The folder also holds ``metadata.csv`` (one row for a real
article, one for an id that does not exist).

Run by hand, then through the report::

    .venv/bin/python tests/bad_corpus.py output/bad-corpus
    make report CORPUS=output/bad-corpus METADATA=output/bad-corpus/metadata.csv OUT=output/bad
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

#: file → (outcome, reason or note). JSONL/CSV files list their records' outcomes instead.
EXPECTED: dict[str, tuple[str, str | None]] = {
    "01-empty.txt": ("skipped", "empty file"),
    "02-whitespace.txt": ("skipped", "whitespace only"),
    "03-binary.txt": ("skipped", "binary file"),
    "04-windows-1256.txt": ("loaded", None),
    "05-utf16.txt": ("loaded", None),
    "06-english.txt": ("loaded", "no Arabic letters"),
    "07-page.html": ("loaded", "html stripped"),
    "08-long-line.txt": ("loaded", None),
    "09-crlf.txt": ("loaded", None),
    "10-feed.jsonl": ("loaded", "duplicate id renamed"),  # and one broken line
    "11-no-text.csv": ("skipped", "no text column"),
}
#: Records of 10-feed.jsonl: ids loaded (the repeated one renamed) and the line skipped.
FEED_IDS = ["feed-1", "feed-2", "feed-1__2"]
FEED_BROKEN_LINE = 3
LONG_LINE_BYTES = 10_000_000


def cp1256_text(text: str) -> str:
    """The seed text as a Windows-1256 file would hold it."""
    return text.replace("\u06cc", "\u064a")


def _seed(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def _long_line() -> str:
    """A single line of >10 MB: seed words in a fixed pseudo-random order, no line break."""
    words = " ".join(_seed(i) for i in range(5)).split()
    rng = random.Random(7)
    out: list[str] = []
    size = 0
    while size <= LONG_LINE_BYTES:
        word = rng.choice(words)
        out.append(word)
        size += len(word.encode()) + 1
    return " ".join(out)


def write(folder: str | Path) -> dict[str, tuple[str, str | None]]:
    """Write the bad corpus into ``folder`` (created) and return :data:`EXPECTED`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    body0, body1, body2, body3, body4 = (_seed(i) for i in range(5))
    files: dict[str, bytes] = {
        "01-empty.txt": b"",
        "02-whitespace.txt": " \n\t\n\u200f \n".encode(),
        "03-binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        # Windows-1256 has no Persian yeh (ی); a real cp1256 file would hold the Arabic ي.
        "04-windows-1256.txt": cp1256_text(body0).encode("cp1256"),
        "05-utf16.txt": body1.encode("utf-16"),
        "06-english.txt": b"Pyongyang and Moscow signed a treaty on 19 June 2024.\n",
        "07-page.html": (
            "<!doctype html><html><head><meta charset='utf-8'><title>خبر</title>"
            "<style>p{color:red}</style><script>var x = 1;</script></head><body>"
            "<nav>الرئيسية | أخبار | رياضة</nav><article>"
            + "".join(f"<p>{line}</p>" for line in body2.splitlines() if line.strip())
            + "</article></body></html>").encode(),
        "08-long-line.txt": _long_line().encode(),
        "09-crlf.txt": "\r\n".join(body3.splitlines()[:4]).encode()
        + b"\r" + "\n".join(body3.splitlines()[4:]).encode(),
        "10-feed.jsonl": "\n".join([
            json.dumps({"id": "feed-1", "title": "أ", "date": "2024-06-19",
                        "text": body4}, ensure_ascii=False),
            json.dumps({"id": "feed-2", "date": "2023-09-13", "text": body1[:1500]},
                       ensure_ascii=False),
            '{"id": "feed-3", "text": "بوتين يلتقي كيم',  # cut off: broken JSON
            json.dumps({"id": "feed-1", "text": body0[:800]}, ensure_ascii=False),
        ]).encode() + b"\n",
        "11-no-text.csv": "id,title,date\nx1,قمة بوتين وكيم,2023-09-13\n".encode(),
        "metadata.csv": ("article_id,source,title\n"
                         "feed-2,وكالة تجريبية,\n"
                         "no-such-article,مصدر,عنوان\n").encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return dict(EXPECTED)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "output/bad-corpus")
    write(target)
    print(f"wrote {len(EXPECTED) + 1} files to {target}")
