"""Golden tests: each seed story read into the model and compared with a reviewed dump.

The dumps in golden/readers/ are the reader's output before transforms, so a change
in header detection or paragraphing shows up as a readable diff.
"""

from __future__ import annotations

import pytest

from ficbind.model import native
from ficbind.readers import read_story

from conftest import GOLDEN, SEEDS, check_golden

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def test_the_four_seeds_are_present():
    assert [p.name for p in SEED_FILES] == [
        "000_5f4c5af0a22e3cfb.txt",
        "001_9a18502ccfa86e3c.txt",
        "002_1481424c6f345bc2.txt",
        "003_f02dbb8e11e29218.txt",
    ]


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_seed_reads_as_golden(seed, save_golden):
    story = read_story(seed, f"seeds/{seed.name}")
    check_golden(GOLDEN / "readers" / f"{seed.stem}.json", native.dumps(story), save_golden)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_native_dump_round_trips(seed):
    story = read_story(seed, seed.name)
    assert native.from_native(native.to_native(story)) == story
