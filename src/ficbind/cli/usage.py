"""How the command line talks about itself: `--help` in words, and a mistyped command in one line.

Click and Typer show a parameter by its Python type (`INPUT <list[str]>`, `<int range>`,
`{FILE}...`) and answer a mistyped option with a usage block of three or four lines. ficbind
speaks as its own errors do: a placeholder a person understands (`INPUT...`, `N`, `SIZE`),
and one line, `ficbind: error: no such option: --formt (did you mean --format?)`.
`FicbindGroup` does both for every command, including options added later.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

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


# Typer (0.2x) turns each option's text into its type with a pydantic adapter, and
# importing pydantic and building those adapters took a third of a cached nightly
# rebuild's time (0.12 s of 0.3 s). The plain shapes ficbind's options take (text, whole
# numbers, decimals, paths, lists of them) are converted here in plain Python, to the same
# values; anything else, and every value that does not convert cleanly, goes to Typer's
# own adapter, so its error messages stay word for word the same.
try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # pragma: no cover - a Typer without pydantic adapters needs nothing here
    RuntimeParam = None  # type: ignore[assignment,misc]

_WHOLE = re.compile(r"0|-?[1-9][0-9]{0,17}")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")
_PLAIN_SHAPES = (str, bool, int, float, Path)


class _Unplain(Exception):
    """A value the plain conversion leaves to Typer's adapter."""


def _plain_leaf(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    if annotation is str and isinstance(value, str):
        return value
    if annotation is bool and isinstance(value, bool):
        return value
    if annotation is int and isinstance(value, str) and _WHOLE.fullmatch(value):
        number = int(value)
        if (info.min is None or number >= info.min) and (info.max is None or number <= info.max):
            return number
    if annotation is float and isinstance(value, str) and _DECIMAL.fullmatch(value):
        return float(value)
    if annotation is float and type(value) is float and info.min is None and info.max is None:
        return value
    if annotation is Path and isinstance(value, str) and value:
        # Typer's own checks (readable, exists...) on the path it would have made.
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    raise _Unplain


if RuntimeParam is not None:
    @dataclass(frozen=True)
    class _PlainRuntimeParam(RuntimeParam):
        """Converts a text, number or path option as Typer's adapter would, without pydantic."""

        descriptor: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation, info = self.annotation, self.parameter_info
            try:
                if get_origin(annotation) is list:
                    if not isinstance(value, (list, tuple)):
                        raise _Unplain
                    leaf = get_args(annotation)[0]
                    return [_plain_leaf(leaf, info, item, param, ctx) for item in value]
                return _plain_leaf(annotation, info, value, param, ctx)
            except _Unplain:
                return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def _coerce_plainly(param: Any) -> None:
    """Give a parameter of a plain shape the conversion above (a flag left unsaid, None,
    would otherwise build its adapter too)."""
    descriptor = getattr(param, "type_descriptor", None)
    if RuntimeParam is None or descriptor is None or getattr(param, "_runtime_param", 0) is not None:
        return
    annotation, info = descriptor.annotation, descriptor.parameter_info
    leaf = get_args(annotation)[0] if get_origin(annotation) is list else annotation
    if get_origin(annotation) not in (None, list) or descriptor.file_annotation is not None:
        return
    custom = info.parser is not None or info.clamp or getattr(info, "click_type", None) is not None
    if leaf not in _PLAIN_SHAPES or custom:
        return
    if leaf is Path and (info.path_type is not None or info.resolve_path or info.allow_dash):
        return
    param._runtime_param = _PlainRuntimeParam(info, annotation, descriptor)


def _help_coerced_plainly(command: Any) -> None:
    """Click makes each command's --help option afresh when it parses: convert it plainly too."""
    make = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = make(ctx)
        if option is not None:
            _coerce_plainly(option)
        return option

    command.get_help_option = get_help_option


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
        for param in self.params:  # --version
            _coerce_plainly(param)
        _help_coerced_plainly(self)
        for command in self.commands.values():
            _help_coerced_plainly(command)
            for param in command.params:
                _in_words(param)
                _coerce_plainly(param)

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
