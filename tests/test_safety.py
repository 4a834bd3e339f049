"""marsad.safety: corpus text shown as text."""

from __future__ import annotations

from marsad.safety import visible_controls


def test_controls_and_bidi_overrides_become_visible():
    assert visible_controls("bidi-\u202egpj.exe") == "bidi-⟨U+202E⟩gpj.exe"
    assert visible_controls("a\nb\x00c\td") == "a⟨U+000A⟩b⟨U+0000⟩c⟨U+0009⟩d"
    assert visible_controls("مآل.txt") == "مآل.txt"  # ordinary Arabic untouched
