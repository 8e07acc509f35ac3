"""A shortcut in WeasyPrint's page layout: no margin boxes made for a page that has none.

WeasyPrint (up to 70 at least) makes each page's sixteen margin boxes (`@top-left`
… `@right-bottom`) whether or not any rule gives one of them content: for each, it
applies the page counters to its style, makes a box and resolves its percentages, only
to find that the box is not generated (its `content` is `normal`: its user-agent
style, which every page has, sets only alignment). ficbind's pages never have a
margin box (the running heads and folios are blocks set in the margins of pages of
their own: see styles/print.css), so that work is always thrown away.

The shortcut: when none of the sixteen has content on this page's type, there are none
to make, and the page gets none, exactly as WeasyPrint would have found. A page type
with any margin box that has content is left to WeasyPrint whole, so a stylesheet that
uses them is laid out exactly as before.
"""

from __future__ import annotations

from functools import cache

# Every margin box CSS Paged Media defines: WeasyPrint makes these sixteen, and no other.
MARGIN_BOXES = (
    "@top-left-corner", "@top-left", "@top-center", "@top-right", "@top-right-corner",
    "@bottom-left-corner", "@bottom-left", "@bottom-center", "@bottom-right", "@bottom-right-corner",
    "@left-top", "@left-middle", "@left-bottom", "@right-top", "@right-middle", "@right-bottom",
)


@cache
def skip_absent_margin_boxes() -> None:
    """Install the shortcut in this process (once; a worker process installs its own)."""
    try:
        from weasyprint import layout
    except ImportError:
        return
    original = getattr(layout, "make_margin_boxes", None)
    if original is None or getattr(original, "_ficbind", False):
        return

    def make_margin_boxes(context, page, state):
        # Decided once per page type and document: the styles are the page type's.
        known = context.__dict__.setdefault("_ficbind_margin_boxes", {})
        page_type = page.page_type
        if page_type not in known:
            known[page_type] = any(_generated(context.style_for(page_type, name)) for name in MARGIN_BOXES)
        return original(context, page, state) if known[page_type] else ()

    make_margin_boxes._ficbind = True  # type: ignore[attr-defined]
    make_margin_boxes.__wrapped__ = original  # type: ignore[attr-defined]  # WeasyPrint's own, for the tests
    layout.make_margin_boxes = make_margin_boxes


def _generated(style) -> bool:
    """Whether a margin box with this style is made at all: WeasyPrint's own test
    (layout/page.py, `make_box`), a box with no style of its own being content-less."""
    return style is not None and style["content"] not in ("normal", "inhibit", "none")
