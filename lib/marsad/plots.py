"""Every figure the notebooks draw, with Arabic labels that render joined and right-to-left.

The analysis modules compute tables; this module draws them: :func:`barh` (any counts),
:func:`plot_dispersion` (where terms occur, from :func:`marsad.keywords.dispersion`),
:func:`draw_network` and :func:`draw_heatmap` (co-occurrence, from :mod:`marsad.cooccur`),
:func:`plot_trends` and :func:`plot_stacked` (over time, from :mod:`marsad.trends`). A corpus
with nothing to draw gets a picture that says so (:func:`nothing_to_draw`).

matplotlib ≥ 3.11 shapes complex scripts itself (libraqm): plain Unicode strings render
correctly, and reshaping them again with arabic-reshaper + python-bidi would reverse them.
Older matplotlib draws code points left to right, unjoined; only there do we reshape.
:func:`ar` makes that choice once, by version, so every label goes through it.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Sequence

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from IPython import get_ipython
from IPython.core.pylabtools import print_figure
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from marsad.dates import PRECISION_WINDOW
from marsad.events import action_labels, event_labels
from marsad.events.extract import _interval as interval_of
from marsad.trends import UNDATED

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
    """Apply Marsad's plotting defaults (fonts with fallbacks, readable sizes); in a notebook,
    figures are shown as palette PNGs (:func:`palette_png`)."""
    plt.style.use(style)
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = FONT_FAMILY + list(plt.rcParams["font.sans-serif"])
    plt.rcParams["figure.dpi"] = 100
    plt.rcParams["axes.titlesize"] = 13
    shell = get_ipython()
    if shell is not None:  # after %matplotlib inline, which registers its own PNG formatter
        shell.display_formatter.formatters["image/png"].for_type(Figure, palette_png)


def palette_png(fig: Figure) -> str | None:
    """``fig`` as the inline backend draws it (same size, dpi, tight box), then stored with a
    palette of 256 colours: about a third of the bytes of matplotlib's RGBA PNG, and looking
    the same (a plot has few colours), so committed notebooks and HTML reports stay small.
    Base64 text, as IPython's PNG formatter gives; None for an empty figure."""
    rgba = print_figure(fig, "png", bbox_inches="tight")
    if rgba is None:
        return None
    image = Image.open(io.BytesIO(rgba)).convert("RGBA")
    flat = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")
    out = io.BytesIO()
    flat.quantize(256).save(out, "PNG", optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii")


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


# --------------------------------------------------------------------------------------------
# keywords: where terms occur (notebook 02)
# --------------------------------------------------------------------------------------------


def plot_dispersion(positions: pd.DataFrame, articles: Sequence[str], *, terms=None, ax=None,
                    title: str = "", labels: Sequence[str] | None = None):
    """AntConc-style dispersion plot: one row per term, the articles side by side in the given
    order (one equal band each, separated by grey lines when there are few), a tick at every
    occurrence's relative position. Beyond :data:`HEAT_MIN_ARTICLES` articles, where bands
    would be hairlines, a heat strip instead: the articles, in the given order, cut into at most
    :data:`HEAT_STRETCHES` stretches of equal size, each shaded by the share of its articles
    that use the term. ``terms``: row order (default: as in ``positions``); ``labels``: row
    labels (default: the terms)."""
    terms = list(dict.fromkeys(positions["term"])) if terms is None else list(terms)
    band = {a: i for i, a in enumerate(articles)}
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.45 * max(len(terms), 3) + 1.2))
    if len(articles) > HEAT_MIN_ARTICLES:
        _heat_strip(ax, positions, terms, band)
    else:
        for row, term in enumerate(terms):
            hits = positions[positions["term"] == term]
            x = [band[a] + r for a, r in zip(hits["article_id"], hits["relative"], strict=True)
                 if a in band]
            ax.vlines(x, row - 0.38, row + 0.38, color="#1f4e79", linewidth=0.9)
        if len(articles) <= _MAX_BANDS:
            for i in range(1, len(articles)):
                ax.axvline(i, color="#999999", linewidth=0.8)
            ax.set_xticks([i + 0.5 for i in range(len(articles))],
                          [_short(str(a)) for a in articles], fontsize=8)
        else:
            ax.set_xticks([])
        ax.set_xlabel("one band per article, in the order given, from its first term (left) "
                      "to its last (right)")
    ax.set_xlim(0, max(len(articles), 1))
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_yticks(range(len(terms)), [ar(str(t)) for t in (labels or terms)])
    ax.set_title(ar(title))
    ax.figure.tight_layout()
    return ax


