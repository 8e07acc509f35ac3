"""Publication typography for fic text: curly quotes, apostrophes, dashes and ellipses.

Story -> Story. `typogrify(text) -> text` is an ordered list of pure rules (`RULES`),
each a small function whose comment names the fanfic habit it fixes. smartypants
does the bulk of the quote pairing; the rules before it settle what smartypants gets
wrong (apostrophes that open a word, quotes after dashes and ellipses, hyphens cut
off before a closing quote), and the rules after it mend what it and earlier
editors left behind (a `‘` glued to the end of a word).

Rules change punctuation and spacing only: the letters and digits of a paragraph
pass through in the same order, so no word is ever changed. Text that is already
curly stays as it is. Applying `typogrify` twice gives the same text as once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import smartypants

from ..model import (
    Block,
    Emphasis,
    Field,
    Footnote,
    Inline,
    LineBreak,
    Story,
    Strong,
    Text,
    map_inline_lists,
    map_story,
)

Rule = Callable[[str], str]

# Every pattern below starts with the character it is about (the quote, the dash)
# and looks behind it afterwards, so the regex engine can skip ahead to that
# character; each rule first checks cheaply whether its character is there at all.


# --- invisible characters and spacing ------------------------------------------


_INVISIBLE = re.compile("[\u00ad\u200b\ufeff]")


def drop_invisible_characters(text: str) -> str:
    # Soft hyphens and zero-width spaces pasted from web pages and word processors:
    # they break searching and hyphenation, and some e-readers draw them as boxes.
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


_SPACE_RUN = re.compile(r"[ \t]{2,}|\t")


def collapse_spaces(text: str) -> str:
    # `She left.  He stayed.`: typewriter double spaces after full stops, and tabs
    # inside a line, become one space (layout is CSS's job).
    return _SPACE_RUN.sub(" ", text) if "  " in text or "\t" in text else text


_SPACE_BEFORE_COMMA = re.compile(r" ,(?<=\w ,)(?=\s|$)")


def no_space_before_comma(text: str) -> str:
    # `From miss_blanche , Cause` (seed 000): a LiveJournal user link left a space
    # before the comma that followed it.
    return _SPACE_BEFORE_COMMA.sub(",", text) if " ," in text else text


# --- ellipses ----------------------------------------------------------------------


_DOTS = re.compile(r"\.(?: ?\.){2,}")


def dots_to_ellipsis(text: str) -> str:
    # `Well...`, `For . . . everything` (seed 003) and `....`: typed ellipses.
    return _DOTS.sub("…", text) if ".." in text or ". ." in text else text


# --- dashes ----------------------------------------------------------------------


_LONG_HYPHEN_RUN = re.compile(r"-{4,}")


def hyphen_runs_to_long_dashes(text: str) -> str:
    # `Mr. B---- of the Ministry`: four hyphens stand for a two-em dash ⸺ (letters
    # left out), six or more for a three-em dash ⸻.
    if "----" not in text:
        return text
    return _LONG_HYPHEN_RUN.sub(lambda m: "⸺" if len(m.group()) < 6 else "⸻", text)


_DOUBLE_HYPHEN_BETWEEN_NUMBERS = re.compile(r"--(?<=\d--)(?!-)(?=['‘’]?\d)")


def double_hyphen_between_numbers(text: str) -> str:
    # `1990--1995`, `pages 5--7`, `1440--'80s`: TeX's way of typing a range, and the
    # en dash `1990-1995` already gets; without this rule the `--` became an em dash.
    # (`---` between numbers is still an em dash, as typed.)
    return _DOUBLE_HYPHEN_BETWEEN_NUMBERS.sub("–", text) if "--" in text else text


# A credit after a quotation, running to the end of the paragraph: a few capitalised
# names (with the small words inside names), maybe a work, maybe dates in brackets:
# `Heraclitus`, `Julia Child (1912--2004)`, `Marcus Aurelius, *Meditations*`.
_CREDIT_WORD = r"[*_]?[A-Z][\w.'’*_-]*"
_CREDIT = (
    rf"{_CREDIT_WORD}(?:,? (?:{_CREDIT_WORD}|of|the|de|van|von|da|du|le|la|and|&)){{0,6}}"
    r"(?: \([^()]*\))?$"
)
_DASH_BEFORE_CREDIT = re.compile(rf"(?<=[.!?…\"'”’]) (?:-{{1,3}}|[–—]) (?={_CREDIT})")


def dash_before_a_credit(text: str) -> str:
    # `Nothing endures but change. -- Heraclitus`: a spaced dash after a finished
    # sentence, before a name that ends the paragraph, credits the quotation. It is set
    # as an epigraph's credit is (an em dash joined to the name, `—Heraclitus`), with
    # the space before it kept: closed up, `change.—Heraclitus` reads as one word and
    # hides that the quotation has ended. `close_spaced_em_dash` leaves this space.
    if " -" not in text and " –" not in text and " —" not in text:
        return text
    return _DASH_BEFORE_CREDIT.sub(" —", text)


def double_hyphen_to_em_dash(text: str) -> str:
    # `He stopped--"Wait."` and `---`: typewriter dashes (longer runs are gone by now;
    # the spaces round them are closed up by `close_spaced_em_dash`).
    return text.replace("---", "—").replace("--", "—") if "--" in text else text


_SPACED_HYPHEN = re.compile(r" - (?<=\S - )(?=\S)")
_SPACED_EN_DASH = re.compile(r" – (?<=\S – )(?=\S)")


def _close_unless_numbers(match: re.Match[str]) -> str:
    text = match.string
    if text[match.start() - 1].isdigit() and text[match.end()].isdigit():
        return match.group()  # `5 - 3` is arithmetic, `1990 – 1995` a range
    return "—"


def spaced_hyphen_to_em_dash(text: str) -> str:
    # `the world doesn’t stop moving - he simply starts` (seed 001): a hyphen typed
    # with spaces round it is a dash. Between numbers (`5 - 3`) it is left alone.
    return _SPACED_HYPHEN.sub(_close_unless_numbers, text) if " - " in text else text


def spaced_en_dash_to_em_dash(text: str) -> str:
    # `You manage – somehow – to wait` (seed 002): British spaced en dashes become
    # the closed em dash the rest of the book uses. `1990 – 1995` stays.
    return _SPACED_EN_DASH.sub(_close_unless_numbers, text) if " – " in text else text


# A space before an em dash, except the one before a credit (`change. —Heraclitus`).
_SPACE_BEFORE_EM_DASH = re.compile(rf" —(?:(?<![.!?…\"'”’] —)|(?!{_CREDIT}))")


def close_spaced_em_dash(text: str) -> str:
    # `she said — and then`, and the spaces left round a typed `--`: em dashes are
    # closed up, so every story in the anthology sets dashes the same way. (Runs of
    # spaces are single by now.)
    if "— " not in text and " —" not in text:
        return text
    return _SPACE_BEFORE_EM_DASH.sub("—", text.replace("— ", "—"))


# What may follow speech cut off with a hyphen: closing quotes, then a space, the end,
# or punctuation.
_CUT_OFF = r"(?=['\"’”]+(?:$|\s|[.,!?)…])|$)"
_CUT_OFF_HYPHEN = re.compile(rf"-(?<=[\w,]-){_CUT_OFF}")
_CUT_OFF_SPACED_HYPHEN = re.compile(rf" -(?<=[\w,] -){_CUT_OFF}")


def cut_off_hyphen_to_em_dash(text: str) -> str:
    # `"Don't go-"` and `"I was going to -"`: speech broken off with a hyphen before the
    # closing quote or at the end of a paragraph is an em dash. Stutters (`W-wait`,
    # `I-I`, `B-but`) have a letter after the hyphen and stay.
    if "-" not in text:
        return text
    return _CUT_OFF_HYPHEN.sub("—", _CUT_OFF_SPACED_HYPHEN.sub("—", text))


_NUMBER_RANGE = re.compile(r"(?<![\w.,/:-])(\d+)-(\d+)(?![\w/-]|[.,:]\d)")


def _range_dash(match: re.Match[str]) -> str:
    first, last = match.group(1), match.group(2)
    is_range = (
        first[0] != "0"
        and last[0] != "0"  # `03-04` is a date, `4-04` an episode code
        and int(first) < int(last)  # `3-2` is a score
        and not (len(first) == 3 and len(last) == 4)  # `555-0134` is a phone number
    )
    return f"{first}–{last}" if is_range else match.group()


def number_range_en_dash(text: str) -> str:
    # `pages 4-9`, `1990-1995`: a range of numbers takes an en dash. Dates
    # (`2008-03-01`), episode codes (`4x04`, `4-04`) and scores stay as typed.
    return _NUMBER_RANGE.sub(_range_dash, text) if "-" in text else text


# --- quotes and apostrophes, before smartypants ---------------------------------------


_FEET_AND_INCHES = re.compile(r"'(?<=\d')(\d{1,2})\"")


def feet_and_inches_primes(text: str) -> str:
    # `He was 6'2"`: feet and inches are primes, not quotes (smartypants would curl
    # them and then pair the rest of the paragraph's quotes wrongly).
    return _FEET_AND_INCHES.sub(r"′\1″", text) if "'" in text and '"' in text else text


_ROCK_N_ROLL = re.compile(r"['‘]n['‘’](?<![^\s]['‘]n['‘’])(?!\S)")


def rock_n_roll_apostrophes(text: str) -> str:
    # `rock 'n' roll`: both marks stand for missing letters, so both are apostrophes.
    if " 'n" not in text and " ‘n" not in text and not text.startswith(("'n", "‘n")):
        return text
    return _ROCK_N_ROLL.sub("’n’", text)


# Words whose opening apostrophe stands for missing letters (`'twas`, `'em`, `'ello`),
# and fandom's own: a `'verse` (universe) in tags and series names (`watches 'verse`).
_ELIDED = (
    "tis|twas|twere|twill|twould|twixt|em|cause|cos|coz|cuz|til|till|bout|round|course|fore|verse|verses|"
    "nother|nuff|scuse|spose|sposed|kay|cept|fraid|gainst|mongst|neath|ello|allo|ow|owdy|"
    "appen|alf|ave|ad|ead|ome|orse|ouse|uman|at|ere|im|er|is|e|n|ya|yer|ye|y|d"
)
_ELISION = re.compile(
    rf"['‘](?<![\w’'‘]['‘])(?=(?P<word>{_ELIDED})\b(?!['‘’])|(?P<decade>\d\d)(?P<s>s)?\b)",
    re.IGNORECASE,
)
# Never words of their own, so an apostrophe even when capitalised (`'Tis`).
_ELIDED_EVEN_CAPITALISED = {"tis", "twas", "twere", "twill", "twould", "twixt"}
# Capitalised, these start ordinary words in quoted speech (`'Is it?' she asked`).
_ELIDED_ONLY_LOWER = {"at", "ere", "im", "er", "is", "e", "ow", "ad", "d", "y", "ye", "ya", "n"}
# A later mark that closes a single quote: after closing punctuation (`so,'`), or after
# a word and before punctuation or the end (`'fine'.`).
_SINGLE_CLOSER = re.compile(r"['‘’](?<=[.,!?…—–-]['‘’])|['’](?<=\w['’])(?=[.,;:!?)]|$)")


def _elision(match: re.Match[str]) -> str:
    word = match.group("word")
    if match.group("decade"):
        if match.group("s"):
            return "’"  # `the '80s`
    elif word[0].islower() or word.lower() in _ELIDED_EVEN_CAPITALISED:
        return "’"
    elif word.lower() in _ELIDED_ONLY_LOWER:
        return match.group()
    # Capitalised (`'Cause I said so,' he snapped`) or a bare year (`'05 was fine,'
    # she said`): an opening quote when a closing one follows, else an apostrophe.
    return match.group() if _SINGLE_CLOSER.search(match.string, match.end()) else "’"


def apostrophes_that_open_words(text: str) -> str:
    # `'twas`, `'em`, `'cause`, `'til`, `'bout`, `'round`, `the '80s`: smartypants takes
    # a mark before a word for an opening quote (‘twas); it is an apostrophe (’twas).
    # Word processors make the same mistake, so a curly `‘em` is mended too.
    if "'" not in text and "‘" not in text:
        return text
    return _ELISION.sub(_elision, text)


_INSIDE_WORD = re.compile(r"['‘](?<=\w['‘])(?=\w)")


def apostrophes_inside_words(text: str) -> str:
    # `don't`, `o'clock`, `James's`, and a word processor's `don‘t`: a mark between two
    # letters is always an apostrophe.
    if "'" not in text and "‘" not in text:
        return text
    return _INSIDE_WORD.sub("’", text)


_AFTER_CLOSING_EMPHASIS = re.compile(r"['‘](?:(?<=\w[*_~]['‘])|(?<=\w\*\*['‘])|(?<=\w__['‘]))(?=\w)")


def apostrophe_after_closing_emphasis(text: str) -> str:
    # `*Enterprise*'s crew`, `**Ash**'s`, `_Hamlet_'s`: a mark after a closing emphasis
    # mark and before a letter is the apostrophe of a possessive. Taken for an opening
    # quote (`*Enterprise*‘s`), it also kept the `*` from closing, so the italics were
    # lost. (Emphasis already read by a Markdown or HTML reader is context instead; see
    # `typogrify_inlines`.)
    if "'" not in text and "‘" not in text:
        return text
    return _AFTER_CLOSING_EMPHASIS.sub("’", text)


_QUOTE_BEFORE_DOTS = re.compile(r"[\"'](?<![^\s(\[{‘“—–][\"'])(?=\.+[\w‘“'\"])")


def quotes_before_leading_dots(text: str) -> str:
    # `"..what?" she asked`, `'.and then'`: two dots (too few for an ellipsis) or one
    # before a word, at the start of speech; the quote opens. smartypants closed it.
    if '".' not in text and "'." not in text:
        return text
    return _QUOTE_BEFORE_DOTS.sub(lambda m: "“" if m.group() == '"' else "‘", text)


# A mark after a number, before a space, punctuation or the end (`21"`, `5'`).
_AFTER_A_NUMBER = re.compile(r"[\"'](?<=\d[\"'])(?=[\s.,;:!?)\]…—–\"'’”]|$)")
# Marks that open speech (at the start, after a space or an opening bracket or dash)
# and marks that close it (after a word or punctuation, before a space or the end).
_OPENS = {
    '"': re.compile(r"[\"“](?<![^\s(\[{—–‘'][\"“])(?=\S)"),
    "'": re.compile(r"['‘](?<![^\s(\[{—–“\"]['‘])(?=\S)"),
}
_CLOSES = {
    '"': re.compile(r"[\"”](?<=\S[\"”])(?=[\s.,;:!?)\]…—–'’]|$)"),
    "'": re.compile(r"['’](?<=\S['’])(?=[\s.,;:!?)\]…—–\"”]|$)"),
}
_PRIME = {'"': "″", "'": "′"}


def _prime_or_quote(match: re.Match[str]) -> str:
    mark, text, at = match.group(), match.string, match.start()
    if text[at + 1 : at + 2] == mark:
        return _PRIME[mark]  # `"Monitor 21""`: the inches, then the closing quote
    opened = [m.start() for m in _OPENS[mark].finditer(text, 0, at)]
    if opened and not any(_CLOSES[mark].finditer(text, opened[-1] + 1, at)):
        return mark  # `'…5' she said`: the number ends speech that is still open
    return _PRIME[mark]


def bare_primes(text: str) -> str:
    # `a 21" monitor`, `she was 5' tall`: feet and inches after a number are primes
    # (′ ″), not closing quotes. A number that ends quoted speech (`'…5' she said`,
    # `"Count to 5"`) keeps its quote: the quote is a prime only when no quote of
    # its kind is open before it. Runs after the apostrophe rules, so `'em` and
    # `it's` are no longer straight and never look like open quotes.
    if "'" not in text and '"' not in text:
        return text
    return _AFTER_A_NUMBER.sub(_prime_or_quote, text)


def quotes_hugging_their_words(text: str) -> str:
    # `" Hello there. "`: a stray space inside the quotes at the start or end of a
    # paragraph; the quote opens (or closes) the speech it stands next to. A quote
    # alone before or after a line break (`"<br>Hello`, `Hello<br>"`) is the same case.
    if text.startswith(('" ', '"\n')) and text.strip(' "\n'):
        text = "“" + text[1:].lstrip(" ")
    if text.endswith((' "', '\n"')) and text.strip(' "“\n'):
        text = text[:-1].rstrip(" ") + "”"
    return text


_AFTER_DASH_OPENS = r"(?=[\w‘“'\"*_~])"
_AFTER_DASH_CLOSES = r"(?=\s|$|[.,;:!?)])"
_AFTER_DASH = [
    (re.compile(rf"\"(?<=[—–…]\"){_AFTER_DASH_OPENS}"), "“"),
    (re.compile(rf"\"(?<=[—–…]\"){_AFTER_DASH_CLOSES}"), "”"),
    (re.compile(rf"'(?<=[—–…]'){_AFTER_DASH_OPENS}"), "‘"),
    (re.compile(rf"'(?<=[—–…]'){_AFTER_DASH_CLOSES}"), "’"),
]
_DASH_THEN_QUOTE = re.compile(r"[—–…][\"']")


def quotes_after_dashes_and_ellipses(text: str) -> str:
    # `He stopped—"Wait."` and `…"and then"` open a quote; `"Wait—" he said` and
    # `"Well…"` close one. smartypants closes every quote that follows a dash.
    if not _DASH_THEN_QUOTE.search(text):
        return text
    for pattern, curly in _AFTER_DASH:
        text = pattern.sub(curly, text)
    return text


# After these (or at the start) a quote opens, when a word, a dash, an ellipsis, an
# opening bracket or another quote follows. Emphasis marks count as part of the word.
_OPENS_AFTER = "\\s(\\[{‘“—–…\"'*_~"
_OPENS_BEFORE = r"(?=[*_~]*[\w…—–(‘“'\"])"
_OPENING_DOUBLE = re.compile(rf"\"(?<![^{_OPENS_AFTER}]\"){_OPENS_BEFORE}")
_OPENING_SINGLE = re.compile(rf"'(?<![^{_OPENS_AFTER}]'){_OPENS_BEFORE}")


def quotes_that_open(text: str) -> str:
    # `"*Wait*," she said`, `"…and then"`, `("Hello")`, `"'Tis true"`: a quote at the
    # start of a paragraph, after a space, a bracket or another quote, and before a
    # word, a dash or an ellipsis opens. smartypants closes a quote before `*` or `…`.
    if '"' in text:
        text = _OPENING_DOUBLE.sub("“", text)
    if "'" in text:
        text = _OPENING_SINGLE.sub("‘", text)
    return text


_CLOSES_BEFORE = r"(?=\s|$|[.,;:!?)\]—–…*_~'\"’”])"
_CLOSING_DOUBLE = re.compile(rf"\"(?<=[\w.,;:!?…)*_~’”]\"){_CLOSES_BEFORE}")
_CLOSING_SINGLE = re.compile(rf"'(?<=[\w.,;:!?…)*_~’”]'){_CLOSES_BEFORE}")


def quotes_that_close(text: str) -> str:
    # `"I'm sorry," he said`, `the twins' car`, `'Hello,' she said`: a quote after a word
    # or closing punctuation, and before a space, punctuation or the end, closes (a
    # single one there is also the apostrophe of a plural possessive: the same ’).
    if '"' in text:
        text = _CLOSING_DOUBLE.sub("”", text)
    if "'" in text:
        text = _CLOSING_SINGLE.sub("’", text)
    return text


_ENTITY = re.compile(r"&(amp|#8216|#8217|#8220|#8221);")
_ENTITY_CHAR = {"amp": "&", "#8216": "‘", "#8217": "’", "#8220": "“", "#8221": "”"}


def smart_quotes(text: str) -> str:
    # Every straight quote the rules above could not settle: smartypants decides from
    # context. It is given plain text (not HTML), so `<`, `>` and backslashes in a
    # story mean nothing to it; `&` is escaped round the call so that a story's
    # `&#8220;` stays literal text.
    if "'" not in text and '"' not in text:
        return text
    curled = smartypants.convert_quotes(text.replace("&", "&amp;"))
    return _ENTITY.sub(lambda m: _ENTITY_CHAR[m.group(1)], curled)


# --- after smartypants -----------------------------------------------------------------


_OPENER_AT_WORD_END = re.compile(r"[‘“](?<=[\w.,!?…—–][‘“])(?=$|[\s.,;:!?)\]…—–-])")


def closing_quote_glued_to_a_word(text: str) -> str:
    # `pretty_stickers‘ drabbles` (seed 001, a LiveJournal user link) and smartypants'
    # `‘friend’s‘`: an opening mark at the end of a word closes; a single one there
    # is an apostrophe of possession.
    if "‘" not in text and "“" not in text:
        return text
    return _OPENER_AT_WORD_END.sub(lambda m: "’" if m.group() == "‘" else "”", text)


_CLOSER_BEFORE_WORD = re.compile(r"”(?<![^\s(\[—–…]”)(?=[\w‘])")


def opening_quote_before_a_word(text: str) -> str:
    # `He stopped—”Wait.”` and `”Hello,” she said` in text curled by a word processor:
    # a closing double mark at the start of a paragraph, after a space or a dash, and
    # before a word opens.
    return _CLOSER_BEFORE_WORD.sub("“", text) if "”" in text else text


RULES: list[Rule] = [
    drop_invisible_characters,
    collapse_spaces,
    quotes_hugging_their_words,
    no_space_before_comma,
    dots_to_ellipsis,
    hyphen_runs_to_long_dashes,
    dash_before_a_credit,
    double_hyphen_between_numbers,
    double_hyphen_to_em_dash,
    spaced_hyphen_to_em_dash,
    spaced_en_dash_to_em_dash,
    cut_off_hyphen_to_em_dash,
    close_spaced_em_dash,
    number_range_en_dash,
    feet_and_inches_primes,
    rock_n_roll_apostrophes,
    apostrophes_that_open_words,
    apostrophes_inside_words,
    apostrophe_after_closing_emphasis,
    bare_primes,
    quotes_before_leading_dots,
    quotes_after_dashes_and_ellipses,
    quotes_that_open,
    quotes_that_close,
    smart_quotes,
    closing_quote_glued_to_a_word,
    opening_quote_before_a_word,
]


def typogrify(text: str) -> str:
    """Apply every typography rule, in order, to one paragraph's text."""
    for rule in RULES:
        text = rule(text)
    return text


