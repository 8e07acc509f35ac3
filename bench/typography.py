"""Measure typography throughput on generated fic text (MB of story text per second).

    python bench/typography.py [--words 600000] [--stories 60] [--seed 1] [--repeat 3]

Generates a deterministic corpus with bench/corpus.py (a few MB of fic-like text:
dialogue, typed dashes and ellipses, apostrophes, emphasis marks, scene breaks),
reads every story (not timed), then times, on one core:

- `typogrify`: the typography rules alone, over every paragraph's text;
- `transforms`: the whole transform pipeline (structure, lyrics, typography,
  emphasis) over every story.

Throughput is the UTF-8 size of the paragraph text divided by the best of
`--repeat` runs. The machine may be shared, so treat the figures as approximate.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate  # noqa: E402

from ficbind.model import Paragraph, Text  # noqa: E402
from ficbind.readers import read_story  # noqa: E402
from ficbind.transforms import transform_story  # noqa: E402
from ficbind.transforms.typography import typogrify  # noqa: E402


def _best(seconds: list[float]) -> float:
    return min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=600_000)
    parser.add_argument("--stories", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ficbind-bench-") as folder:
        paths = generate(Path(folder), args.stories, args.words, args.seed)
        stories = [read_story(path) for path in paths if path.suffix == ".txt"]

    texts = [
        node.text
        for story in stories
        for block in story.blocks
        if isinstance(block, Paragraph)
        for node in block.content
        if isinstance(node, Text)
    ]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6

    rules_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for text in texts:
            typogrify(text)
        rules_times.append(time.perf_counter() - started)

    pipeline_times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for story in stories:
            transform_story(story)
        pipeline_times.append(time.perf_counter() - started)

    rules, pipeline = _best(rules_times), _best(pipeline_times)
    print(f"corpus: {len(stories)} stories, {len(texts)} paragraphs, {megabytes:.2f} MB of paragraph text")
    print(f"typogrify:  {rules:6.2f} s  {megabytes / rules:6.1f} MB/s  (best of {args.repeat})")
    print(f"transforms: {pipeline:6.2f} s  {megabytes / pipeline:6.1f} MB/s  (best of {args.repeat})")


if __name__ == "__main__":
    main()
