"""Turn a finished imposition into the steps a person follows to print, fold and bind it.

The CLI shows these lines on a terminal after a build, and the JSON report carries
them, so a script that writes zines can pass them on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Imposition

ACTUAL_SIZE = "at actual size (100 %, not “fit to page”)"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _sheets(count: int, paper: str) -> str:
    return f"{_count(count, 'sheet')} of {paper}"


def _ranges(sizes: Sequence[int]) -> str:
    """(4, 4, 2) -> "sheets 1–4, 5–8 and 9–10"."""
    spans, start = [], 1
    for size in sizes:
        spans.append(f"{start}–{start + size - 1}" if size > 1 else f"{start}")
        start += size
    listed = spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " and " + spans[-1]
    return f"sheet{'s' if start > 2 else ''} {listed}"


def _summary(imposition: Imposition) -> str:
    plan = imposition.plan
    pages = len(plan.pages)
    text = f"{_sheets(plan.sheet_count, imposition.paper.name)}, {pages} pages"
    if imposition.blank_count:
        text += f" ({imposition.blank_count} of them blank)"
    if imposition.fit.scale != 1:
        text += f", printed at {imposition.fit.scale * 100:.0f} %"
    return text + "."


def zine_instructions(imposition: Imposition, names: Sequence[str]) -> list[str]:
    """How to print, fold and bind a booklet or a set of signatures."""
    options, plan = imposition.options, imposition.plan
    edge = f"{options.duplex} edge"
    other = "short" if options.duplex == "long" else "long"
    lines = [f"To print {' and '.join(names)}: {_summary(imposition)}"]
    if options.single_sided:
        fronts, backs = names
        lines += [
            f"1. Print {fronts} one-sided, {ACTUAL_SIZE}.",
            f"2. Put the printed stack back in the paper tray to print on the blank sides, turned over on its "
            f"{edge}, with the first sheet (the one with the cover) fed first. Try it with one sheet first: "
            "printers differ in which side and edge they print on.",
            f"3. Print {backs} the same way. If the backs come out upside down, build again with --duplex {other}.",
        ]
    else:
        lines += [
            f"1. Print it double-sided, flipping on the {edge}, {ACTUAL_SIZE}. "
            f"If the backs come out upside down, build again with --duplex {other}.",
        ]
    step = len(lines)
    sizes = plan.signature_sheets
    if len(sizes) == 1:
        lines.append(f"{step}. Keep the sheets in print order and stack them with the first sheet (the cover) outside.")
        staple = f"{step + 1}. Fold the stack in half, cover outwards, and staple through the fold."
        if plan.sheet_count > 20:
            staple += (f" {plan.sheet_count} sheets is thick for staples; for a sewn book use --signature 4 "
                       "and bind the signatures.")
        lines.append(staple)
    else:
        if sizes[-1] == sizes[0]:
            made = f"{len(sizes)} signatures of {_count(sizes[0], 'sheet')} each"
        else:
            made = (f"{len(sizes)} signatures, {len(sizes) - 1} of {_count(sizes[0], 'sheet')} and a last one of "
                    f"{_count(sizes[-1], 'sheet')}")
        lines += [
            f"{step}. The sheets make {made} ({_ranges(sizes)} in print order). "
            "Fold each signature in half on its own, its first sheet outside.",
            f"{step + 1}. Stack the folded signatures in order and sew (or glue) them into the binding.",
        ]
    if imposition.fit.needs_trimming:
        where = "along the cut marks" if options.marks else "to the page size"
        folded = "stapled booklet" if len(sizes) == 1 else "bound book"
        lines.append(f"{len(lines)}. Trim the {folded} {where}.")
    if imposition.sheets_if_right is not None and imposition.sheets_if_right > plan.sheet_count:
        saved = imposition.sheets_if_right - plan.sheet_count
        lines.append(f"Stories open on either page, with no blank page before them: that saves "
                     f"{_count(saved, 'sheet')} ({imposition.sheets_if_right} with --openings right).")
    if options.creep:
        lines.append(f"Pages on the inner sheets are moved up to {options.creep:g} mm toward the fold "
                     "to allow for creep.")
    return lines


def minizine_instructions(imposition: Imposition, names: Sequence[str]) -> list[str]:
    """How to print, cut and fold the eight-page one-sheet zine."""
    cut = "the dashed line" if imposition.options.marks else "half the sheet's length, the middle two panels"
    return [
        f"To print {names[0]}: {_summary(imposition)}",
        f"1. Print it on one side, {ACTUAL_SIZE}.",
        "2. Crease it into eight panels: fold it in half long edge to long edge and unfold; fold it in half short "
        "edge to short edge, then in half again, and unfold.",
        "3. Fold it in half short edge to short edge and cut from the fold along the middle crease to the next "
        f"crease ({cut}).",
        "4. Unfold it, fold it in half long edge to long edge with the print outside, push the two ends together "
        "so that the cut opens, and fold the panels round into a booklet with page 1 on the front.",
    ]
