"""A correction to WeasyPrint's line breaking: no line holding one word (or half of one) for nothing.

WeasyPrint (up to 70 at least) fits a run of text on a line in `split_first_line`.
When the run is followed by another inline element (`It wasn’t <em>soft</em>`), its
text ends with a space, and Pango, which does not count a line's trailing space, may
find that the whole run fits. WeasyPrint then measures the line *with* that space,
finds it a point or two too wide, concludes that the line "can't be split earlier",
and hyphenates (or, with hyphenation off, breaks after) the run's first word. The page
shows a line holding only `hall‐`, with `way was bright. …` on the next, in about one
paragraph in forty of a long book (a line whose run ends just at the right margin).

The correction: when the line WeasyPrint returns holds no space (a first word, or
part of one), ask again whether the whole run fits once its trailing spaces are left
out, as WeasyPrint's inline layout itself measures a line's end; if it does, the run
is the line. Every other line is WeasyPrint's own: the extra layout is done only for
lines that hold no space.
"""

from __future__ import annotations

from functools import cache


@cache
def fit_runs_ending_in_a_space() -> None:
    """Install the correction in this process (once; a worker process installs its own)."""
    try:
        from weasyprint.layout import inline
        from weasyprint.text import line_break
    except ImportError:
        return
    original = getattr(inline, "split_first_line", None)
    if original is None or getattr(original, "_ficbind", False):
        return

    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True,
                         minimum=False):
        result = original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        resume = result[2]
        if (resume is None or max_width is None or not text.endswith(" ")
                or style["white_space"] not in ("normal", "pre-line")):
            return result
        line = text.encode()[:resume].decode("utf-8", "replace")
        if " " in line.rstrip(" "):
            return result  # a line of several words: broken where a break belongs
        try:
            layout = line_break.create_layout(text, style, context, max_width, justification_spacing)
            first_line, index = layout.get_first_line()
            if index is not None:
                return result  # the run does not fit even by Pango's measure: WeasyPrint was right
            trimmed = line_break.create_layout(text.rstrip(" "), style, context, None, justification_spacing)
            width, _ = line_break.line_size(trimmed.get_first_line()[0], style)
            if width > max_width:
                return result
            return line_break.first_line_metrics(first_line, text, layout, None, True, style)
        except Exception:  # noqa: BLE001 - a correction never costs a book: WeasyPrint's own line stands
            return result

    split_first_line._ficbind = True  # type: ignore[attr-defined]
    inline.split_first_line = split_first_line
