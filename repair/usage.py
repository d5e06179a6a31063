"""Usage errors as one line: ``repair: error: <cause> (see `repair fix --help`)``, exit 2.

Click shows a usage error (an unknown option, a bad value, options that do not go together)
as four lines: the usage, a hint, a blank line, then ``Error: ...``. `repair` reports every
error as one line naming the cause, so :class:`RepairGroup` turns each
:class:`click.UsageError` (and its kinds: ``BadParameter``, ``NoSuchOption``,
``MissingParameter``...) raised while parsing or running any command into
:class:`OneLineUsageError`, whichever command or option raised it. Only ``repair`` without a
command still prints its help.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import IO, Any

import click
from click.exceptions import NoArgsIsHelpError


class OneLineUsageError(click.ClickException):
    """A usage error shown as one line on stderr; exit code 2.

    Args:
        cause: the usage error click raised (its context names the command).
    """

    exit_code = 2

    def __init__(self, cause: click.UsageError) -> None:
        text = " ".join(cause.format_message().split()).rstrip(".")
        if text[:1].isupper() and not text[1:2].isupper():
            text = text[0].lower() + text[1:]
        if cause.ctx is not None:
            text += f" (see `{cause.ctx.command_path} --help`)"
        super().__init__(text)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"repair: error: {self.message}", file=file, err=file is None)


@contextlib.contextmanager
def _one_line() -> Iterator[None]:
    try:
        yield
    except NoArgsIsHelpError:
        raise
    except click.UsageError as exc:
        raise OneLineUsageError(exc) from None


class RepairGroup(click.Group):
    """A click group whose usage errors, its own and its commands', are one line (exit 2)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _one_line():
            return super().invoke(ctx)
