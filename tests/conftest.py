"""Fixtures shared by the test files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sources import CORPUS_2018


@pytest.fixture(scope="session")
def corpus_2018() -> Path:
    """The 2018 corpus file; the test is skipped where ../shared is absent."""
    if not CORPUS_2018.exists():
        pytest.skip(f"2018 corpus not found at {CORPUS_2018}")
    return CORPUS_2018


@pytest.fixture(autouse=True)
def builtin_gazetteer():
    """Every test starts and ends with the built-in gazetteer (a test that counts a corpus's
    own names with marsad.pipeline.corpus_entities must not change what the next one counts)."""
    from marsad import gazetteer

    if not gazetteer.active().builtin:
        gazetteer.use(None)
    yield
    if not gazetteer.active().builtin:
        gazetteer.use(None)
