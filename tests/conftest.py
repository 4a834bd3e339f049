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
