"""Turn a language as a header names it (`English`, `Español`, `pt-BR`) into a BCP 47 tag.

Headers and AO3 copies name languages the way archives print them; an EPUB's
`dc:language`, `xml:lang` and the PDF's hyphenation need a tag (`en`, `es`, `pt-BR`).
StoryMeta keeps the language as written; writers and the build ask here for its tag.
"""

from __future__ import annotations

import re

# Language names as archives print them -> BCP 47 tags (AO3's language menu, mostly).
_LANGUAGE_TAGS = {
    "english": "en", "español": "es", "espanol": "es", "spanish": "es", "français": "fr", "francais": "fr",
    "french": "fr", "deutsch": "de", "german": "de", "italiano": "it", "italian": "it", "português": "pt",
    "português brasileiro": "pt-BR", "português europeu": "pt-PT", "portuguese": "pt", "nederlands": "nl",
    "dutch": "nl", "polski": "pl", "polish": "pl", "русский": "ru", "russian": "ru", "українська": "uk",
    "ukrainian": "uk", "suomi": "fi", "finnish": "fi", "svenska": "sv", "swedish": "sv", "norsk": "no",
    "norwegian": "no", "dansk": "da", "danish": "da", "čeština": "cs", "czech": "cs", "magyar": "hu",
    "hungarian": "hu", "türkçe": "tr", "turkish": "tr", "ελληνικά": "el", "greek": "el", "日本語": "ja",
    "japanese": "ja", "한국어": "ko", "korean": "ko", "中文": "zh", "中文-普通话 國語": "zh", "chinese": "zh",
    "tiếng việt": "vi", "vietnamese": "vi", "bahasa indonesia": "id", "indonesian": "id", "العربية": "ar",
    "arabic": "ar", "עברית": "he", "hebrew": "he", "català": "ca", "catalan": "ca", "latine": "la",
    "latin": "la", "gaeilge": "ga", "irish": "ga", "cymraeg": "cy", "welsh": "cy", "română": "ro",
    "romanian": "ro", "hrvatski": "hr", "croatian": "hr", "esperanto": "eo", "filipino": "fil",
}
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def language_tag(language: str | None) -> str | None:
    """`English` -> `en`, `pt-BR` -> `pt-BR`; None when the name is not one ficbind knows."""
    if not language:
        return None
    text = language.strip()
    if _BCP47.match(text) and len(text.split("-")[0]) <= 3 and text.lower() not in _LANGUAGE_TAGS:
        return text
    return _LANGUAGE_TAGS.get(text.lower())
