"""Where the tests find their texts: the seeds, and the 2018 corpus beside the repository."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from marsad.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
#: ../shared/corpora/ant-2018 (a sibling of the clone, locally and in CI); tests skip without it
CORPUS_2018 = ROOT.parent / "shared/corpora/ant-2018/articles.jsonl.gz"


def seed_body(prefix: str) -> str:
    """Normalized seed text up to the first line containing أيضا (appended articles follow)."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    cut = next((i for i, line in enumerate(lines) if "أيضا" in line), len(lines))
    return normalize("\n".join(lines[:cut]))


def build_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` imported as a module (the build scripts are not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module
