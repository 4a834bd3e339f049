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
