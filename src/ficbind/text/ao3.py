"""What the Archive of Our Own prints around a work, as every AO3 reader sees it (a
copied page, an HTML or EPUB download, a saved work page)."""

import re

# The labels of AO3's tag list, singular and plural, in every template.
TAG_LABELS = frozenset({
    "rating", "ratings", "archive warning", "archive warnings", "category", "categories", "fandom", "fandoms",
    "relationship", "relationships", "character", "characters", "additional tags", "additional tag", "language",
    "series", "collections", "collection", "stats",
})
# Labels no fic header uses: seen standing alone, they mark a copy of an AO3 page.
AO3_ONLY_LABELS = frozenset({"archive warning", "archive warnings", "additional tags", "additional tag"})

# The work's stats, in the order AO3 prints them.
STAT_LABELS = ("published", "updated", "completed", "words", "chapters", "comments", "kudos", "bookmarks", "hits")
STAT_NAMES = "|".join(label.capitalize() for label in STAT_LABELS)
# `Published: 2020-03-04 Words: 4,559 Chapters: 1/1` on one line (a download's stats, a
# copied page's Stats line): each label, and its value up to the next label.
STATS_IN_LINE = re.compile(
    rf"(?P<label>{STAT_NAMES})\s*:\s*(?P<value>.*?)\s*(?=(?:{STAT_NAMES})\s*:|$)",
    re.IGNORECASE,
)
