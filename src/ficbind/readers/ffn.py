"""What FanFiction.net prints about a story, as its own pages and the tools that save
them (WebToEpub, fichub) copy it: the one-line story facts."""

from __future__ import annotations

import re

# FanFiction.net's story line: `Rated: Fiction M - English - Romance/Angst - Hermione G.,
# Draco M. - Chapters: 49 - Words: 284,050 - … - id: 6291747`. Labelled parts say
# what they are; the unlabelled ones come in a fixed order: language, genres, characters.
_GENRES = {
    "romance", "humor", "drama", "poetry", "adventure", "mystery", "horror", "parody", "angst", "supernatural",
    "suspense", "sci-fi", "fantasy", "spiritual", "tragedy", "western", "crime", "family", "hurt/comfort",
    "friendship", "general",
}
_PART = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{0,20}):\s*(?P<value>.*)$")


def story_line_facts(text: str) -> list[tuple[str, str]]:
    """(label, value) for each part of the `Rated: … - id: …` line (its whitespace
    collapsed): the rating without FFN's `Fiction` (`Fiction M` -> `M`), genres joined
    with commas, the characters as written (see `characters_and_pairings`)."""
    if not text.startswith("Rated:"):
        return []
    out: list[tuple[str, str]] = []
    unlabelled = iter(("Language", "Genre", "Characters"))
    for part in re.split(r"\s+-\s+", text):
        part = part.strip()
        if not part:
            continue
        match = _PART.match(part)
        if match:
            label, value = match.group("label").strip(), match.group("value").strip()
            if label == "Rated":
                value = re.sub(r"^Fiction\s+", "", value)  # FFN writes every rating `Fiction M`
            out.append((label, ", ".join(_genres(value)) if label == "Genre" else value))
            continue
        label = next(unlabelled, "Characters")
        if label == "Genre" and not all(g.lower() in _GENRES for g in _genres(part)):
            label = next(unlabelled, "Characters")  # no genre given: these are the characters
        out.append((label, ", ".join(_genres(part)) if label == "Genre" else part))
    return out


def _genres(part: str) -> list[str]:
    # `Hurt/Comfort` is one genre though it has a slash.
    return re.findall(r"Hurt/Comfort|[^/]+", part, re.IGNORECASE)


def characters_and_pairings(value: str) -> tuple[list[str], list[str]]:
    """FFN's characters value -> (characters, relationships): `[Hermione G., Draco M.] Harry P.`
    names a pairing in brackets."""
    relationships = ["/".join(_names(group)) for group in re.findall(r"\[([^\]]*)\]", value)]
    characters = _names(re.sub(r"[\[\]]", ",", value))
    return characters, relationships


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]
