"""Build the reference books and print a digest of every file, to show that a change
which should not change output (a refactor, an optimisation) did not.

    python bench/same_bytes.py > before.txt      # on the old code
    python bench/same_bytes.py > after.txt       # on the new code
    diff before.txt after.txt                    # nothing: byte-identical

Where the bytes may change but the pages must not (an optimisation that draws the same
glyphs differently), keep the books and compare them page by page:

    python bench/same_bytes.py --keep old/       # on the old code
    python bench/same_bytes.py --keep new/       # on the new code
    python bench/same_pages.py old/ new/         # the same text at the same places, the same pixels

The books: the sample anthology (EPUB and PDF), its zine and mini-zine, the KEPUB, a
long story's PDF (a generated 60,000-word story, cut into chunks), and the sample PDF
with bleed and crop marks. Each is built without the cache, with a fixed
SOURCE_DATE_EPOCH, so only the code can make the digests differ.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "seed-anthology.toml"

# (label, arguments after `ficbind build`)
BOOKS = [
    ("sample", [str(SAMPLE), "--format", "epub,kepub,pdf"]),
    ("sample zine", [str(SAMPLE), "--format", "zine", "--signature", "2", "--fold-marks"]),
    ("one-story mini-zine", [str(ROOT / "seeds" / "001_9a18502ccfa86e3c.txt"), "--format", "minizine"]),
    ("sample for a print shop", [str(SAMPLE), "--format", "pdf", "--bleed", "3mm", "--marks", "crop,cross",
                                 "--name", "press"]),
]


def ficbind(args: list[str], env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "ficbind", "build", *args, "--no-cache", "--quiet"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-long", action="store_true", help="skip the long story (the slowest book)")
    parser.add_argument("--keep", type=Path, help="keep the books in this folder (for bench/same_pages.py)")
    options = parser.parse_args()
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        books = list(BOOKS)
        if not options.no_long:
            corpus = work / "corpus"
            subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(corpus), "--stories", "1",
                            "--words", "60000", "--seed", "7"], check=True, capture_output=True)
            books.append(("long story", [str(corpus), "--format", "pdf", "--name", "long"]))
        for label, args in books:
            out = (options.keep or work) / label.replace(" ", "-")
            ficbind([*args, "--output", str(out)], env)
            for path in sorted(out.iterdir()):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                print(f"{digest}  {label}: {path.name}")


if __name__ == "__main__":
    main()
