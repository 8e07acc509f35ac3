"""The README a newcomer opens first, and the links from it and the user guide.

`mkdocs build --strict` (in `.ci/run`) checks the guide's links to its own pages; these tests also cover the
README, which sits outside the guide, and run with the suite.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

pytestmark = pytest.mark.quick

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"

# The two set-up commands, kept exactly: people copy them, and .ci/run runs the second.
SET_UP = """# ficbind

```sh
pip install . && ficbind build samples/seed-anthology.toml
pip install '.[test]' && pytest
```
"""

# [text](target) and ![alt](target); the target stops at a space (a title) or the closing bracket.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)")


def _local_targets(markdown: Path) -> list[tuple[str, Path]]:
    text = markdown.read_text(encoding="utf-8")
    # Code blocks and inline code hold examples, not links.
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    targets = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = unquote(target.split("#", 1)[0])
        targets.append((target, (markdown.parent / path).resolve()))
    return targets


def test_the_readme_starts_with_the_two_set_up_commands():
    assert README.read_text(encoding="utf-8").startswith(SET_UP)


def test_the_readme_is_short():
    assert README.stat().st_size < 10 * 1024


def test_the_readme_shows_the_simplest_use_first():
    text = README.read_text(encoding="utf-8")
    quick_start = text.index("## Quick start")
    for command in ("ficbind build my-fics/ --title", "ficbind inspect", "ficbind init", "--format zine"):
        assert quick_start < text.index(command), command


def test_every_link_in_the_readme_and_the_guide_leads_somewhere():
    pages = [README, *sorted((REPO / "docs").glob("*.md"))]
    missing = [f"{page.relative_to(REPO)}: {target}"
               for page in pages for target, path in _local_targets(page) if not path.exists()]
    assert pages[1:], "the user guide's pages are missing"
    assert not missing
