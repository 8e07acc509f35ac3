"""The command line as a user meets it: help, errors, JSON reports, quiet scripts."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ficbind.cli import app

from conftest import SEEDS, run_ficbind

runner = CliRunner()


def _commands():
    import typer.main

    group = typer.main.get_group(app)
    return sorted(group.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    import typer.main

    assert typer.main.get_group(app).commands[command].help, f"{command} has no help text"


@pytest.mark.quick
@pytest.mark.parametrize("command", _commands())
def test_help_shows_placeholders_a_person_reads_not_python_types(command):
    text = runner.invoke(app, [command, "--help"], terminal_width=100).output
    # Typer's own rendering: `INPUT <list[str]>`, `{FILE...}...`, `<int range>`, `[x>=1]`
    for raw in ("<list", "<str>", "<int", "<path>", "<float", "{", "[x>"):
        assert raw not in text, f"{command} --help shows {raw!r}"


@pytest.mark.quick
def test_help_names_each_option_value():
    text = runner.invoke(app, ["build", "--help"], terminal_width=100).output
    for shown in ("build [OPTIONS] [INPUT...]", "-o, --output DIR", "-f, --format LIST", "--page-size SIZE", "-j, --jobs N"):
        assert shown in text
    assert "Usage: ficbind inspect [OPTIONS] FILE..." in runner.invoke(app, ["inspect", "--help"]).output


@pytest.mark.quick
@pytest.mark.parametrize(
    ("arguments", "line"),
    [
        (["build", "--formt", "pdf"], "ficbind: error: no such option: --formt (did you mean --format?)"),
        (["build", "-j", "0", "story.txt"],
         "ficbind: error: --jobs 0: give 1 or more worker processes (1: everything in one process); "
         "see ficbind build --help"),
        (["inspect"], "ficbind: error: missing argument 'FILE'; see ficbind inspect --help"),
        (["bild"], "ficbind: error: no such command 'bild'. Did you mean 'build'?"),
    ],
)
def test_a_command_line_mistake_is_one_line_with_the_suggestion(arguments, line):
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert result.stderr == line + "\n"


def test_exit_codes_are_documented_in_build_help():
    result = runner.invoke(app, ["build", "--help"])
    assert "Exit codes" in result.output


def test_a_missing_input_is_one_line_and_exit_code_3(tmp_path):
    result = run_ficbind("build", "missing.txt", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr.strip() == "ficbind: error: missing.txt: no such file or folder; check the path"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_format_is_a_usage_error(tmp_path):
    result = run_ficbind("build", str(SEEDS), "--format", "docx", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown format docx" in result.stderr


def test_json_report_and_silence_when_not_a_terminal(tmp_path):
    story = next(SEEDS.glob("003_*.txt"))
    # A cache of its own: another test in this process may have read the same seed ("cached").
    cache = ["--cache", str(tmp_path / "cache")]
    result = run_ficbind("build", str(story), "-o", str(tmp_path), "-f", "epub", "--json", *cache)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    (output,) = report["outputs"]
    assert output["format"] == "epub" and output["bytes"] > 1000 and len(output["sha256"]) == 64
    assert report["stories"] == [
        {"path": str(story), "title": "A Little Bit of Goodbye", "words": report["stories"][0]["words"],
         "status": "built", "error": None}
    ]
    # without --json and without a terminal, a successful build prints nothing at all
    quiet = run_ficbind("build", str(story), "-o", str(tmp_path), "-f", "epub", *cache)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_a_folder_of_stories_builds_with_the_folder_name_as_title(tmp_path):
    result = run_ficbind("build", str(SEEDS), "-o", str(tmp_path), "-f", "epub", "--title", "Seeds & Such")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "seeds-such.epub").exists()


def test_inspect_json_has_every_key(tmp_path):
    result = run_ficbind("inspect", "--json", *map(str, sorted(SEEDS.glob("*.txt"))))
    assert result.returncode == 0, result.stderr
    stories = json.loads(result.stdout)
    assert len(stories) == 4
    keys = ["path", "read_as", "title", "authors", "fandoms", "relationships", "characters", "rating", "warnings",
            "category", "tags", "language", "series", "summary", "notes", "end_notes", "disclaimer", "prompt",
            "dedication", "spoilers", "stated_word_count", "word_count", "chapters", "fields", "opening"]
    for story in stories:
        assert set(keys) <= set(story)


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("ficbind ")
