"""Read a story posted on a forum, from the saved thread page.

Element tree -> Story. Only the first post is read (the story; replies are readers'
comments). Fic headers on forums sit inside the post, as in a text file: a note about
the series, `Author's Note:`, `Summary:`, then the title and `by Name` on lines of their
own, then the story. They are read by header.py, as for text (textheader.py). The
thread's subject and the post's author stand in when the post names no title or author.
"""

from __future__ import annotations

import re

from lxml import etree

from ...model import Story
from ..plaintext import title_from_file_name
from .blocks import blocks_from_html, tag_name, text_of
from .textheader import story_from_text_blocks

# Forum software that says its name in `<meta name="generator">`.
_FORUM_SOFTWARE = re.compile(r"UBB\.threads|vBulletin|phpBB|XenForo|Invision|SMF|MyBB|Discourse|FluxBB|punBB",
                             re.IGNORECASE)
# The element holding a post's text, by forum software: UBB.threads (`#body0`),
# vBulletin (`#post_message_123`), phpBB (`.postbody .content`), XenForo (`.bbWrapper`).
_POST_ID = re.compile(r"^(?:body\d+|post_message_\d+|post-\d+-body)$")
_POST_CLASSES = ("bbWrapper", "postbody", "post_body", "post-body", "messageContent", "message-body")
# `A Lucky Strike 1/1`, `Title (2/5)`, `Title, part 3/10`: the part, not the title.
_PART = re.compile(r"\s*[,:(\[-]?\s*(?:part\s*)?\d+\s*/\s*(?:\d+|\?)\s*[)\]]?\s*$", re.IGNORECASE)


def _generator(root: etree._Element) -> str:
    return next((m.get("content") or "" for m in root.iter() if tag_name(m) == "meta"
                 and (m.get("name") or "").lower() == "generator"), "")


def _first_post(root: etree._Element) -> etree._Element | None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if _POST_ID.match(element.get("id") or ""):
            return element
        if set((element.get("class") or "").split()) & set(_POST_CLASSES):
            return element
    return None


def is_post(root: etree._Element) -> bool:
    """A saved forum thread: forum software's name, or a post body where one is kept."""
    return _first_post(root) is not None and (bool(_FORUM_SOFTWARE.search(_generator(root)))
                                              or any(_POST_ID.match(e.get("id") or "") for e in root.iter()
                                                     if isinstance(e.tag, str)))


def _subject(root: etree._Element) -> str | None:
    og = next((m.get("content") for m in root.iter() if tag_name(m) == "meta"
               and m.get("property") == "og:title" and m.get("content")), None)
    title = og or next((text_of(t) for t in root.iter() if tag_name(t) == "title"), None)
    if not title:
        return None
    title = re.sub(r"\s+[-|–]\s+[^-|–]+$", "", title) if og is None else title
    return _PART.sub("", title).strip() or None


def _post_author(post: etree._Element) -> str | None:
    """The author's name shown beside the post (the nearest `.author-name` round it)."""
    row = post
    for _ in range(6):
        row = row.getparent()
        if row is None:
            return None
        for element in row.iter():
            if isinstance(element.tag, str) and any("author-name" == c or "username" == c
                                                    for c in (element.get("class") or "").split()):
                name = text_of(element)
                if name:
                    return name
    return None


# A link closing a post to the thread where readers comment on the story.
_FEEDBACK_LINK = re.compile(r"^\s*(?:comments?|feedback|fdk|reply|replies|discussion)(?:\s+here)?\s*[.!]?\s*$",
                            re.IGNORECASE)


def read_post(root: etree._Element, path: str) -> Story:
    post = _first_post(root)
    assert post is not None
    for link in [a for a in post.iter() if tag_name(a) == "a" and _FEEDBACK_LINK.match(text_of(a))]:
        parent = link.getparent()
        if parent is not None:
            previous = link.getprevious()
            if link.tail:
                if previous is not None:
                    previous.tail = (previous.tail or "") + link.tail
                else:
                    parent.text = (parent.text or "") + link.tail
            parent.remove(link)
    story = story_from_text_blocks(blocks_from_html(post), path)
    subject = _subject(root)
    if subject and story.meta.title == title_from_file_name(path) and not any(
            f.label.lower() == "title" for f in story.meta.fields):
        story.meta.title = subject
    if not story.meta.authors:
        author = _post_author(post)
        if author:
            story.meta.authors = [author]
    return story
