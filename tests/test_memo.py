"""The bounded text memo shared by sentence splitting, normalization offsets and matching."""

from __future__ import annotations

from sources import seed_body

from marsad.memo import TextMemo
from marsad.sentences import split_sentences


def test_memo_remembers_recent_texts_within_its_budget():
    calls: list[str] = []

    def compute(text: str) -> int:
        calls.append(text)
        return len(text)

    memo: TextMemo[int] = TextMemo(max_chars=10)
    assert memo("abcd", compute) == 4 and memo("abcd", compute) == 4
    assert calls == ["abcd"]
    memo("efghij", compute)  # 10 characters: both kept
    assert memo.get("abcd") == 4 and len(memo) == 2
    memo("k", compute)  # 11: the oldest goes
    assert memo.get("abcd") is None and memo.get("efghij") == 6
    memo.clear()
    assert len(memo) == 0 and memo.get("k") is None


def test_remembered_sentences_cannot_be_changed_by_a_caller():
    text = seed_body("001")
    first = split_sentences(text)
    assert len(first) > 10
    first.clear()
    assert split_sentences(text) and split_sentences(text) == split_sentences(text + "")