# Tags and fandom names are names, not prose: `Good Omens - Neil Gaiman & Terry
# Pratchett` is AO3's canonical fandom, and its spaced hyphen is part of the name, not
# a typed dash. Names get their quotes and apostrophes curled, nothing else.
NAME_RULES: list[Rule] = [
    rule for rule in RULES
    if rule not in (dots_to_ellipsis, hyphen_runs_to_long_dashes, dash_before_a_credit, double_hyphen_between_numbers,
                    double_hyphen_to_em_dash, spaced_hyphen_to_em_dash, spaced_en_dash_to_em_dash,
                    cut_off_hyphen_to_em_dash, close_spaced_em_dash, number_range_en_dash, no_space_before_comma)
]


def typogrify_name(text: str) -> str:
    """Typography for a tag, fandom, character or relationship name: quotes only."""
    for rule in NAME_RULES:
        text = rule(text)
    return text


# --- applying it to a story ---------------------------------------------------------------


def _context(text: str | None, at_end: bool) -> str:
    """A stand-in for the character next to a run of text in a neighbouring inline,
    set with the run and cut off again afterwards: nothing for a space or a line
    break, a letter for a word, the character itself for quotes, dashes, brackets and
    the like (which no rule removes), else `!` (dots and hyphens would merge with the
    run's own, invisible characters would be dropped)."""
    if not text:
        return ""
    char = text[-1] if at_end else text[0]
    if char.isspace():
        return ""
    if char.isalnum():
        return "a"
    return char if char in _KEPT_CONTEXT else "!"


