"""Plots with Arabic labels that render joined and right-to-left.

matplotlib ≥ 3.11 shapes complex scripts itself (libraqm): plain Unicode strings render
correctly, and reshaping them again with arabic-reshaper + python-bidi would reverse them.
Older matplotlib draws code points left to right, unjoined; only there do we reshape.
:func:`ar` makes that choice once, by version, so notebooks always pass labels through it.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

# Fallbacks for scripts DejaVu Sans lacks (Hangul names in Korean news); missing fonts are
# skipped by matplotlib's font fallback.
FONT_FAMILY = ["DejaVu Sans", "Noto Sans CJK KR", "Noto Sans KR", "Noto Naskh Arabic"]


def _version_tuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int("".join(ch for ch in minor if ch.isdigit()) or 0)


def matplotlib_shapes_arabic(version: str | None = None) -> bool:
    """True when this matplotlib shapes Arabic itself (3.11 and later)."""
    return _version_tuple(version or matplotlib.__version__) >= (3, 11)


def ar(text: str, *, shaped_by_renderer: bool | None = None) -> str:
    """Return ``text`` ready for a matplotlib label.

    Unchanged where matplotlib shapes text; reshaped and reordered (with the Allah
    ligature disabled, which DejaVu Sans lacks) where it does not.
    """
    if shaped_by_renderer is None:
        shaped_by_renderer = matplotlib_shapes_arabic()
    if shaped_by_renderer:
        return text
    import arabic_reshaper
    from bidi import get_display

    reshaper = arabic_reshaper.ArabicReshaper({"support_ligatures": True,
                                               "ARABIC LIGATURE ALLAH": False})
    return get_display(reshaper.reshape(text))


def setup(style: str = "default") -> None:
    """Apply Marsad's plotting defaults (fonts with fallbacks, readable sizes)."""
    plt.style.use(style)
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = FONT_FAMILY + list(plt.rcParams["font.sans-serif"])
    plt.rcParams["figure.dpi"] = 100
    plt.rcParams["axes.titlesize"] = 13


def barh(values: pd.Series, title: str = "", xlabel: str = "", ax=None, color: str = "#3b6ea5"):
    """Horizontal bar chart of a Series (index = labels), largest on top, Arabic labels."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.35 * max(len(values), 3) + 1))
    if values.empty:
        return nothing_to_draw(ax, "nothing to count")
    values = values.iloc[::-1]
    ax.barh([ar(str(label)) for label in values.index], values.to_numpy(), color=color)
    ax.set_title(ar(title))
    ax.set_xlabel(ar(xlabel))
    ax.figure.tight_layout()
    return ax


def nothing_to_draw(ax, message: str):
    """Write ``message`` in the middle of an empty ``ax`` (a corpus with nothing to plot gets
    a picture that says so, not an error or a blank frame)."""
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555",
            wrap=True, transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def labels(texts: Iterable[str]) -> list[str]:
    """:func:`ar` over several labels."""
    return [ar(str(t)) for t in texts]
