"""Errors a user can act on. The message is one Russian sentence for the screen."""

import re
import unicodedata

ECHO_LIMIT = 60


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """What the user typed, fit to be quoted in a message: one line of visible characters,
    cut at `limit` with «…» (a pasted page must not become a page-long message box)."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in str(value))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


MAX_QUOTE = 200  # a file path fits; a pasted page does not
MAX_MESSAGE = 600
_QUOTED = re.compile(r"«([^»]*)»")


def tidy_message(message: str) -> str:
    """One line a message box can show, whatever the user typed into it: control and
    invisible characters blanked, each «quoted» input cut to MAX_QUOTE characters and, as a
    last resort, the middle of an overlong message left out (the advice is at the end)."""
    text = _QUOTED.sub(lambda m: f"«{echo(m.group(1), MAX_QUOTE)}»", str(message))
    text = echo(text, limit=len(text) + 1)
    if len(text) > MAX_MESSAGE:
        keep = (MAX_MESSAGE - 3) // 2
        text = f"{text[:keep].rstrip()} … {text[-keep:].lstrip()}"
    return text


class UserError(Exception):
    """A refused request: the message says, in Russian, what to do."""

    def __init__(self, message: str, field: str | None = None):
        message = tidy_message(message)
        super().__init__(message)
        self.message = message
        self.field = field  # the input field the message belongs next to, if any


class NotFound(UserError):
    pass


class EditConflict(UserError):
    """Someone saved this record (on another PC) after it was read here: reload and redo.

    The GUI shows the message and reloads its lists.
    """

    MESSAGE = "Запись изменена на другом компьютере: обновите список и повторите правку."

    def __init__(self, message: str = MESSAGE, field: str | None = None):
        super().__init__(message, field)


class DatabaseDamaged(UserError):
    """The database file is damaged or is not a database at all: the GUI offers to restore a
    backup (the damaged file is kept aside, never overwritten)."""

    def __init__(self, message: str, path=None):
        super().__init__(message)
        self.path = path  # the damaged file (a pathlib.Path)


class FieldErrors(UserError):
    """Several fields of one form refused at once: `errors` holds each field's own message,
    so a form can show them all together; the message is the first one's (for the CLI)."""

    def __init__(self, errors: list[UserError]):
        super().__init__(errors[0].message, errors[0].field)
        self.errors = list(errors)


def check_all(*checks):
    """Run every check (a callable) even after one refuses; return their results, or raise
    the one refusal, or a FieldErrors with all of them."""
    results, errors = [], []
    for check in checks:
        try:
            results.append(check())
        except FieldErrors as error:
            errors.extend(error.errors)
            results.append(None)
        except UserError as error:
            errors.append(error)
            results.append(None)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise FieldErrors(errors)
    return tuple(results)
