"""Text from a corpus stays text: shown visibly in one-line places, never live in HTML or Excel.

* :func:`visible_controls` — control characters and bidi overrides in a name or id (a file
  name holding a newline, NUL or U+202E) shown as ``⟨U+202E⟩`` so a line of the account stays
  one line and ``bidi-‮gpj.exe`` cannot pass for ``bidi-exe.jpg``.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab, newline and the rest), DEL, and the bidi formatting characters
# that reorder what follows them: ALM, LRM/RLM, LRE…RLO, LRI…PDI.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(text: str) -> str:
    """``text`` with each control or bidi formatting character written as ``⟨U+XXXX⟩``."""
    if not isinstance(text, str) or _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)
