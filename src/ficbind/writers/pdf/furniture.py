"""Turn the finished book's list of pages into its page furniture: running heads and folios.

[Leaf] -> PartJobs. Each page of the book is a `Leaf`: which rendered part and page
it shows (or none: a blank the joiner adds), which side of the sheet it is on, and
what its head and folio say. The furniture is laid out by WeasyPrint as documents of
its own, one page per leaf that has any, with the recto or verso geometry of the
text pages; the joiner prints each of its pages over the text page it belongs to. The
PDF writer asks for the furniture of a run of pages as soon as those pages are known
(pdf.write._Schedule), and a run longer than `PAGES_PER_JOB` pages is cut into documents of
equal length, which lay out side by side on several cores.

Laying out the furniture apart from the text is what lets every story be laid out on
its own (in parallel, or taken from a cache): a story's pages do not depend on the
page numbers of the stories before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..xhtml import escape
from .parts import PartJob

# Furniture pages per document: a few seconds of layout at most. Fixed, so the book is
# cut the same way on every machine, however many cores it has.
PAGES_PER_JOB = 250


@dataclass(frozen=True)
class Leaf:
    """One page of the printed book."""

    part: int | None  # index of the rendered part it shows; None for a blank page added between parts
    page: int | None  # 0-based page within that part
    side: str  # "recto" (right-hand, odd) or "verso" (left-hand, even)
    folio: str | None = None  # the page number printed at its foot; None on blanks and display pages
    head: str | None = None  # the running head; None on openers, blanks and front matter

    @property
    def furnished(self) -> bool:
        return bool(self.folio or self.head)


def to_roman(number: int) -> str:
    """1 -> i, 14 -> xiv: front matter folios."""
    numerals = (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    )
    out = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def furniture_html(leaves: list[Leaf], head_css: str, language: str) -> tuple[str, list[int]]:
    """The furniture document, and for each of its pages the index of its leaf."""
    divs: list[str] = []
    owners: list[int] = []
    for index, leaf in enumerate(leaves):
        if not leaf.furnished:
            continue
        head = f'<div class="running-head">{escape(leaf.head)}</div>' if leaf.head else ""
        folio = f'<div class="folio">{escape(leaf.folio)}</div>' if leaf.folio else ""
        divs.append(f'<div class="leaf {leaf.side}">{head}{folio}</div>')
        owners.append(index)
    html = (
        f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8"/>'
        f"<style>{head_css}</style></head><body>{''.join(divs)}</body></html>"
    )
    return html, owners


def furniture_jobs(leaves: list[Leaf], css: str, language: str, base_url: str, roots: tuple[str, ...],
                   timestamp: int, name: str = "running heads and folios") -> list[tuple[PartJob, list[int]]]:
    """The jobs that lay out the furniture of `leaves`, each with the index of the leaf
    each of its pages belongs to."""
    owners = [index for index, leaf in enumerate(leaves) if leaf.furnished]
    count = -(-len(owners) // PAGES_PER_JOB)
    jobs = []
    for k in range(count):
        batch = owners[len(owners) * k // count : len(owners) * (k + 1) // count]
        html, _ = furniture_html([leaves[index] for index in batch], css, language)
        jobs.append((PartJob(name + (f" ({k + 1} of {count})" if count > 1 else ""), html, base_url, roots, (),
                             timestamp, kind="furniture"), batch))
    return jobs
