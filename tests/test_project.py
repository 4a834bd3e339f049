"""The project's own promises: pins agree, seeds are byte-identical, data files are documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        name, _, version = line.partition("==")
        pins[name.strip().lower()] = version.strip()
    return pins


def test_environment_yml_pins_match_lock():
    lock = _lock()
    env = re.findall(r"^\s+- ([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "environment.yml").read_text(), re.M)
    assert len(env) >= 15
    for name, version in env:
        assert lock.get(name.lower()) == version, name


def test_required_packages_are_pinned():
    lock = _lock()
    for name in ["jupyterlab", "pandas", "matplotlib", "arabic-reshaper", "python-bidi", "nbval"]:
        assert re.fullmatch(r"\d+(\.\d+)+(\.post\d+)?", lock[name]), name


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="../shared/seeds not present")
def test_seeds_are_byte_identical_to_shared():
    ours = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    theirs = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert ours == theirs and len(ours) == 5
    for name in ours:
        assert (ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_every_data_file_is_documented():
    data = ROOT / "lib" / "marsad" / "data"
    readme = (data / "README.md").read_text(encoding="utf-8")
    for path in data.iterdir():
        if path.name != "README.md" and not path.name.startswith("."):
            assert path.name in readme, f"{path.name} is not described in data/README.md"


def _modules() -> list[str]:
    """marsad's modules and subpackages, by name."""
    package = ROOT / "lib" / "marsad"
    return sorted([p.stem for p in package.glob("*.py") if p.stem != "__init__"]
                  + [p.name for p in package.iterdir() if (p / "__init__.py").is_file()])


def test_the_module_map_names_every_module_once():
    """The map in marsad/__init__.py and the README's table list every module exactly once, in
    the same order (the flow): a new module without a line there fails here."""
    import marsad

    modules = _modules()
    assert {"corpus", "clean", "normalize", "keywords", "cooccur", "outputs"} <= set(modules)
    in_docstring = re.findall(r"^    ([a-z_]+)  +\S", marsad.__doc__, re.M)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where the code is", 1)[1].split("\n## ", 1)[0]
    in_readme = re.findall(r"^\|[^|]*\| `([a-z_]+)` \|", section, re.M)
    assert sorted(in_docstring) == modules
    assert in_readme == in_docstring
    flow = ["corpus", "clean", "normalize", "terms", "keywords", "cooccur", "events", "outputs"]
    assert [m for m in in_docstring if m in flow] == flow
