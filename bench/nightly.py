"""Time a nightly export: a cold build of a generated library, an unchanged rebuild, and a
rebuild after editing one story, each as a fraction of the cold build.

    python bench/nightly.py [--stories 100] [--words 1000000] [--formats epub] [--runs 3] [--keep DIR]

The library comes from bench/corpus.py (deterministic). Every build is the real
command line in a fresh process (`python -m ficbind build MANIFEST --json`), as cron
would run it, with its own cache folder; the wall time includes Python's start-up.
Rebuild times are the median of `--runs` runs. The machine may be shared: treat the
figures as approximate.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402


def run_build(manifest: Path, cache: Path, out: Path) -> tuple[float, dict]:
    command = [sys.executable, "-m", "ficbind", "build", str(manifest), "--json",
               "--cache", str(cache), "-o", str(out)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed ({result.returncode}):\n{result.stderr}")
    return seconds, json.loads(result.stdout)


def statuses(report: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for story in report["stories"]:
        counts[story["status"]] = counts.get(story["status"], 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--formats", default="epub", help="comma-separated, as in [output] formats")
    parser.add_argument("--runs", type=int, default=3, help="rebuilds to take the median of")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="ficbind-nightly-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    try:
        files = generate(work / "stories", args.stories, args.words)
        formats = ", ".join(f'"{name.strip()}"' for name in args.formats.split(","))
        manifest = work / "nightly.toml"
        manifest.write_text(
            '[book]\ntitle = "Nightly"\ndate = 2026-11-21\n\n[[story]]\npath = "stories/*"\n\n'
            f"[output]\nformats = [{formats}]\n",
            encoding="utf-8",
        )
        cache, out = work / "cache", work / "out"

        cold, report = run_build(manifest, cache, out)
        bound = len(report["stories"])
        words = sum(story["words"] for story in report["stories"])
        assert statuses(report) == {"built": bound}, statuses(report)

        written = {o["path"]: Path(o["path"]).stat().st_mtime_ns for o in report["outputs"]}
        unchanged_times = []
        for _ in range(args.runs):
            seconds, again = run_build(manifest, cache, out)
            assert statuses(again) == {"cached": bound}, statuses(again)
            assert {p: Path(p).stat().st_mtime_ns for p in written} == written, "an unchanged rebuild rewrote a file"
            unchanged_times.append(seconds)

        edited_times = []
        story_files = sorted(p for p in files if p.suffix == ".txt")
        for run in range(args.runs):
            story = story_files[run % len(story_files)]
            story.write_text(story.read_text(encoding="utf-8") + f"\nAn edit, made on night {run + 1}.\n",
                             encoding="utf-8")
            seconds, edited = run_build(manifest, cache, out)
            assert statuses(edited) == {"built": 1, "cached": bound - 1}, statuses(edited)
            edited_times.append(seconds)

        unchanged = statistics.median(unchanged_times)
        edited = statistics.median(edited_times)
        print(f"library: {bound} stories bound ({len(files)} files generated), {words:,} words; "
              f"formats: {args.formats}")
        print(f"{'build':<26}{'seconds':>9}{'of cold':>10}")
        print(f"{'cold (empty cache)':<26}{cold:>9.2f}{'100%':>10}")
        print(f"{'unchanged rebuild':<26}{unchanged:>9.2f}{unchanged / cold:>10.1%}")
        print(f"{'one story edited':<26}{edited:>9.2f}{edited / cold:>10.1%}")
        print(f"(rebuilds: median of {args.runs}; wall time of `python -m ficbind build --json`, start-up included)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
