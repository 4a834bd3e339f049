"""Progress bars: shown when asked, silenced by TQDM_DISABLE (tests, reports)."""

from __future__ import annotations

import io

from marsad.progress import bar


def test_bar_shows_when_enabled_and_not_disabled_by_env(monkeypatch):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    out = io.StringIO()
    assert list(bar(range(3), desc="counting", file=out)) == [0, 1, 2]
    assert "counting" in out.getvalue() and "3/3" in out.getvalue()
    quiet = io.StringIO()
    assert list(bar(range(3), enabled=False, file=quiet)) == [0, 1, 2]
    assert quiet.getvalue() == ""


def test_tqdm_disable_silences_an_enabled_bar(monkeypatch):
    monkeypatch.setenv("TQDM_DISABLE", "1")
    out = io.StringIO()
    assert list(bar(range(3), desc="counting", file=out)) == [0, 1, 2]
    assert out.getvalue() == ""


def test_long_steps_show_a_bar_and_give_the_same_result(monkeypatch, capsys):
    from pathlib import Path

    import pandas as pd

    from marsad import cooccur, terms
    from marsad.pipeline import prepare

    articles = prepare(Path(__file__).resolve().parents[1] / "seeds").articles
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    with_bar = terms.with_terms(articles, progress=True)
    model = cooccur.build(articles, entities_only=False, progress=True)
    shown = capsys.readouterr().err
    assert "tokenizing" in shown and "reading units" in shown and "5/5" in shown
    pd.testing.assert_frame_equal(with_bar, terms.with_terms(articles))
    pd.testing.assert_frame_equal(model.pairs(), cooccur.build(articles, entities_only=False).pairs())
