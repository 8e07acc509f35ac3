"""Time imposing a 300-page book as a zine, and compare the imposed PDF's size with the reading PDF's.

    python bench/impose.py [--pages 300] [--runs 5] [--keep PATH]

The reading PDF is made the way a user makes one: a generated corpus of fic-like
stories (bench/corpus.py) bound by ficbind into an A5 PDF, cut to exactly --pages
pages. Rendering it takes WeasyPrint a while; --keep saves it (and reuses it when it
exists) so later runs only time the imposition. Timings are the best and the median
of --runs; on a shared machine treat them as approximate.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

from ficbind import BuildOptions, build
from ficbind.writers.zine import ZineOptions, impose_zine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402  (bench/corpus.py, beside this script)

WORDS_PER_PAGE = 360  # an A5 page holds about 320 words; ask for more so the book comes out long enough


def reading_pdf(pages: int) -> bytes:
    """A ficbind reading PDF of exactly `pages` pages, bound from a generated corpus."""
    with tempfile.TemporaryDirectory() as folder:
        stories = Path(folder) / "stories"
        generate(stories, stories=12, words=pages * WORDS_PER_PAGE, seed=7)
        report = build([str(stories)], BuildOptions(output_dir=Path(folder) / "out", formats=("pdf",),
                                                    title="Bench Anthology"))
        data = Path(report.outputs[0].path).read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if len(pdf.pages) < pages:
            raise SystemExit(f"the generated book has only {len(pdf.pages)} pages; raise WORDS_PER_PAGE")
        if len(pdf.pages) == pages:
            return data
        del pdf.pages[pages:]
        # Saved the way the imposed PDF is, so the two sizes compare like with like.
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def timed(runs: int, action) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="save the reading PDF here, or reuse it if it exists")
    args = parser.parse_args()

    if args.keep and args.keep.exists():
        source = args.keep.read_bytes()
        print(f"reading PDF: reused {args.keep}")
    else:
        started = time.perf_counter()
        source = reading_pdf(args.pages)
        print(f"reading PDF: rendered in {time.perf_counter() - started:.1f} s (WeasyPrint, not part of the timing)")
        if args.keep:
            args.keep.write_bytes(source)
    with pikepdf.open(io.BytesIO(source)) as pdf:
        pages = len(pdf.pages)
    print(f"reading PDF: {pages} pages, {len(source) / 1024:.0f} KB")

    cases = {
        "booklet": ZineOptions(),
        "signatures of 4 sheets": ZineOptions(signature=4),
        "long edge, marks, creep 1 mm": ZineOptions(duplex="long", marks=True, creep=1.0),
        "single-sided (two files)": ZineOptions(single_sided=True),
    }
    for label, options in cases.items():
        best, median, imposition = timed(args.runs, lambda options=options: impose_zine(source, options, pad_before=pages))
        size = sum(len(f.data) for f in imposition.files)
        print(f"{label:<30} best {best * 1000:6.0f} ms  median {median * 1000:6.0f} ms  "
              f"{imposition.plan.sheet_count} sheets  {size / 1024:.0f} KB ({size / len(source):.2f} × the reading PDF)")


if __name__ == "__main__":
    main()
