"""What the Archive of Our Own prints around a work, as every AO3 reader sees it (a
copied page, an HTML or EPUB download, a saved work page)."""

# The labels of AO3's tag list, singular and plural, in every template.
TAG_LABELS = frozenset({
    "rating", "ratings", "archive warning", "archive warnings", "category", "categories", "fandom", "fandoms",
    "relationship", "relationships", "character", "characters", "additional tags", "additional tag", "language",
    "series", "collections", "collection", "stats",
})
# Labels no fic header uses: seen standing alone, they mark a copy of an AO3 page.
AO3_ONLY_LABELS = frozenset({"archive warning", "archive warnings", "additional tags", "additional tag"})
