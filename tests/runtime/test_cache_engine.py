"""The cache is keyed by the libraries that make the books: upgrading any of them must
lay the stories out again, so every dependency that can change a byte is in the key."""

from __future__ import annotations

import re
import tomllib

import pytest

from ficbind.runtime import cache

from conftest import ROOT

pytestmark = pytest.mark.quick


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower()


def test_every_dependency_that_shapes_a_book_is_in_the_cache_key():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dependencies = {_name(r) for r in project["dependencies"]}
    keyed = set(cache._ENGINE_PACKAGES)
    assert dependencies - set(cache.NOT_ENGINE) <= keyed, "add these to runtime/cache._ENGINE_PACKAGES"
    assert "pyphen" in keyed  # WeasyPrint's hyphenation: where lines break
