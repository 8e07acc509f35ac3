"""How the command line talks about itself: `--help` in words, and a mistyped command in one line.

Click and Typer show a parameter by its Python type (`INPUT <list[str]>`, `<int range>`,
`{FILE}...`) and answer a mistyped option with a usage block of three or four lines. ficbind
speaks as its own errors do: a placeholder a person understands (`INPUT...`, `N`, `SIZE`),
and one line, `ficbind: error: no such option: --formt (did you mean --format?)`.
`FicbindGroup` does both for every command, including options added later.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperArgument, TyperGroup

try:  # Typer vendors its own Click (typer._click) from 0.20 on; before, it used Click itself.
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]

# A placeholder for an option's value when the option names none, from the type Typer would show.
_PLACEHOLDERS = {"<int>": "N", "<int range>": "N", "<float>": "NUMBER", "<float range>": "NUMBER", "<path>": "PATH"}


def _placeholder(param: Any) -> str:
    try:
        shown = param.display_type(None)
    except (AttributeError, TypeError):  # a choice needs a context; any other type reads as text
        shown = ""
    return _PLACEHOLDERS.get(shown, "TEXT")


def _in_words(param: Any) -> None:
    """Show a parameter by its placeholder alone: no `<type>` after it, no `[x>=1]` range
    (the help text says what is allowed), and `FILE...` rather than `{FILE}...` in the usage line.
    Instance attributes shadow Typer's methods of the same name, for this parameter only."""
    if isinstance(param, TyperArgument):
        name = param.metavar or param.name.upper()
        many = "..." if param.nargs != 1 and not name.endswith("...") else ""
        shown = f"{name}{many}" if param.required else f"[{name}{many}]"
        param.display_type_rich = lambda ctx: ""  # type: ignore[method-assign]
        param._usage_display_name = lambda: shown  # type: ignore[method-assign]
    elif param.metavar is None and not (getattr(param, "is_flag", False) or getattr(param, "count", False)):
        param.metavar = _placeholder(param)  # an option's help shows its metavar where it would show the type
    param._get_number_range_help_str = lambda: ""


def usage_error(message: str, context: Any = None) -> Exception:
    """A mistake on the command line, shown as `ficbind: error: MESSAGE` and exit code 2."""
    return click_errors.UsageError(message, context)


def one_line(error: Any) -> str:
    """A Click error as one of ficbind's lines, with the suggestion Click found, if any."""
    if isinstance(error, click_errors.NoSuchOption):
        line = f"no such option: {error.option_name}"
        if error.possibilities:  # closest first (difflib's order)
            return f"{line} (did you mean {error.possibilities[0]}?)"
    else:
        message = " ".join(error.format_message().split()).rstrip(".")
        line = message[:1].lower() + message[1:]
        if "did you mean" in line.lower():  # Click's own suggestion says enough
            return line
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "ficbind"
    return f"{line}; see {command} --help"


class FicbindGroup(TyperGroup):
    """The `ficbind` command group: every command's parameters in words, Click's errors in one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                _in_words(param)

    def main(self, args: Any = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        from .console import printable

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as error:  # `ficbind` alone: the help
            error.show()
            sys.exit(error.exit_code)
        except click_errors.ClickException as error:
            print(f"ficbind: error: {printable(one_line(error))}", file=sys.stderr)
            sys.exit(error.exit_code)
        except typer.Abort:  # Ctrl-C before a command started
            print("ficbind: error: interrupted", file=sys.stderr)
            sys.exit(130)
        # A command's typer.Exit(code) comes back as its code; a command that returns, as None.
        sys.exit(result if isinstance(result, int) else 0)
