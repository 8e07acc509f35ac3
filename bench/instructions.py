"""ficbind's PDF against WeasyPrint's floor, counted in instructions rather than seconds.

    python bench/instructions.py [--novel 90000] [--workdir DIR] [--only ficbind,untagged,plain,plain-roman]

On a shared virtual machine the same one-process layout of a chunk of the novel takes
anywhere from 1.7 to 2.9 s of CPU from one run to the next, so a change worth 5% cannot
be seen in timings without dozens of runs. Valgrind's cachegrind counts the instructions
a process executes, the same count every run (to a few parts in ten thousand), so this
prints, for the generated novel (bench/corpus.py, the story `compare.py` times):

  ficbind         ficbind build STORY -f pdf --jobs 1 (tagged, as by default)
  untagged        the same with --no-pdf-tags
  plain           bench/plain_weasyprint.py: the same words as plain paragraphs, emphasis in italics
  plain-roman     the same with --no-emphasis (asterisks left in the text)

each a whole process, start-up and imports included, with its ratio to `plain`. Valgrind
runs a process some 30 times slower, so two run at once and the four take about ten
minutes on two cores. Needs valgrind (`apt install valgrind`).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402


def instructions(command: list[str], env: dict[str, str]) -> int:
    """The instructions `command` executes, counted by cachegrind (no cache simulation)."""
    run = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *command],
        capture_output=True, text=True, env=env, check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if run.returncode != 0 or not found:
        raise SystemExit(f"{' '.join(command)} failed under valgrind:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--novel", type=int, default=90_000, help="words in the story")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--only", default="ficbind,untagged,plain,plain-roman")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("needs valgrind (apt install valgrind)")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ficbind-instructions-"))
    work.mkdir(parents=True, exist_ok=True)
    _, text = corpus.story_text(random.Random(7), args.novel, chapters=True, blank_lines=True)
    story = work / "novel.txt"
    story.write_text(text, encoding="utf-8")
    ficbind = [sys.executable, "-m", "ficbind", "build", str(story), "-f", "pdf", "--jobs", "1", "--force", "-q"]
    plain = [sys.executable, str(HERE / "plain_weasyprint.py"), str(story)]
    commands = {
        "ficbind": [*ficbind, "-o", str(work / "tagged"), "--cache", str(work / "cache-tagged")],
        "untagged": [*ficbind, "--no-pdf-tags", "-o", str(work / "untagged"), "--cache", str(work / "cache-untagged")],
        "plain": [*plain, str(work / "plain.pdf")],
        "plain-roman": [*plain, str(work / "plain-roman.pdf"), "--no-emphasis"],
    }
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(commands)
    if unknown:
        parser.error(f"--only: unknown run {', '.join(sorted(unknown))}")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    print(f"story: {len(text.split()):,} words, in {work}")
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(chosen, pool.map(lambda name: instructions(commands[name], env), chosen)))
    base = counts.get("plain")
    print()
    print("| run | instructions | ratio to plain |")
    print("|---|---|---|")
    for name, count in counts.items():
        ratio = f"{count / base:.2f}" if base else ""
        print(f"| {name} | {count / 1e9:.2f} G | {ratio} |")


if __name__ == "__main__":
    main()
