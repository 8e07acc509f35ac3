"""ficbind beside pandoc and Calibre on the same generated stories: wall time and peak memory.

    python bench/compare.py [--words 1000000] [--stories 100] [--novel 90000] [--runs 1]
                            [--one-core] [--skip-anthology-pdf] [--only epub,pdf,...]
                            [--mixed-paragraphs] [--timeout 1200] [--workdir DIR]

Generates (with bench/corpus.py) a 100-story, 1M-word folder of plain-text fics and one
90k-word story, then runs, on exactly the same files:

  EPUB of the anthology   ficbind build FILES -f epub   vs  pandoc -f markdown+smart FILES -o x.epub
                          (and Calibre's ebook-convert on the stories joined into one file)
  PDF of the 90k story    ficbind build STORY -f pdf    vs  pandoc ... --pdf-engine=weasyprint
                          (and ebook-convert STORY x.pdf)
  PDF of the anthology    ficbind build FILES -f pdf    (peak memory goal: under 1 GB)
  Unchanged rebuild       ficbind build FILES -f epub,pdf twice with one cache (goal: under 5% of cold)
  WeasyPrint's floor      ficbind build STORY -f pdf --jobs 1  vs  bench/plain_weasyprint.py STORY
                          (the same words as plain paragraphs on ficbind's page; `--only floor`)

and prints a Markdown table with the ratios (`--only pdf` runs just the novel's PDF,
say with `--runs 9`; the names are epub, pdf, anthology-pdf, nightly and floor). Tools that
are not installed are skipped,
and say so. Every ficbind run is a cold build (`--force`, or an empty cache) in a fresh
process, start-up included. Peak memory is the largest sum over the whole process tree
(bench/measure.py), so ficbind's worker processes count, shared pages included.

Paragraphs: the corpus separates paragraphs with blank lines (`--blank-lines`), as
Markdown requires. Many saved fics put one paragraph on each line instead; ficbind
reads those as paragraphs, but pandoc reads a whole chapter as one paragraph, and its
smart-quote parsing of such paragraphs did not finish in ten minutes for one 15,000-word
story (`--mixed-paragraphs` tries it; `--timeout` bounds each run).

Raw HTML: fics use `<><><>` as a scene break, and the corpus does too. Pandoc's Markdown
reader tries each `<` as the start of an HTML tag, and those few lines cost it most of
its time on this corpus (a dozen of them in 95,000 words take a 5-story EPUB from about
1.7 s to 5 s). The row `pandoc -raw_html` turns raw HTML off (`-f markdown+smart-raw_html`),
pandoc's fastest reading of the same files, so the ratio is not won on that alone.

The machine may be shared: `--runs N` repeats each timed command and reports the median
with the spread, and the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from measure import Measurement, TimedOut, run  # noqa: E402


@dataclass
class Result:
    """A command's runs: the median time and memory, and the spread of the times."""

    runs: list[Measurement]

    @property
    def seconds(self) -> float:
        return statistics.median(m.seconds for m in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(m.peak_mb for m in self.runs)

    @property
    def spread(self) -> str:
        if len(self.runs) < 2:
            return ""
        times = [m.seconds for m in self.runs]
        return f" ({min(times):.2f}–{max(times):.2f})"


class Skipped:
    def __init__(self, why: str) -> None:
        self.why = why


def measure(command: list[str], runs: int, timeout: float, before=None, env: dict | None = None) -> Result | Skipped:
    if shutil.which(command[0]) is None and not Path(command[0]).exists():
        return Skipped("not installed")
    done = []
    for _ in range(runs):
        if before:
            before()
        try:
            done.append(run(command, env=env, timeout=timeout))
        except TimedOut:
            return Skipped(f"did not finish in {timeout:.0f} s")
    return Result(done)


def measure_pairs(first: list[str], second: list[str], runs: int, timeout: float,
                  before_first=None) -> tuple[Result | Skipped, Result | Skipped, list[float]]:
    """Both commands, one run of each in turn, `runs` times: on a machine whose speed
    drifts (a shared host), each pair of runs meets the same weather. Also returns
    each pair's ratio of times (first / second)."""
    if shutil.which(second[0]) is None:
        return measure(first, runs, timeout, before=before_first), Skipped("not installed"), []
    a, b = [], []
    for _ in range(runs):
        if before_first:
            before_first()
        try:
            a.append(run(first, timeout=timeout))
            b.append(run(second, timeout=timeout))
        except TimedOut:
            return Skipped(f"did not finish in {timeout:.0f} s"), Skipped("not run"), []
    return Result(a), Result(b), [x.seconds / y.seconds for x, y in zip(a, b)]


def row(label: str, result: Result | Skipped | None, base: Result | Skipped | None = None) -> str:
    if result is None:
        return f"| {label} | not run | | |"
    if isinstance(result, Skipped):
        return f"| {label} | {result.why} | | |"
    ratio = ""
    if isinstance(base, Result):
        ratio = f"{result.seconds / base.seconds:.2f}"
    return f"| {label} | {result.seconds:.2f} s{result.spread} | {result.peak_mb:.0f} MB | {ratio} |"


def load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--novel", type=int, default=90_000, help="words in the single long story")
    parser.add_argument("--runs", type=int, default=1, help="runs of each command (median reported)")
    parser.add_argument("--one-core", action="store_true", help="also run ficbind with --jobs 1")
    parser.add_argument("--skip-anthology-pdf", action="store_true")
    parser.add_argument("--only", default="epub,pdf,anthology-pdf,nightly",
                        help="the comparisons to run, of epub, pdf, anthology-pdf, nightly, floor")
    parser.add_argument("--mixed-paragraphs", action="store_true",
                        help="40%% of stories with one paragraph per line (pandoc may not finish)")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds before a run is given up")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()

    blank_lines = not args.mixed_paragraphs
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ficbind-bench-"))
    library = work / "library"
    shutil.rmtree(library, ignore_errors=True)
    files = [str(p) for p in corpus.generate(library, args.stories, args.words, seed=1, blank_lines=blank_lines)]
    novel_dir = work / "novel"
    shutil.rmtree(novel_dir, ignore_errors=True)
    novel_dir.mkdir(parents=True)
    _, text = corpus.story_text(random.Random(7), args.novel, chapters=True, blank_lines=blank_lines)
    novel = novel_dir / "novel.txt"
    novel.write_text(text, encoding="utf-8")
    joined = work / "joined.txt"
    joined.write_text("\n\n".join(Path(p).read_text(encoding="utf-8") for p in files), encoding="utf-8")
    out, cache = work / "out", work / "cache"
    for folder in (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    ficbind = [sys.executable, "-m", "ficbind", "build"]
    words = sum(len(Path(p).read_text(encoding="utf-8").split()) for p in files)
    novel_words = len(text.split())
    print(f"corpus: {len(files)} stories, {words:,} words (whitespace-separated); novel: {novel_words:,} words; "
          f"in {work}")
    print(f"cores: {os.cpu_count()}; load average before: {load()}")
    pandoc, calibre = "pandoc", "ebook-convert"
    n, limit = args.runs, args.timeout
    # Calibre draws PDFs with Qt WebEngine (Chromium), whose sandbox refuses to run as root.
    calibre_env = {"QTWEBENGINE_DISABLE_SANDBOX": "1"} if hasattr(os, "geteuid") and os.geteuid() == 0 else None

    def ficbind_run(inputs: list[str], fmt: str, name: str, *extra: str) -> Result | Skipped:
        return measure([*ficbind, *inputs, "-f", fmt, "-o", str(out / name), "--cache", str(cache / name), "--force",
                        *extra], n, limit)

    only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = only - {"epub", "pdf", "anthology-pdf", "nightly", "floor"}
    if unknown:
        parser.error(f"--only: unknown comparison {', '.join(sorted(unknown))}")
    rows: list[str] = []
    f_epub = p_epub = f_pdf = p_pdf = c_pdf = f_big = cold = warm = None
    if "epub" in only:
        rows.append("**EPUB, anthology**")
        f_epub = ficbind_run(files, "epub", "epub")
        rows.append(row("ficbind", f_epub))
        if args.one_core:
            rows.append(row("ficbind --jobs 1", ficbind_run(files, "epub", "epub1", "--jobs", "1"), f_epub))
        p_epub = measure([pandoc, "-f", "markdown+smart", *files, "-o", str(out / "p.epub")], n, limit)
        rows.append(row("pandoc", p_epub, f_epub))
        rows.append(row("pandoc -raw_html", measure([pandoc, "-f", "markdown+smart-raw_html", *files,
                                                     "-o", str(out / "p-raw.epub")], n, limit), f_epub))
        rows.append(row("calibre", measure([calibre, str(joined), str(out / "c.epub")], n, limit, env=calibre_env),
                        f_epub))

    pdf_pairs: list[float] = []
    if "pdf" in only:
        rows.append(f"**PDF, one {novel_words // 1000}k-word story**")
        novel_pdf = [*ficbind, str(novel), "-f", "pdf", "-o", str(out / "novel"), "--cache", str(cache / "novel"),
                     "--force"]
        if shutil.which("weasyprint"):
            # ficbind and pandoc in turn: the goal is a ratio, and this machine's speed drifts.
            f_pdf, p_pdf, pdf_pairs = measure_pairs(novel_pdf, [
                pandoc, "-f", "markdown+smart", str(novel), "-o", str(out / "p.pdf"), "--pdf-engine=weasyprint"],
                n, limit)
        else:
            f_pdf, p_pdf = measure(novel_pdf, n, limit), Skipped("needs the weasyprint command")
        rows.append(row("ficbind", f_pdf))
        if args.one_core:
            rows.append(row("ficbind --jobs 1", ficbind_run([str(novel)], "pdf", "novel1", "--jobs", "1"), f_pdf))
        rows.append(row("pandoc (weasyprint)", p_pdf, f_pdf))
        c_pdf = measure([calibre, str(novel), str(out / "c.pdf")], n, limit, env=calibre_env)
        rows.append(row("calibre", c_pdf, f_pdf))

    if "anthology-pdf" in only and not args.skip_anthology_pdf:
        rows.append("**PDF, anthology**")
        f_big = ficbind_run(files, "pdf", "big")
        rows.append(row("ficbind", f_big))
        if args.one_core:
            rows.append(row("ficbind --jobs 1", ficbind_run(files, "pdf", "big1", "--jobs", "1"), f_big))

    if "nightly" in only:
        # Nightly: a cold build into an empty cache, then the same build again.
        nightly = [*ficbind, *files, "-f", "epub,pdf", "-o", str(out / "nightly"), "--cache", str(cache / "nightly")]
        cold = measure(nightly, n, limit, before=lambda: shutil.rmtree(cache / "nightly", ignore_errors=True))
        warm = measure(nightly, max(n, 3), limit)
        rows += ["**Nightly rebuild, anthology EPUB+PDF**", row("cold (empty cache)", cold),
                 row("unchanged", warm, cold)]

    floor_pairs: list[float] = []
    if "floor" in only:
        # One process each, in turn: ficbind's whole build against WeasyPrint alone on the same words.
        rows.append(f"**PDF against WeasyPrint's floor, one {novel_words // 1000}k-word story, one process**")
        f_one, plain, floor_pairs = measure_pairs(
            [*ficbind, str(novel), "-f", "pdf", "-o", str(out / "floor"), "--cache", str(cache / "floor"), "--force",
             "--jobs", "1"],
            [sys.executable, str(Path(__file__).resolve().parent / "plain_weasyprint.py"), str(novel),
             str(out / "plain.pdf")], n, limit)
        rows.append(row("ficbind --jobs 1", f_one))
        rows.append(row("plain WeasyPrint", plain, f_one))

    print(f"load average after: {load()}")
    print()
    print("| run | wall time | peak memory | ratio to ficbind |")
    print("|---|---|---|---|")
    for line in rows:
        print(line if line.startswith("|") else f"| {line} | | | |")
    print()
    if isinstance(p_epub, Result) and isinstance(f_epub, Result):
        print(f"EPUB: ficbind takes {f_epub.seconds / p_epub.seconds:.2f} of pandoc's time (goal: at most 0.25)")
    if isinstance(p_pdf, Result) and isinstance(f_pdf, Result):
        print(f"PDF:  ficbind takes {f_pdf.seconds / p_pdf.seconds:.2f} of pandoc's time (goal: at most 0.5); "
              f"peak {f_pdf.peak_mb:.0f} MB (goal: under 400 MB)")
        if len(pdf_pairs) > 1:
            print(f"      run by run, in turn with pandoc: {statistics.median(pdf_pairs):.2f} (median of "
                  f"{', '.join(f'{ratio:.2f}' for ratio in sorted(pdf_pairs))})")
    if isinstance(c_pdf, Result) and isinstance(f_pdf, Result):
        print(f"      and {f_pdf.seconds / c_pdf.seconds:.2f} of Calibre's (goal: at most 0.6)")
    if isinstance(f_big, Result):
        print(f"Anthology PDF peak memory: {f_big.peak_mb:.0f} MB (goal: under 1 GB)")
    if floor_pairs:
        print(f"Floor: ficbind --jobs 1 takes {statistics.median(floor_pairs):.2f} of plain WeasyPrint's time, run by run "
              f"({', '.join(f'{ratio:.2f}' for ratio in sorted(floor_pairs))})")
    if isinstance(cold, Result) and isinstance(warm, Result):
        print(f"Unchanged rebuild: {warm.seconds / cold.seconds:.1%} of the cold build (goal: under 5%)")


if __name__ == "__main__":
    main()