#: More articles than this: a heat strip (:func:`plot_dispersion`), not one band per article.
HEAT_MIN_ARTICLES = 50
#: The heat strip's number of stretches of articles (fewer when there are fewer articles).
HEAT_STRETCHES = 100


def _heat_strip(ax, positions: pd.DataFrame, terms: list[str], band: dict[str, int]) -> None:
    """Shade each stretch of articles by the share of its articles using each term."""
    n = len(band)
    stretches = min(HEAT_STRETCHES, n)
    edges = np.linspace(0, n, stretches + 1)
    per_stretch = np.diff(np.floor(edges).astype(int))
    share = np.zeros((len(terms), stretches))
    row_of = {t: i for i, t in enumerate(terms)}
    used = positions[["term", "article_id"]].drop_duplicates()
    for term, aid in zip(used["term"], used["article_id"], strict=True):
        if term in row_of and aid in band:
            share[row_of[term], min(int(band[aid] * stretches / n), stretches - 1)] += 1
    share /= np.maximum(per_stretch, 1)
    image = ax.imshow(share, aspect="auto", cmap="Blues", vmin=0, vmax=max(share.max(), 1e-9),
                      interpolation="nearest", extent=(0, n, len(terms) - 0.5, -0.5))
    ax.figure.colorbar(image, ax=ax, pad=0.01, fraction=0.03,
                       label="share of the stretch's articles using the term")
    ax.set_xlabel(f"{n:,} articles in the order given, in {stretches} stretches of "
                  f"~{n / stretches:.0f}")


_MAX_BANDS = 30  # more articles than this: no separators or article labels on the x axis


def _short(label: str, width: int = 14) -> str:
    return label if len(label) <= width else label[:width - 1] + "…"


# --------------------------------------------------------------------------------------------
# co-occurrence: networks and heatmaps (notebook 03)
# --------------------------------------------------------------------------------------------


TYPE_COLORS = {"country": "#3b6ea5", "person": "#c0504d", "city": "#9bbb59", "place": "#8064a2",
               "org": "#f79646", "adjective": "#4bacc6", "": "#999999"}


def _label_nodes(ax, h, pos: dict, size: int, first: str | None = None) -> int:
    """Label the nodes of ``h`` under their dots, the most connected (weighted degree) first,
    skipping a label that would cover one already placed; returns how many are labelled."""
    renderer = ax.figure.canvas.get_renderer()
    strength = dict(h.degree(weight="weight"))
    order = sorted(h.nodes, key=lambda n: (n != first, -strength[n], n))
    placed = []
    for n in order:
        x, y = pos[n]
        label = ax.annotate(ar(n), (x, y), xytext=(0, -9), textcoords="offset points",
                            ha="center", va="top", fontsize=size,
                            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                                  "alpha": 0.7})
        box = label.get_window_extent(renderer)
        if any(box.overlaps(other) for other in placed):
            label.remove()
        else:
            placed.append(box)
    return len(placed)


