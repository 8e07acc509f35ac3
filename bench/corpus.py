"""Generate a deterministic corpus of fic-like plain-text stories for benchmarks.

    python bench/corpus.py OUTDIR [--stories 100] [--words 1000000] [--seed 1] [--no-chapters] [--blank-lines]

Every story gets one of the header styles fandom has used (Key: value, lowercase
dot style, AO3 page copy, notes before a bare title, bare title, no header, YAML
front matter), prose with dialogue, typed dashes and ellipses, plain-text emphasis,
scene breaks of many shapes, chapter headings in long stories, and closing notes.
The text is generated from a fixed vocabulary, so the same arguments always give
the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

NOUNS = (
    "rain window kitchen hallway letter coat river station morning light door table cup road bridge "
    "harbour lantern garden stair voice silence winter engine map coffee radio ticket pocket shoulder "
    "hand ceiling field city island ferry storm shadow candle key notebook sweater bench corner"
).split()
VERBS = (
    "waited turned laughed whispered stopped listened walked reached folded counted watched pulled "
    "leaned remembered noticed shrugged swallowed closed opened crossed kept lost found carried held"
).split()
ADJECTIVES = (
    "quiet cold bright narrow familiar tired heavy small careful sudden warm empty pale distant soft "
    "crooked late patient restless golden grey"
).split()
NAMES = "Mara Jun Tobias Ines Wren Caspian Lio Hattie Dev Solenne Ash Bram Noor Pim Oriel Teo".split()
FANDOMS = ["Harbour Lights", "The Glass Meridian", "Starfall Academy", "Northbound", "Kettle & Crown"]
RATINGS = ["G", "PG", "PG-13", "Teen And Up Audiences", "M", "g", "General Audiences"]
BREAKS = ["* * *", "***", "~*~", "oOo", "xXx", "-x-x-", "<><><>", "###", "~~~", "+++", "⁂", "o0o"]


class Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def name(self) -> str:
        return self.rng.choice(NAMES)

    def clause(self) -> str:
        r = self.rng
        return f"{self.name()} {r.choice(VERBS)} the {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"

    def sentence(self) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.12:
            return f"{self.clause()}--and then {r.choice(VERBS)} again."
        if kind < 0.22:
            return f"{self.clause()} - not quite {r.choice(ADJECTIVES)}, not yet."
        if kind < 0.30:
            return f"{self.clause()}... and the {r.choice(NOUNS)} {r.choice(VERBS)}."
        if kind < 0.38:
            return f"It wasn't *{r.choice(ADJECTIVES)}*, {self.name()} thought, it was _{r.choice(ADJECTIVES)}_."
        if kind < 0.44:
            return f"'Twas the {r.choice(NOUNS)} of the '90s, {r.choice(ADJECTIVES)} as ever."
        return f"{self.clause()}, and the {r.choice(NOUNS)} was {r.choice(ADJECTIVES)}."

    def dialogue(self) -> str:
        r = self.rng
        said = r.choice(["said", "asked", "whispered", "muttered"])
        line = " ".join(self.sentence() for _ in range(r.randint(1, 2)))
        if r.random() < 0.15:
            return f'"{line[:-1]}-" {self.name()} stopped.'
        if r.random() < 0.1:
            return f"'{line}' {self.name()} {said}."
        return f'"{line}" {self.name()} {said}. "{self.sentence()}"'

    def paragraph(self) -> str:
        r = self.rng
        if r.random() < 0.35:
            return self.dialogue()
        return " ".join(self.sentence() for _ in range(r.randint(2, 6)))


def _header(w: Writer, style: str, title: str, words: int) -> tuple[str, str]:
    """(text before the body, text after it) for one header style."""
    r = w.rng
    author = f"{w.rng.choice(ADJECTIVES)}_{w.rng.choice(NOUNS)}{r.randint(1, 99)}"
    fandom = r.choice(FANDOMS)
    pair = f"{w.name()}/{w.name()}"
    rating = r.choice(RATINGS)
    summary = w.sentence()
    end = f"A/N: {w.sentence()} {w.sentence()}\n" if r.random() < 0.5 else ""
    if style == "colon":
        head = (
            f"Title: {title}\nAuthor: {author}\nFandom: {fandom}\nPairing: {pair}\nRating: {rating}\n"
            f"Word Count: {words}\nSummary: {summary}\n\n"
        )
    elif style == "dot":
        head = (
            f"title. {title.lower()}.\nfandom. {fandom.lower()}.\npairing. {pair.lower()}.\nrating. {rating.lower()}.\n"
            f"summary. {summary.lower()}\n\n"
        )
    elif style == "ao3":
        head = (
            f"Rating:\n{rating}\nArchive Warning:\nNo Archive Warnings Apply\nFandom:\n{fandom}\n"
            f"Relationship:\n{pair}\nStats:\nPublished: 2019-03-0{r.randint(1, 9)} Words: {words}\n\n"
            f"{title}\n{author}\n\nSummary:\n\n{summary}\n\nWork Text:\n\n"
        )
    elif style == "notes-first":
        head = f"Author's Note: {w.sentence()} {w.sentence()}\n\nDisclaimer: Not mine.\n\n{title}\n\n"
    elif style == "bare-title":
        head = f"{title}\n\n"
    elif style == "yaml":
        head = (
            f"---\ntitle: \"{title}\"\nauthor: {author}\nfandom: {fandom}\nrating: {rating}\n"
            f"tags: [{w.rng.choice(ADJECTIVES)}, {w.rng.choice(NOUNS)}]\nsummary: \"{summary}\"\n---\n\n"
        )
    else:  # no header: the title comes from the file name
        head = ""
    return head, ("\n" + end if end else "")


STYLES = ["colon", "dot", "ao3", "notes-first", "bare-title", "yaml", "none"]


def story_text(rng: random.Random, words: int, chapters: bool, blank_lines: bool = False) -> tuple[str, str]:
    """(file name, file text) for one story of about `words` words. With `blank_lines`, every
    story separates its paragraphs with blank lines (as Markdown does); otherwise about 40% put
    one paragraph on each line, as many saved fics do."""
    w = Writer(rng)
    title = " ".join(rng.choice(ADJECTIVES + NOUNS).capitalize() for _ in range(rng.randint(2, 5)))
    style = rng.choice(STYLES)
    head, tail = _header(w, style, title, words)
    one_per_line = rng.random() < 0.4 and style != "yaml" and not blank_lines
    separator = "\n" if one_per_line else "\n\n"
    paragraphs: list[str] = []
    count = 0
    chapter = 0
    chapter_every = 4000 if chapters else 10**9
    next_chapter = 0
    while count < words:
        if count >= next_chapter and words > chapter_every:
            chapter += 1
            paragraphs.append(f"Chapter {chapter}: The {rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS).capitalize()}")
            next_chapter += chapter_every
        elif rng.random() < 0.03 and paragraphs:
            paragraphs.append(rng.choice(BREAKS))
        paragraph = w.paragraph()
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    slug = "-".join(title.lower().split())
    suffix = ".md" if style == "yaml" else ".txt"
    return f"{slug}{suffix}", head + separator.join(paragraphs) + "\n" + tail


def generate(
    folder: Path, stories: int, words: int, seed: int = 1, chapters: bool = True, blank_lines: bool = False
) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per_story = max(50, words // max(1, stories))
    written = []
    for number in range(stories):
        # story lengths vary around the mean, from drabbles to novellas
        length = max(100, int(rng.lognormvariate(0, 0.6) * per_story))
        name, text = story_text(rng, length, chapters, blank_lines)
        path = folder / f"{number:04d}-{name}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-chapters", action="store_true")
    parser.add_argument("--blank-lines", action="store_true",
                        help="paragraphs separated by blank lines in every story (what Markdown tools expect)")
    args = parser.parse_args()
    files = generate(args.folder, args.stories, args.words, args.seed, not args.no_chapters, args.blank_lines)
    total = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    print(f"wrote {len(files)} stories, {total} words, to {args.folder}")


if __name__ == "__main__":
    main()
