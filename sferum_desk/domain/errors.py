"""Errors a user can act on. The message is one Russian sentence for the screen."""


class UserError(Exception):
    """A refused request: the message says, in Russian, what to do."""

    def __init__(self, message: str, field: str | None = None):
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
