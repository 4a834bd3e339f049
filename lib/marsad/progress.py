"""Progress bars for the long steps (loading, cleaning, counting in chunks).

One switch: ``progress=True`` on the step asks for a bar; ``TQDM_DISABLE=1`` in the environment
(set by `make test` and by the report runner) silences every bar, so checked notebook outputs
and HTML reports stay free of them. ``tqdm.std`` writes plain text to stderr (``tqdm.auto``
would want ipywidgets in a notebook).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any


def bar(iterable: Iterable | None = None, *, enabled: bool = True, **kwargs: Any):
    """A ``tqdm`` bar over ``iterable`` — shown when ``enabled`` unless ``TQDM_DISABLE`` is set."""
    from tqdm.std import tqdm

    # tqdm reads TQDM_DISABLE once, when imported; read it at each call instead
    off = os.environ.get("TQDM_DISABLE", "").strip().lower() not in ("", "0", "false", "no")
    kwargs["disable"] = not enabled or off
    return tqdm(iterable, **kwargs)
