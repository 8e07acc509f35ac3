"""The package's shape: each stage imports only from the stages below it, and the rule
for deferred imports (ficbind/__init__.py) holds."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

PACKAGE = ROOT / "src" / "ficbind"

# Lower numbers are further down the pipeline's stack; a module may import from its
# own stage and from stages with a lower number, never a higher one.
STAGES = {
    "errors": 0,
    "model": 1,
    "text": 2,
    "runtime": 3,
    "readers": 4,
    "transforms": 4,
    "writers": 5,
    "project": 6,
    "binding": 7,
    "cli": 8,
    "__main__": 9,
}
# Stages that share a level but must not lean on each other.
APART = {("readers", "transforms"), ("transforms", "readers")}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every ficbind module a file imports (absolute names), with the line."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    if path.name == "__init__.py":
        package = module.rsplit(".", 1)[0] if module.endswith(".__init__") else module
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("ficbind"):
                names = [target + "." + alias.name for alias in node.names]
                found.extend((name if _stage(name) in STAGES else target, node.lineno) for name in names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names if alias.name.startswith("ficbind"))
    return found


def test_no_module_imports_from_a_stage_above_its_own():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        here = relative.parts[0].removesuffix(".py")
        if here == "__init__":
            continue  # the public API, loaded lazily
        assert here in STAGES, f"{relative}: a stage the layout test does not know; add it to STAGES"
        for target, line in _imports(path):
            there = _stage(target)
            if there in ("__init__", "__version__") or target == "ficbind":
                continue
            if STAGES.get(there, -1) > STAGES[here] or (here, there) in APART:
                wrong.append(f"src/ficbind/{relative}:{line} ({here}) imports {target} ({there})")
    assert not wrong, "imports upward:\n" + "\n".join(wrong)


# Libraries the command line and a cached rebuild must not import: the PDF and EPUB machinery,
# the readers' parsers, and pydantic (Typer converts options with it; cli/usage.py does not).
HEAVY = ("weasyprint", "pikepdf", "PIL", "ebooklib", "lxml", "pydantic", "pydantic_core", "yaml", "markdown_it", "ftfy", "rich",
         "fontTools", "pyphen", "importlib.metadata", "importlib.resources")


def _loaded_after(code: str) -> set[str]:
    probe = code + f"\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(result.stdout.split())


@pytest.mark.quick
def test_the_command_line_starts_without_the_heavy_libraries():
    assert _loaded_after("import ficbind, ficbind.cli, ficbind.binding") == set()


def test_an_unchanged_rebuild_from_the_command_line_loads_no_heavy_library(tmp_path):
    """A cached book must not pay for imports it does not use: the nightly rebuild of an
    unchanged library parses its options, checks the cache and stops."""
    command = [str(SEEDS / "000_5f4c5af0a22e3cfb.txt"), "-f", "epub", "-o", str(tmp_path / "out"),
               "--cache", str(tmp_path / "cache"), "--quiet"]
    build = (f"import sys\nsys.argv = ['ficbind', 'build', *{command!r}]\nfrom ficbind.cli import main\n"
             "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n")
    assert "ebooklib" in _loaded_after(build)  # the first build did make the EPUB
    written = {path: path.stat().st_mtime_ns for path in (tmp_path / "out").iterdir()}
    assert _loaded_after(build) == set()
    assert {path: path.stat().st_mtime_ns for path in (tmp_path / "out").iterdir()} == written  # nothing rewritten


def test_an_epub_build_loads_neither_weasyprint_nor_pikepdf(tmp_path):
    loaded = _loaded_after(
        "from ficbind import BuildOptions, build\n"
        f"build([{str(SEEDS / '000_5f4c5af0a22e3cfb.txt')!r}], BuildOptions(output_dir=__import__('pathlib')"
        f".Path({str(tmp_path)!r}), formats=('epub',), cache=False, jobs=1))"
    )
    assert "ebooklib" in loaded  # the probe did build an EPUB
    assert not {"weasyprint", "pikepdf"} & loaded
