"""Benchmark code stays out of the installed package: the wheel holds what setuptools finds
under src/, and nothing there imports from benchmarks/."""

import re
import tomllib
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def test_the_package_is_found_under_src_alone():
    pyproject = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())
    assert pyproject["tool"]["setuptools"]["packages"]["find"] == {"where": ["src"]}
    assert not (CHECKOUT / "src" / "benchmarks").exists()


def test_the_product_never_imports_benchmark_code():
    reaching = [
        str(path.relative_to(CHECKOUT))
        for path in (CHECKOUT / "src").rglob("*.py")
        if re.search(r"^\s*(from|import) (benchmarks|archive_seeding|related_evaluation|"
                     r"page_scoring)\b", path.read_text(), re.MULTILINE)
    ]
    assert reaching == []
