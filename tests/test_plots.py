"""Arabic labels must render joined and right-to-left.

nbval does not compare PNGs, so this test renders a label and compares its pixels with a
reference rendering that was checked by eye (tests/data/ar_label_reference.png).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from marsad.plots import ar, matplotlib_shapes_arabic  # noqa: E402

REFERENCE = Path(__file__).parent / "data" / "ar_label_reference.png"
LABEL = "كوريا الشمالية وروسيا"


def render(text: str) -> np.ndarray:
    fig = plt.figure(figsize=(3, 0.6), dpi=100)
    fig.text(0.5, 0.5, text, ha="center", va="center", fontsize=14, family="DejaVu Sans")
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., 0].astype(int)
    plt.close(fig)
    return pixels


def test_version_detection():
    assert matplotlib_shapes_arabic("3.11.2")
    assert matplotlib_shapes_arabic("4.0.0")
    assert not matplotlib_shapes_arabic("3.10.7")


def test_ar_reshapes_only_for_renderers_that_do_not_shape():
    assert ar(LABEL, shaped_by_renderer=True) == LABEL
    visual = ar("حزب الله", shaped_by_renderer=False)
    assert visual != "حزب الله"
    assert "\ufdf2" not in visual  # the Allah ligature is missing from DejaVu Sans


@pytest.mark.skipif(not matplotlib_shapes_arabic(), reason="reference drawn with shaping matplotlib")
def test_label_renders_like_the_checked_reference():
    reference = plt.imread(REFERENCE)[..., 0]
    drawn = render(ar(LABEL)) / 255.0
    assert drawn.shape == reference.shape
    assert np.abs(drawn - reference).mean() < 0.01
    # The test can fail: a doubly reshaped (reversed) label is far from the reference.
    reversed_label = render(ar(LABEL, shaped_by_renderer=False)) / 255.0
    assert np.abs(reversed_label - reference).mean() > 0.02


def test_palette_png_is_smaller_and_looks_the_same():
    """Figures in notebooks are palette PNGs (plots.setup): a bar chart with Arabic labels keeps
    its size and every pixel within a few levels of matplotlib's own PNG, in far fewer bytes."""
    import base64
    import io

    import pandas as pd
    from IPython.core.pylabtools import print_figure
    from PIL import Image

    from marsad.plots import barh, palette_png

    ax = barh(pd.Series([12, 7, 3], index=["روسيا", "كوريا الشمالية", "فلاديمير بوتين"]),
              title="عدد المقالات")
    original = print_figure(ax.figure, "png", bbox_inches="tight")
    small = base64.b64decode(palette_png(ax.figure))
    plt.close(ax.figure)
    assert len(small) < 0.6 * len(original)
    a = np.asarray(Image.open(io.BytesIO(original)).convert("RGB")).astype(int)
    b = np.asarray(Image.open(io.BytesIO(small)).convert("RGB")).astype(int)
    assert a.shape == b.shape
    assert np.abs(a - b).max() <= 24 and np.abs(a - b).mean() < 1.0
    assert palette_png(plt.figure()) is None  # an empty figure shows nothing, as before