def draw_network(g, *, ax=None, title: str = "", seed: int = 7, label_size: int = 10,
                 layout: str | None = None, highlight: str | None = None):
    """Draw ``g`` (from :func:`marsad.cooccur.graph`): edge width by the edge ``weight``, node size by degree,
    colour by entity type (legend), Arabic labels (through :func:`ar`) under the
    nodes — the most connected first, none covering another, and a note saying how many are
    labelled when some are not; the edges of ``highlight`` (an ego) darker. ``layout``: ``"kamada_kawai"``
    (deterministic), ``"spring"`` (fixed ``seed``) or ``"ego"`` (``highlight`` in the centre,
    the others on a circle in name order; the default when ``highlight`` is given)."""
    if ax is None:  # more room for a larger network (up to 12 × 10 inches at 65 names)
        grow = min(max(len(g) - 25, 0) / 40, 1.0)
        _, ax = plt.subplots(figsize=(9 + 3 * grow, 7 + 3 * grow))
    if not len(g):
        ax.set_title(ar(title))
        ax.axis("off")
        return nothing_to_draw(ax, "no pair of names to draw")
    nodes = sorted(g.nodes)
    h = nx.Graph()
    h.add_nodes_from((n, g.nodes[n]) for n in nodes)
    h.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in g.edges(data=True)))
    layout = layout or ("ego" if highlight is not None else "kamada_kawai")
    if layout == "ego":
        if highlight not in h:
            raise ValueError("layout='ego' needs highlight= a node of the graph")
        pos = nx.shell_layout(h, [[highlight], [n for n in nodes if n != highlight]])
    elif layout == "spring":
        pos = nx.spring_layout(h, seed=seed, weight=None, k=2 / max(len(h), 1) ** 0.5)
    elif layout == "kamada_kawai":
        pos = nx.kamada_kawai_layout(h, weight=None) if len(h) > 1 else {n: (0, 0) for n in h}
    else:
        raise ValueError(f"layout must be 'kamada_kawai', 'spring' or 'ego', got {layout!r}")
    weights = np.array([d["weight"] for _, _, d in h.edges(data=True)], dtype=float)
    if len(weights):
        span = np.ptp(weights) or 1.0
        widths = 0.6 + 4.4 * (weights - weights.min()) / span
    else:
        widths = []
    colors = ["#2f4b7c" if highlight in (a, b) else "#a6a6a6" for a, b in h.edges()]
    nx.draw_networkx_edges(h, pos, ax=ax, width=widths, edge_color=colors, alpha=0.8)
    degree = dict(h.degree())
    most = max(degree.values(), default=1) or 1
    nx.draw_networkx_nodes(
        h, pos, ax=ax, nodelist=nodes, node_size=[120 + 700 * degree[n] / most for n in nodes],
        node_color=[TYPE_COLORS.get(h.nodes[n].get("type", ""), "#999999") for n in nodes])
    ax.margins(0.12)
    ax.autoscale_view()
    shown = _label_nodes(ax, h, pos, label_size, first=highlight)
    if shown < len(nodes):
        ax.text(1, 0, f"{shown} of {len(nodes)} names labelled: the most connected, where a "
                "label would not cover another", transform=ax.transAxes, ha="right",
                va="bottom", fontsize=8, color="#555555")
    present = sorted({h.nodes[n].get("type", "") for n in nodes})
    handles = [plt.Line2D([], [], marker="o", ls="", color=TYPE_COLORS.get(t, "#999999"),
                          label=t or "word") for t in present]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    ax.set_title(ar(title))
    ax.axis("off")
    return ax


def draw_heatmap(matrix: pd.DataFrame, *, ax=None, title: str = "", cmap: str = "Blues",
                 annotate: bool = True):
    """A term × term heatmap (e.g. :func:`marsad.cooccur.pair_matrix`) with Arabic tick labels."""
    if ax is None:
        _, ax = plt.subplots(figsize=(1 + 0.55 * max(len(matrix), 4),
                                      0.8 + 0.5 * max(len(matrix), 4)))
    if matrix.empty:
        ax.set_title(ar(title))
        return nothing_to_draw(ax, "no names to compare")
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap)
    ax.set_xticks(range(len(matrix.columns)), [ar(str(c)) for c in matrix.columns],
                  rotation=60, ha="right")
    ax.set_yticks(range(len(matrix.index)), [ar(str(i)) for i in matrix.index])
    if annotate:
        top = np.nanmax(values) if values.size else 0
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                if values[i, j]:
                    ax.text(j, i, f"{values[i, j]:g}", ha="center", va="center", fontsize=8,
                            color="white" if values[i, j] > top / 2 else "black")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(ar(title))
    ax.figure.tight_layout()
    return ax


# --------------------------------------------------------------------------------------------
# over time (notebook 05)
# --------------------------------------------------------------------------------------------


def plot_trends(values: pd.DataFrame, labels: Sequence[str] | None = None, *, title: str = "",
                ylabel: str = "per 10,000 terms", ax=None):
    """One line per column of :func:`marsad.trends.series` (periods on the x axis, gaps where a period
    holds no text), Arabic labels in the legend."""
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 4.8))
    if values.empty or len(values.index) < 2:
        return nothing_to_draw(ax, "fewer than two periods: no line to draw")
    labels = list(labels) if labels is not None else list(values.columns)
    for term, label in zip(values.columns, labels, strict=True):
        ax.plot(values.index, values[term].to_numpy(), marker="o", markersize=3, linewidth=1.4,
                label=ar(str(label)))
    ax.set_title(ar(title))
    ax.set_ylabel(ar(ylabel))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.figure.autofmt_xdate()
    ax.figure.tight_layout()
    return ax