_KEPT_CONTEXT = set("\"'‘’“”—–…()[]{}*_~/!?;:,")


def _leaves(inlines: list[Inline], out: list[Text | None]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            out.append(node)
        elif isinstance(node, (Emphasis, Strong)):
            _leaves(node.content, out)
        elif isinstance(node, LineBreak):
            out.append(None)
        # A footnote reference takes no room in the sentence (`prodigy.[^1] Her`): the
        # runs either side of it are neighbours. Its note is set on its own (`_rebuild`).


def typogrify_inlines(inlines: list[Inline]) -> list[Inline]:
    """Typography over an inline list. Each run of text is set with its neighbours in
    view, so `"*Wait*"` (a quote, an emphasis, a quote) curls as one phrase would."""
    if len(inlines) == 1 and isinstance(inlines[0], Text):  # the common case: one run
        return [Text(typogrify(inlines[0].text))]
    # Setting one run can change the characters its neighbours saw (a space closed up
    # next to a dash), so set the runs again until they settle (twice, in practice).
    for _ in range(3):
        settled = _set_runs(inlines)
        if settled == inlines:
            break
        inlines = settled
    return inlines


def _set_runs(inlines: list[Inline]) -> list[Inline]:
    leaves: list[Text | None] = []
    _leaves(inlines, leaves)
    done: dict[int, str] = {}
    for k, leaf in enumerate(leaves):
        if leaf is None:
            continue
        previous = leaves[k - 1] if k else None
        following = leaves[k + 1] if k + 1 < len(leaves) else None
        # A neighbour is context only where it touches the run: across a space, rules
        # would reach into the neighbour's text and close up spaces that are not theirs.
        before = _context(previous.text, at_end=True) if previous and not leaf.text[:1].isspace() else ""
        after = _context(following.text, at_end=False) if following and not leaf.text[-1:].isspace() else ""
        # A line break is a space between words (`"this"<br>and "that"`, `"test<br>"`):
        # it is set as the newline it stands for, with the word beyond it as context,
        # so a quote alone at the start or end of a line curls as one at a space would.
        if k and previous is None and not leaf.text[:1].isspace():
            beyond = _text_beyond(leaves, k, -1)
            before = (_context(beyond, at_end=True) or "a") + "\n" if beyond else ""
        if following is None and not leaf.text[-1:].isspace():
            beyond = _text_beyond(leaves, k, 1)
            after = "\n" + (_context(beyond, at_end=False) or "a") if beyond else ""
        done[id(leaf)] = _set_in_context(before, leaf.text, after)
    return _rebuild(inlines, done)


def _text_beyond(leaves: list[Text | None], k: int, step: int) -> str:
    """The text of the nearest run past the line breaks next to run `k`."""
    k += step
    while 0 <= k < len(leaves) and leaves[k] is None:
        k += step
    leaf = leaves[k] if 0 <= k < len(leaves) else None
    return leaf.text if leaf else ""


_CURLED_BACK = str.maketrans("“”″‘’′", "\"\"\"\'\'\'")


def _set_in_context(before: str, text: str, after: str) -> str:
    set_text = typogrify(before + text + after)
    head, tail = set_text[: len(before)], set_text[len(set_text) - len(after) :]
    if head.translate(_CURLED_BACK) == before.translate(_CURLED_BACK) and (
        tail.translate(_CURLED_BACK) == after.translate(_CURLED_BACK)
    ):
        return set_text[len(before) : len(set_text) - len(after)]
    # A rule reached into the context (a dash closed up the space that stands for a
    # line break): set the run on its own rather than cut it in the wrong place.
    return typogrify(text)


def _rebuild(inlines: list[Inline], done: dict[int, str]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(Text(done.get(id(node), node.text)))
        elif isinstance(node, (Emphasis, Strong)):
            out.append(type(node)(_rebuild(node.content, done)))
        elif isinstance(node, Footnote):
            out.append(Footnote(set_blocks(node.blocks)))
        else:
            out.append(node)
    return out


# Plain-string metadata that is prose or names (shown on title pages). Ratings, word
# counts, dates, languages and sources (URLs) are left exactly as written.
_STRING_FIELDS = ("title", "series", "spoilers")
# Author names are pseudonyms, spelled exactly as their owners chose: never touched.
_NAME_FIELDS = ("fandoms", "relationships", "characters", "warnings", "category", "tags")


def set_blocks(blocks: list[Block]) -> list[Block]:
    """Typography over every inline list of a block list (each run set once, with
    its neighbours in view; see `typogrify_inlines`)."""
    return map_inline_lists(blocks, typogrify_inlines)


def apply(story: Story) -> Story:
    """Typography over the story's body, title and the metadata shown to readers."""
    story = map_story(story, set_blocks)
    meta = story.meta
    changes: dict[str, Any] = {}
    for name in _STRING_FIELDS:
        value = getattr(meta, name)
        changes[name] = typogrify(value) if value else value
    for name in _NAME_FIELDS:
        changes[name] = [typogrify_name(item) for item in getattr(meta, name)]
    # Unknown header fields are shown on the title page; set their values too, on
    # copies, so `fields` keeps every field exactly as the author wrote it.
    changes["extra"] = [Field(f.label, typogrify(f.value), f.line) for f in meta.extra]
    return replace(story, meta=replace(meta, **changes))
