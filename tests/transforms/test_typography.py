"""Typography, case by case: fic punctuation in, publication punctuation out.

Every rule in transforms/typography.py has cases here, with the false positives it
must leave alone. The sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from ficbind.model import Emphasis, LineBreak, Paragraph, Story, StoryMeta, Strong, Text
from ficbind.readers.plaintext import read
from ficbind.transforms import transform_story
from ficbind.transforms.typography import RULES, typogrify, typogrify_inlines

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

P = pytest.param

CASES = [
    # --- apostrophes that open a word
    P("'twas the last ferry of the night", "’twas the last ferry of the night", id="elision-twas"),
    P("a Sherlock 'verse fic, an alternate 'verse", "a Sherlock ’verse fic, an alternate ’verse", id="elision-fandom-verse"),
    P("Part 1 of Watches 'Verse", "Part 1 of Watches ’Verse", id="elision-series-verse-capitalised"),
    P("'Twas colder than she remembered.", "’Twas colder than she remembered.", id="elision-Twas-capital"),
    P("Go and tell 'em yourself.", "Go and tell ’em yourself.", id="elision-em"),
    P("I stayed 'cause you asked.", "I stayed ’cause you asked.", id="elision-cause"),
    P("Wait 'til the kettle boils.", "Wait ’til the kettle boils.", id="elision-til"),
    P("It's 'bout time you rang.", "It’s ’bout time you rang.", id="elision-bout"),
    P("She came 'round at nine.", "She came ’round at nine.", id="elision-round"),
    P("Her mum loved the '80s.", "Her mum loved the ’80s.", id="elision-decade"),
    P("A '90s mixtape, a '70s coat.", "A ’90s mixtape, a ’70s coat.", id="elision-two-decades"),
    P("the class of '09 reunion", "the class of ’09 reunion", id="elision-year"),
    P("old-time rock 'n' roll on the radio", "old-time rock ’n’ roll on the radio", id="rock-n-roll"),
    P("fish 'n chips by the water", "fish ’n chips by the water", id="elision-n"),
    P("\"'Tis only rain,\" Oriel said.", "“’Tis only rain,” Oriel said.", id="elision-inside-double-quote"),
    P("'Cause I said so,' Bram snapped.", "‘Cause I said so,’ Bram snapped.", id="capital-elision-word-opens-quote"),
    P("'Course I'll come.", "’Course I’ll come.", id="capital-elision-no-closing-quote"),
    P("'Is it raining?' she asked.", "‘Is it raining?’ she asked.", id="is-opens-quote"),
    P("a word processor's ‘em and ‘til", "a word processor’s ’em and ’til", id="curly-elision-mended"),
    # --- possessives and contractions
    P("the twins' bicycles", "the twins’ bicycles", id="plural-possessive"),
    P("Noor's coat and Ines's scarf", "Noor’s coat and Ines’s scarf", id="possessive-s"),
    P("It was five o'clock.", "It was five o’clock.", id="oclock"),
    P("nothin' to be done", "nothin’ to be done", id="dropped-g"),
    P("I can't, won't, shouldn't've", "I can’t, won’t, shouldn’t’ve", id="contractions"),
    P("the '90s' worst haircut", "the ’90s’ worst haircut", id="decade-possessive"),
    P("mind your p's and q's", "mind your p’s and q’s", id="letter-plurals"),
    # --- quotes after dashes and ellipses
    P('He stopped--"Wait."', "He stopped—“Wait.”", id="quote-after-double-hyphen"),
    P('He stopped—"Wait."', "He stopped—“Wait.”", id="quote-after-em-dash"),
    P('…"and then the lights went"', "…“and then the lights went”", id="quote-after-ellipsis"),
    P('"I was going to—" He shrugged.', "“I was going to—” He shrugged.", id="quote-closes-after-dash"),
    P("She paused--'fine.'", "She paused—‘fine.’", id="single-after-dash"),
    P("He stopped—”Wait.”", "He stopped—“Wait.”", id="word-processor-closing-after-dash"),
    # --- dashes
    P("the storm--if it was one--passed", "the storm—if it was one—passed", id="double-hyphen"),
    P("the storm---if it was one", "the storm—if it was one", id="triple-hyphen"),
    P("the tide - not quite in - turned", "the tide—not quite in—turned", id="spaced-hyphen"),
    P("the tide – not quite in – turned", "the tide—not quite in—turned", id="spaced-en-dash"),
    P("the tide — not quite in — turned", "the tide—not quite in—turned", id="spaced-em-dash"),
    P("a word -- spaced out -- here", "a word—spaced out—here", id="spaced-double-hyphen"),
    P("-- and then nothing", "—and then nothing", id="opening-double-hyphen"),
    P('"Don\'t go-"', "“Don’t go—”", id="cut-off-hyphen"),
    P('"Don\'t go -" she said.', "“Don’t go—” she said.", id="cut-off-spaced-hyphen"),
    P("'But I-' Jun began.", "‘But I—’ Jun began.", id="cut-off-single-quote"),
    P("And then he just-", "And then he just—", id="cut-off-paragraph-end"),
    P("Mr. H---- was not at home.", "Mr. H⸺ was not at home.", id="four-hyphens-two-em"),
    P("the letter was signed ------", "the letter was signed ⸻", id="six-hyphens-three-em"),
    P('"W-wait," Ash said.', "“W-wait,” Ash said.", id="stutter-w"),
    P("I-I don't know.", "I-I don’t know.", id="stutter-i"),
    P('"B-but you said—"', "“B-but you said—”", id="stutter-b"),
    P("a well-meant, half-finished note", "a well-meant, half-finished note", id="compound-hyphens-stay"),
    P("Read pages 4-9 tonight.", "Read pages 4–9 tonight.", id="number-range"),
    P("from 1998-2004 she lived there", "from 1998–2004 she lived there", id="year-range"),
    P("Spoilers up to 4x04.", "Spoilers up to 4x04.", id="episode-code-stays"),
    P("Posted 2009-03-14.", "Posted 2009-03-14.", id="iso-date-stays"),
    P("Call 555-0134 after six.", "Call 555-0134 after six.", id="phone-number-stays"),
    P("They lost 3-2 in the rain.", "They lost 3-2 in the rain.", id="score-stays"),
    P("It came to 12 - 5 pounds.", "It came to 12 - 5 pounds.", id="arithmetic-stays"),
    P("the 1990 – 1995 tour", "the 1990 – 1995 tour", id="spaced-range-stays"),
    # --- ellipses
    P("Well...", "Well…", id="three-dots"),
    P("For . . . always.", "For … always.", id="spaced-dots"),
    P("Maybe.... maybe not.", "Maybe… maybe not.", id="four-dots"),
    P('"Well..."', "“Well…”", id="dots-in-quotes"),
    P('"...and you came back."', "“…and you came back.”", id="leading-dots-in-quotes"),
    P("(Wren, Wren, Wren...)", "(Wren, Wren, Wren…)", id="dots-in-brackets"),
    P("version 2.5 of the map", "version 2.5 of the map", id="decimal-stays"),
    # --- double and single quotes, nesting, British style
    P('"I\'m here," Teo said.', "“I’m here,” Teo said.", id="double-quotes"),
    P("'Hello,' she said.", "‘Hello,’ she said.", id="british-quotes"),
    P('"She said \'yes.\'"', "“She said ‘yes.’”", id="nested-single-in-double"),
    P("'He said \"never,\" love.'", "‘He said “never,” love.’", id="nested-double-in-single"),
    P("\"'Quoted' words, all of it,\" she said.", "“‘Quoted’ words, all of it,” she said.", id="double-then-single"),
    P('He called it "home" once.', "He called it “home” once.", id="scare-quotes"),
    P('("Not now.")', "(“Not now.”)", id="quote-in-brackets"),
    P('"*Stop*," she said.', "“*Stop*,” she said.", id="quote-before-emphasis-mark"),
    P('" Hold the door. "', "“Hold the door.”", id="stray-spaces-inside-quotes"),
    P('"Hi!" "Bye!"', "“Hi!” “Bye!”", id="two-speeches"),
    P("He was 6'2\" and tired.", "He was 6′2″ and tired.", id="feet-and-inches"),
    # --- apostrophes after closing emphasis marks
    P("The *Enterprise*'s crew slept.", "The *Enterprise*’s crew slept.", id="apostrophe-after-emphasis"),
    P("It was **Ash**'s turn.", "It was **Ash**’s turn.", id="apostrophe-after-strong"),
    P("_Hamlet_'s ghost, ~Ophelia~'s flowers", "_Hamlet_’s ghost, ~Ophelia~’s flowers", id="apostrophe-after-underscore"),
    P("'*Wait*,' she said.", "‘*Wait*,’ she said.", id="single-quote-round-emphasis-stays-a-quote"),
    P("the *twins*' car", "the *twins*’ car", id="plural-possessive-after-emphasis"),
    # --- quotes before leading dots
    P('"..what?" she asked.', "“..what?” she asked.", id="quote-before-two-dots"),
    P("'..what?' she asked.", "‘..what?’ she asked.", id="single-quote-before-two-dots"),
    P('She whispered ".and then."', "She whispered “.and then.”", id="quote-before-one-dot"),
    P('"Alfred"..', "“Alfred”..", id="quote-before-trailing-dots-closes"),
    # --- bare primes
    P('a 21" monitor', "a 21″ monitor", id="inch-prime"),
    P("She was 5' tall.", "She was 5′ tall.", id="foot-prime"),
    P("It's 5' 2\" at most.", "It’s 5′ 2″ at most.", id="feet-and-inches-spaced"),
    P("'…5' she said.", "‘…5’ she said.", id="number-ending-single-quoted-speech"),
    P('"Count to 10" she said.', "“Count to 10” she said.", id="number-ending-double-quoted-speech"),
    P('"Monitor 21"" and more', "“Monitor 21″” and more", id="inch-prime-then-closing-quote"),
    P("Were you alive in the 70's?", "Were you alive in the 70’s?", id="decade-apostrophe-is-no-prime"),
    # --- double hyphens between numbers
    P("from 1990--1995 she lived there", "from 1990–1995 she lived there", id="double-hyphen-year-range"),
    P("pages 5--7, 255--66", "pages 5–7, 255–66", id="double-hyphen-page-ranges"),
    P("1440--'80s", "1440–’80s", id="double-hyphen-before-decade"),
    P("1990---1995", "1990—1995", id="triple-hyphen-between-numbers-stays-em"),
    # --- a dash before a credit
    P("Nothing endures but change. -- Heraclitus", "Nothing endures but change. —Heraclitus", id="credit-double-hyphen"),
    P('"Be kind to him." - Mum', "“Be kind to him.” —Mum", id="credit-after-closing-quote"),
    P("Life is a binge. --- Julia Child (1912--2004)", "Life is a binge. —Julia Child (1912–2004)", id="credit-with-dates"),
    P("Nothing endures but change. — Heraclitus", "Nothing endures but change. —Heraclitus", id="credit-em-dash"),
    P("He stopped. -- Then he ran.", "He stopped.—Then he ran.", id="sentence-after-dash-is-no-credit"),
    P("I waited. -- and waited", "I waited.—and waited", id="lower-case-after-dash-is-no-credit"),
    P("the storm -- Ash said", "the storm—Ash said", id="dash-after-unfinished-sentence-is-no-credit"),
    # --- already curly text stays; artefacts are mended
    P("“Already curly,” she said. ‘Yes.’", "“Already curly,” she said. ‘Yes.’", id="curly-stays"),
    P("“..what?” a 21″ screen, 5′ tall, 1990–1995", "“..what?” a 21″ screen, 5′ tall, 1990–1995", id="curly-primes-dashes-stay"),
    P("*Enterprise*’s crew", "*Enterprise*’s crew", id="set-possessive-stays"),
    P("Nothing endures but change. —Heraclitus", "Nothing endures but change. —Heraclitus", id="set-credit-stays"),
    P("doesn’t stop, can’t stop", "doesn’t stop, can’t stop", id="curly-apostrophes-stay"),
    P("written for. pretty_stickers‘ drabbles.", "written for. pretty_stickers’ drabbles.", id="livejournal-quote-artefact"),
    P("My 'friend's' car", "My ‘friend’s’ car", id="smartypants-s-quote-mended"),
    P("“Mixed,” he said, \"quotes.\"", "“Mixed,” he said, “quotes.”", id="mixed-curly-and-straight"),
    # --- invisible characters and spacing
    P("hyphen\u00adation and zero\u200bwidth", "hyphenation and zerowidth", id="soft-hyphen-zero-width"),
    P("She left.  He stayed.", "She left. He stayed.", id="double-space"),
    P("From miss_ember , It was late", "From miss_ember, It was late", id="space-before-comma"),
    P("tab\tinside", "tab inside", id="tab"),
    # --- text is text, never markup
    P('a <b>bold</b> claim & "more"', "a <b>bold</b> claim & “more”", id="html-characters-stay"),
    P('an escaped \\"quote\\"', "an escaped \\”quote\\”", id="backslash-is-text"),
    P("&#8220;entity text&#8221;", "&#8220;entity text&#8221;", id="entity-text-stays"),
    P("", "", id="empty"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_typogrify(text, expected):
    assert typogrify(text) == expected


def test_there_are_plenty_of_cases():
    assert len(CASES) >= 80


def test_every_rule_names_the_case_it_fixes():
    import inspect

    for rule in RULES:
        source = inspect.getsource(rule)
        comment = [line.strip() for line in source.splitlines() if line.strip().startswith("#")]
        assert comment, f"{rule.__name__} has no comment naming the case it fixes"


def test_quote_spanning_paragraphs_opens_each_and_closes_at_the_end():
    story = read(
        b'Title: Letters\n\n"The first thing. I kept it all winter.\n\n'
        b'"The second thing. I never sent it.\n\n"The last thing," she said.\n',
        "letters.txt",
    )
    texts = [block.content[0].text for block in transform_story(story).blocks]
    assert texts == [
        "“The first thing. I kept it all winter.",
        "“The second thing. I never sent it.",
        "“The last thing,” she said.",
    ]


def test_quotes_see_across_emphasis():
    # A Markdown or HTML reader may hand typography `"`, *Wait*, `"` as three inlines.
    inlines = [Text('"'), Emphasis([Text("Wait")]), Text('," she said')]
    assert typogrify_inlines(inlines) == [Text("“"), Emphasis([Text("Wait")]), Text(",” she said")]


def test_quotes_see_across_line_breaks():
    # `"test<br>"`: a quote alone at the end of a line closes, one alone at the start opens.
    assert typogrify_inlines([Text('"test'), LineBreak(), Text('"')]) == [Text("“test"), LineBreak(), Text("”")]
    assert typogrify_inlines([Text('"'), LineBreak(), Text('test"')]) == [Text("“"), LineBreak(), Text("test”")]
    # A dash at the start of a line is not closed up against the line before.
    assert typogrify_inlines([Text("Ash said"), LineBreak(), Text("-- and then")]) == [
        Text("Ash said"), LineBreak(), Text("—and then")
    ]


@pytest.mark.parametrize(
    "inlines",
    [
        [Emphasis([Text("Enterprise")]), Text("'s crew")],  # Markdown `*Enterprise*'s`, HTML `<em>Enterprise</em>'s`
        [Text("The "), Strong([Text("Enterprise")]), Text("'s crew")],
    ],
)
def test_apostrophe_after_emphasis_read_by_a_reader(inlines):
    assert typogrify_inlines(inlines)[-1] == Text("’s crew")


def test_apostrophe_after_emphasis_keeps_the_italics():
    story = transform_story(read(b"Title: Ships\n\nThe *Enterprise*'s crew and **Ash**'s.\n", "ships.txt"))
    assert story.blocks[0].content == [
        Text("The "), Emphasis([Text("Enterprise")]), Text("’s crew and "), Strong([Text("Ash")]), Text("’s."),
    ]


def test_mojibake_is_repaired_and_typography_keeps_curly_quotes_curly():
    # UTF-8 read as cp1252 and saved again, mixed with straight quotes typed later.
    text = "Title: Repair\n\nItâ€™s â€œfineâ€\x9d, he said. \"Really,\" she said, 'it isn't.'\n"
    story = transform_story(read(text.encode("utf-8"), "repair.txt"))
    assert story.blocks[0].content[0].text == "It’s “fine”, he said. “Really,” she said, ‘it isn’t.’"


def test_metadata_is_set_too():
    meta = StoryMeta(
        title="Echoes that won't return...",
        spoilers="up to 4x04; 'the long night'",
        characters=["Ma'at"],
        summary=[Paragraph([Text("the world doesn't stop - it turns.")])],
        rating="PG-13",
        stated_word_count="1,000-2,000",
    )
    story = transform_story(Story("x.txt", meta, []))
    assert story.meta.title == "Echoes that won’t return…"
    assert story.meta.spoilers == "up to 4x04; ‘the long night’"
    assert story.meta.characters == ["Ma’at"]
    assert story.meta.summary[0].content[0].text == "the world doesn’t stop—it turns."
    # Ratings and stated word counts are shown exactly as written.
    assert story.meta.rating == "PG-13"
    assert story.meta.stated_word_count == "1,000-2,000"


@pytest.mark.parametrize(
    "name, expected",
    [
        # AO3's canonical fandom: its spaced hyphen is part of the name, not a typed dash
        ("Good Omens - Neil Gaiman & Terry Pratchett", "Good Omens - Neil Gaiman & Terry Pratchett"),
        ("Grey's Anatomy", "Grey’s Anatomy"),
        ("Alex Karev/Izzie Stevens", "Alex Karev/Izzie Stevens"),
        ("Hurt/Comfort -- Angst", "Hurt/Comfort -- Angst"),
        ("'Tis the Season", "’Tis the Season"),
    ],
)
def test_names_get_their_quotes_curled_and_nothing_else(name, expected):
    from ficbind.transforms.typography import typogrify_name

    assert typogrify_name(name) == expected
