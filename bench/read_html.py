"""Time reading an AO3 HTML download of a long work (goal: 100,000 words in under a second).

    python bench/read_html.py [--words 100000] [--chapters 30] [--runs 5]

Generates a download in AO3's current template (a preface with tags, summary and notes;
chapters with titles, chapter notes and end notes; `<p>` paragraphs with italics, a few
`<p><span>` paragraphs and `<br>` lines, scene breaks), then times `read_story` on it,
parse and mapping onto the model included, start-up excluded. Prints the best and the
median of the runs, and the words read. The text is made up here: no fic is copied.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ficbind.readers import read_story  # noqa: E402
from ficbind.text.wordcount import count_words  # noqa: E402

WORDS = ("the lantern rain quiet house door letter morning river stone garden window silver road "
         "she he they said asked whispered never always again before after under over into "
         "small old bright cold warm long dark soft kept found lost waited turned").split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    if rng.random() < 0.3:
        k = rng.randrange(len(words))
        words[k] = f"<em>{words[k]}</em>"
    return " ".join(words).capitalize() + rng.choice(".!?.")


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
    if rng.random() < 0.1:  # a rich-text editor's paragraph of spans
        return "<p>\n  <span>" + text + "</span>\n</p>"
    if rng.random() < 0.05:  # a letter's lines
        return "<p>" + "<br />".join(_sentence(rng) for _ in range(3)) + "</p>"
    return f"<p>{text}</p>"


def generate(words: int, chapters: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    per_chapter = words // chapters
    parts = ["""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en"><head><meta charset="utf-8" />
<title>Lanterns - someone - Original Work</title><style type="text/css">.toc-heading { display: none; }</style></head>
<body><div id="preface"><h2 class="toc-heading">Preface</h2>
<p class="message"><b>Lanterns</b><br />Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a>
at <a href="https://archiveofourown.org/works/1">https://archiveofourown.org/works/1</a>.</p>
<div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a href="https://archiveofourown.org/tags/General">General Audiences</a></dd>
<dt>Archive Warning:</dt><dd><a href="#">No Archive Warnings Apply</a></dd>
<dt>Fandom:</dt><dd><a href="#">Original Work</a></dd>
<dt>Additional Tags:</dt><dd><a href="#">Slow Burn</a>, <a href="#">Lanterns</a></dd>
<dt>Language:</dt><dd>English</dd>
<dt>Stats:</dt><dd>Published: 2024-01-01 Words: """ + f"{words:,}" + f""" Chapters: {chapters}/{chapters}</dd></dl>
<h1>Lanterns</h1><div class="byline">by <a rel="author" href="#">someone</a></div>
<p>Summary</p><blockquote class="userstuff"><p>A made-up story for timing.</p></blockquote>
<p>Notes</p><blockquote class="userstuff"><p>Made up by bench/read_html.py.</p></blockquote></div></div>
<div id="chapters" class="userstuff">"""]
    for number in range(1, chapters + 1):
        parts.append(f'<div class="meta group"><h2 class="heading">Chapter {number}: Part {number}</h2>'
                     "<p>Chapter Notes</p><blockquote class=\"userstuff\"><p>A note.</p></blockquote></div>"
                     '<div class="userstuff">')
        written = 0
        while written < per_chapter:
            paragraph = _paragraph(rng)
            written += len(paragraph.split())
            parts.append(paragraph)
            if rng.random() < 0.02:
                parts.append('<p align="center">* * *</p>')
        parts.append('</div><div class="meta" id="endnotes"><p>Chapter End Notes</p>'
                     '<blockquote class="userstuff"><p>Thanks for reading.</p></blockquote></div>')
    parts.append('</div><div id="afterword"><p class="message">Please <a href="#">drop by the Archive and '
                 "comment</a> to let the creator know if you enjoyed their work!</p></div></body></html>")
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--chapters", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Lanterns.html"
        path.write_text(generate(args.words, args.chapters), encoding="utf-8")
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            story = read_story(path, path.name)
            times.append(time.perf_counter() - started)
        size = path.stat().st_size
    print(f"AO3 HTML download, {count_words(story.blocks):,} words, {size / 1e6:.1f} MB, {args.chapters} chapters: "
          f"best {min(times):.3f} s, median {statistics.median(times):.3f} s over {args.runs} runs "
          f"(goal: under 1 s)")


if __name__ == "__main__":
    main()
