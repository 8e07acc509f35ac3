"""Whether a line of text is a scene break: `* * *`, `oOo`, `~*~`, `-x-x-`, `<><><>`, a
centred `⁂`, `-Line Break-`.

Shared by the structure transform (lines of text files) and the HTML readers
(paragraphs of web pages), which read the same markers.
"""

from __future__ import annotations

import re
import unicodedata

# Symbols a dinkus is drawn with. Dingbats and other pictographic symbols (❧ ✿ ♥ ◆)
# count too; music notes do not (a line of ♪ is a song).
_DINKUS_SYMBOLS = set("*~-=#+_<>|/\\^:°•·∙◦‣⁂⁑※§¶⸙⁕⁜⁎⁘⁙")
_NOT_DINKUS = set("♪♫♬♩")
# Letters fans draw breaks with: `oOo`, `xXx`, `o0o`, `-x-x-`.
_DINKUS_LETTERS = set("oOxX0")
# The words some archives leave where a break was (FFN drops <hr>s, so authors typed them).
_BREAK_WORDS = re.compile(
    r"^[\W_]*(?:line ?break|scene ?break|scene change|page ?break|section ?break)[\W_]*$", re.IGNORECASE
)
# Symbols that make a break on their own (a centred `*`, FFN's `#`); dashes and
# dots need three or more (`-` alone is a slip, `...` is a silence).
_LONE_DINKUS = set("*#~+•⁂※§⸙⁕⁜❧☙✽✻✶✦✧◆◇❖")
# Three-character breaks that are not one symbol repeated.
_SHORT_DINKUSES = {"oOo", "OoO", "xXx", "XxX", "o0o", "O0O", "~o~", "*o*", "-o-", "~x~", "-x-", "*x*", "~*~",
                   "*~*", "-*-", "+*+", "<>", "<><"}
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\\s]")


def _is_dinkus_symbol(char: str) -> bool:
    if char in _DINKUS_SYMBOLS:
        return True
    if char in _NOT_DINKUS or char.isalnum():
        return False
    # Dingbats, geometric shapes and miscellaneous symbols (❧ ✿ ◆ ♥ ★).
    return unicodedata.category(char) == "So" and 0x2190 <= ord(char) <= 0x2BFF


def is_scene_break(text: str) -> bool:
    """Whether a line of text is a scene break (`* * *`, `oOo`, `~*~`, `⁂`, `-Line Break-`)."""
    if len(text) > 80:  # prose; checked first because nearly every line is
        return False
    bare = _INVISIBLE.sub("", text)
    if not bare or len(bare) > 40:
        return False
    if _BREAK_WORDS.match(text.strip()):
        return True
    if len(bare) <= 3:
        # Short lines are also emoticons in text messages (`-_-`, `o_O`, `\o/`, `:/`):
        # only a repeated symbol (`***`, `##`, a centred `*`) or a known shape counts.
        if len(set(bare)) == 1:
            char = bare[0]
            if char in "-–—":
                return bare == "---"
            return char in _LONE_DINKUS if len(bare) == 1 else _is_dinkus_symbol(char)
        # Ornament glyphs (`◆◇◆`, `❧⁂❧`) are never emoticons.
        return bare in _SHORT_DINKUSES or all(ord(c) > 127 and _is_dinkus_symbol(c) for c in bare)
    letters = [c for c in bare if c in _DINKUS_LETTERS]
    symbols = [c for c in bare if c not in _DINKUS_LETTERS]
    if not all(_is_dinkus_symbol(c) for c in symbols):
        return False
    if letters:
        # `oOo`, `xXx`, `o0o` or letters set among symbols (`-x-x-`, `~o~`); not `xxx`
        # (kisses), `XOXO` or `ooo`, which are words in a story.
        word = "".join(letters)
        mixed = any(c.islower() for c in word) and any(c.isupper() for c in word)
        return bool(symbols) or (len(word) >= 3 and (mixed or "0" in word))
    if set(symbols) <= set("-–—"):
        return "—" not in symbols  # `-----`, not `————` (a wordless reply)
    return True
