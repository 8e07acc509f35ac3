"""Build the wheel and check its contents, so styles can never go missing from a release."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_ships_the_package_and_its_styles(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("ficbind-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    styles = sorted(str(p.relative_to(ROOT / "styles")) for p in (ROOT / "styles").rglob("*") if p.is_file())
    assert styles, "styles/ is empty"
    assert "fonts/NotoSansSymbols2-Regular.ttf" in styles and "fonts/OFL.txt" in styles  # the print fallback
    for name in styles:
        assert f"ficbind/styles/{name}" in names
    python_files = sorted(str(p.relative_to(ROOT / "src")) for p in (ROOT / "src" / "ficbind").rglob("*.py"))
    assert sorted(n for n in names if n.endswith(".py")) == python_files
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "ficbind = ficbind.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