def plot_stacked(wide: pd.DataFrame, *, title: str = "", ylabel: str = "event mentions",
                 ax=None):
    """Stacked bars of a table of :func:`marsad.trends.events_per_period` (dated periods only)."""
    dated = wide.drop(index=UNDATED, errors="ignore")
    dated = dated.loc[:, dated.sum() > 0]
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 4.5))
    if dated.empty or not dated.to_numpy().sum():
        return nothing_to_draw(ax, "no event mention in a dated article")
    bottom = np.zeros(len(dated))
    x = np.arange(len(dated))
    colours = plt.get_cmap("tab20").colors
    for i, column in enumerate(dated.columns):
        ax.bar(x, dated[column].to_numpy(), bottom=bottom, label=ar(str(column)),
               color=colours[i % len(colours)])
        bottom += dated[column].to_numpy()
    step = max(1, len(x) // 20)
    ax.set_xticks(x[::step], [str(p) for p in dated.index[::step]], rotation=60, ha="right")
    ax.set_title(ar(title))
    ax.set_ylabel(ar(ylabel))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.figure.tight_layout()
    return ax


def plot_timeline(timeline: pd.DataFrame, *, max_events: int = 30, since: str | None = None,
                  title: str = "", ax=None):
    """Dated events on a time axis: a point for a day, a bar for a week, month or year (an
    outline for a window from publication, no date of the text), the number of citing articles
    beside it; one Arabic label per row, oldest at the top. Shows
    the ``max_events`` most-mentioned dated events that end on or after ``since``
    (``2023-01``)."""
    dated = timeline[timeline["date"] != ""]
    if since:
        start = interval_of(since, since)[0]
        dated = dated[[interval_of(a, b)[1] >= start
                       for a, b in zip(dated["date"], dated["date_end"], strict=True)]]
    dated = dated.sort_values(["n_mentions", "event_id"], ascending=[False, True],
                              kind="stable").head(max_events)
    dated = dated.sort_values(["date", "event_id"], ascending=[False, False], kind="stable")
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 0.42 * max(len(dated), 3) + 1.6))
    colors = {"asserted": "#3b6ea5", "planned": "#3b8a5a", "alleged": "#c08a2b",
              "denied": "#a5533b", "hypothetical": "#7a5ea8"}
    for y, row in enumerate(dated.itertuples()):
        lo, hi = interval_of(row.date, row.date_end)
        color = colors.get(row.status, "#777777")
        if lo == hi:
            ax.plot([lo], [y], "o", color=color, markersize=5 + 2 * min(row.n_articles, 5))
        elif row.date_precision == PRECISION_WINDOW:  # not a date of the text: an outline
            ax.barh(y, (hi - lo).days + 1, left=lo, height=0.5, fill=False, edgecolor=color,
                    linestyle="--", linewidth=1)
        else:
            ax.barh(y, (hi - lo).days + 1, left=lo, height=0.5, color=color, alpha=0.6)
        ax.annotate(str(row.n_articles), (hi, y), xytext=(7, 0), textcoords="offset points",
                    va="center", fontsize=8)  # number of articles citing the event
    ax.set_yticks(range(len(dated)), [ar(t) for t in event_labels(dated)])
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    names = {"asserted": "وقع", "planned": "مخطط", "alleged": "مزعوم", "denied": "منفي",
             "hypothetical": "مشروط"}
    shown = [s for s in colors if s in set(dated["status"])]
    handles = [Line2D([], [], marker="o", ls="", color=colors[s]) for s in shown]
    labels = [ar(names[s]) for s in shown]
    if (dated["date_precision"] == PRECISION_WINDOW).any():
        handles.append(Patch(fill=False, edgecolor="#555555", linestyle="--"))
        labels.append(ar("لا تاريخ في النص: الفترة من تاريخ النشر"))
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, -0.06),
              ncol=4, fontsize=8, frameon=False)
    ax.set_title(ar(title))
    ax.grid(axis="x", alpha=0.3)
    ax.figure.tight_layout()
    return ax


def plot_actor_matrix(matrix: pd.DataFrame, *, title: str = "", ax=None):
    """Heat map of an :func:`actor_type_matrix` with the counts written in the cells."""
    names = action_labels()
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * max(matrix.shape[1], 4) + 3,
                                      0.4 * max(matrix.shape[0], 3) + 1.8))
    ax.imshow(matrix.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [ar(names.get(c, c)) for c in matrix.columns],
                  rotation=40, ha="right")
    ax.set_yticks(range(matrix.shape[0]), [ar(str(i)) for i in matrix.index])
    peak = matrix.to_numpy().max() if matrix.size else 0
    for (i, j), value in pd.DataFrame(matrix.to_numpy()).stack().items():
        if value:
            ax.text(j, i, str(value), ha="center", va="center", fontsize=9,
                    color="white" if value > peak / 2 else "black")
    ax.set_title(ar(title))
    ax.figure.tight_layout()
    return ax
