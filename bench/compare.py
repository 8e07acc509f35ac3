"""ficbind beside pandoc and Calibre on the same generated stories: wall time and peak memory.

    python bench/compare.py [--words 1000000] [--stories 100] [--novel 90000] [--workdir DIR]

Generates (with bench/corpus.py) a 100-story, 1M-word folder of plain-text fics and one
90k-word story, then runs, one run each:

  EPUB of the anthology   ficbind build DIR -f epub   vs  pandoc -f markdown+smart *.txt -o x.epub
                          (and Calibre's ebook-convert on the stories joined into one file)
  PDF of the 90k story    ficbind build STORY -f pdf  vs  pandoc ... --pdf-engine=weasyprint
  PDF of the anthology    ficbind build DIR -f pdf    (peak memory goal: under 1 GB)
  Unchanged rebuild       ficbind build DIR -f epub,pdf twice with one cache (goal: under 5% of cold)

and prints a table with the ratios. Tools that are not installed are skipped.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from measure import Measurement, run  # noqa: E402


def _row(label: str, m: Measurement | None, base: Measurement | None = None) -> str:
    if m is None:
        return f"| {label} | not installed | | |"
    ratio = f"{m.seconds / base.seconds:.2f}" if base else ""
    return f"| {label} | {m.seconds:.2f} s | {m.peak_mb:.0f} MB | {ratio} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--novel", type=int, default=90_000, help="words in the single long story")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--skip-anthology-pdf", action="store_true")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="ficbind-bench-"))
    library = work / "library"
    if library.exists():
        shutil.rmtree(library)
    corpus.generate(library, args.stories, args.words, seed=1)
    texts = sorted(library.glob("*.txt"))
    novel_dir = work / "novel"
    novel_dir.mkdir(parents=True, exist_ok=True)
    for old in novel_dir.iterdir():
        old.unlink()
    name, text = corpus.story_text(__import__("random").Random(7), args.novel, chapters=True)
    novel = novel_dir / ("novel.txt")
    novel.write_text(text, encoding="utf-8")
    joined = work / "joined.txt"
    joined.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in texts), encoding="utf-8")
    out = work / "out"
    cache = work / "cache"
    for folder in (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    ficbind = [sys.executable, "-m", "ficbind"]
    words_in = sum(len(p.read_text(encoding="utf-8").split()) for p in library.iterdir())

    rows = []
    print(f"corpus: {len(list(library.iterdir()))} stories, {words_in} words; novel: {args.novel} words; in {work}")

    # EPUB of the anthology (the whole folder; pandoc gets the .txt files, as its users would).
    f_epub = run([*ficbind, "build", str(library), "-f", "epub", "-o", str(out / "f"), "--cache", str(cache / "a"), "--force"])
    p_epub = run(["pandoc", "-f", "markdown+smart", *map(str, texts), "-o", str(out / "p.epub")]) if shutil.which("pandoc") else None
    c_epub = run(["ebook-convert", str(joined), str(out / "c.epub")]) if shutil.which("ebook-convert") else None
    rows += ["**EPUB, anthology**", _row("ficbind", f_epub), _row("pandoc", p_epub, f_epub), _row("calibre", c_epub, f_epub)]

    # PDF of one long story.
    f_pdf = run([*ficbind, "build", str(novel), "-f", "pdf", "-o", str(out / "f"), "--cache", str(cache / "n"), "--force"])
    p_pdf = None
    if shutil.which("pandoc") and shutil.which("weasyprint"):
        p_pdf = run(["pandoc", "-f", "markdown+smart", str(novel), "-o", str(out / "p.pdf"), "--pdf-engine=weasyprint"])
    c_pdf = run(["ebook-convert", str(novel), str(out / "c.pdf")]) if shutil.which("ebook-convert") else None
    rows += ["**PDF, one 90k-word story**", _row("ficbind", f_pdf), _row("pandoc (weasyprint)", p_pdf, f_pdf),
             _row("calibre", c_pdf, f_pdf)]

    if not args.skip_anthology_pdf:
        f_big = run([*ficbind, "build", str(library), "-f", "pdf", "-o", str(out / "f"), "--cache", str(cache / "b"), "--force"])
        rows += ["**PDF, anthology**", _row("ficbind", f_big)]

    # Nightly: a cold build into an empty cache, then the same build again.
    cold = run([*ficbind, "build", str(library), "-f", "epub,pdf", "-o", str(out / "n"), "--cache", str(cache / "nightly")])
    warm = run([*ficbind, "build", str(library), "-f", "epub,pdf", "-o", str(out / "n"), "--cache", str(cache / "nightly")])
    rows += ["**Nightly rebuild, anthology EPUB+PDF**", _row("cold", cold), _row("unchanged", warm, cold)]

    print("| run | wall time | peak memory | ratio to ficbind |")
    print("|---|---|---|---|")
    for row in rows:
        print(row if row.startswith("|") else f"| {row} | | | |")
    print()
    if p_epub:
        print(f"EPUB: ficbind takes {f_epub.seconds / p_epub.seconds:.2f} of pandoc's time (goal: at most 0.25)")
    if p_pdf:
        print(f"PDF:  ficbind takes {f_pdf.seconds / p_pdf.seconds:.2f} of pandoc's time (goal: at most 0.6); "
              f"peak {f_pdf.peak_mb:.0f} MB (goal: under 400 MB)")
    if not args.skip_anthology_pdf:
        print(f"Anthology PDF peak memory: {f_big.peak_mb:.0f} MB (goal: under 1 GB)")
    print(f"Unchanged rebuild: {warm.seconds / cold.seconds:.1%} of the cold build (goal: under 5%)")


if __name__ == "__main__":
    main()
