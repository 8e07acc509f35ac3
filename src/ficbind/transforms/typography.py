"""Publication typography for fic text: curly quotes, dashes and ellipses.

`typogrify(text) -> text` is an ordered list of pure rules, each a small function
whose comment names the fanfic habit it fixes, run around smartypants (which does
the quote pairing). It changes punctuation only: letters and digits pass through
in the same order, so no word is ever changed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

import smartypants

from ..model import Inline, Story, Text, map_block_inlines

_SMARTYPANTS_QUOTES = smartypants.Attr.q | smartypants.Attr.u

# smartypants parses its input as HTML: it skips `<...>` as tags and turns `\"`
# into an entity. Story text is never markup, so those characters are swapped for
# private-use stand-ins around the call and restored after it.
_SHIELD = str.maketrans({"<": "\ue000", ">": "\ue001", "\\": "\ue002", "&": "\ue003"})
_UNSHIELD = str.maketrans({"\ue000": "<", "\ue001": ">", "\ue002": "\\", "\ue003": "&"})

Rule = Callable[[str], str]


def spaced_hyphen_to_em_dash(text: str) -> str:
    # `he simply starts - and stops`: a hyphen with spaces round it is a typed dash.
    return re.sub(r"(?<=\S) +[-–] +(?=\S)", "—", text)


def double_hyphen_to_em_dash(text: str) -> str:
    # `He stopped--"Wait."` and `---`: typewriter dashes. Spaces round them go too.
    return re.sub(r" *(?<!-)-{2,3}(?!-) *", "—", text)


def spaced_en_dash_to_em_dash(text: str) -> str:
    # `You manage – somehow – to wait` (seed 002): British spaced en dashes.
    return re.sub(r"(?<=\S) +– +(?=\S)", "—", text)


def three_dots_to_ellipsis(text: str) -> str:
    # `Well...` and `For . . . everything` (seed 003): typed ellipses.
    return re.sub(r"\.\s?\.\s?\.", "…", text)


def smart_quotes(text: str) -> str:
    # Straight quotes and apostrophes to curly ones; smartypants pairs them.
    if "'" not in text and '"' not in text and "`" not in text:
        return text
    return smartypants.smartypants(text.translate(_SHIELD), _SMARTYPANTS_QUOTES).translate(_UNSHIELD)


def quote_after_dash_opens(text: str) -> str:
    # `He stopped—"Wait."` smartypants closes a double quote that follows a dash or
    # an ellipsis; one followed by a letter opens.
    return re.sub(r"(?<=[—…])”(?=\w)", "“", text)


RULES: list[Rule] = [
    three_dots_to_ellipsis,
    double_hyphen_to_em_dash,
    spaced_en_dash_to_em_dash,
    spaced_hyphen_to_em_dash,
    smart_quotes,
    quote_after_dash_opens,
]


def typogrify(text: str) -> str:
    """Apply every typography rule, in order, to one paragraph's text."""
    for rule in RULES:
        text = rule(text)
    return text


def _typogrify_inlines(inlines: list[Inline]) -> list[Inline]:
    return [Text(typogrify(node.text)) if isinstance(node, Text) else node for node in inlines]


def apply(story: Story) -> Story:
    """Typography over the story's body, title and rich metadata."""
    meta = story.meta
    rich = {
        name: map_block_inlines(getattr(meta, name), _typogrify_inlines)
        for name in ("summary", "notes", "end_notes", "disclaimer", "prompt", "dedication")
    }
    meta = replace(meta, title=typogrify(meta.title) if meta.title else meta.title, **rich)
    return replace(story, meta=meta, blocks=map_block_inlines(story.blocks, _typogrify_inlines))
