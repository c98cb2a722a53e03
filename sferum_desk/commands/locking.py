"""Which CLI runs write to the database, and so hold its file lock (db/file_lock.py).

A command that only reads (lists, reports, exports, a backup copy) runs beside an open
window or another command; one that writes holds the lock for its whole run, so that a
`restore` never swaps the file from under it and two writers never interleave. A command
not named here is taken to write: a new command is safe by default.
"""

from __future__ import annotations

READ_ONLY_COMMANDS = frozenset({
    "stats", "list", "backup", "copy-to", "export", "template", "coverage", "report",
    "pending", "sheet",
})
READ_ONLY_ACTIONS = {  # sub-command attribute → its actions that only read
    "act_command": frozenset({"list", "export", "summary"}),
    "link_command": frozenset({"list"}),
    "todo_command": frozenset({"list", "export"}),
}


def writes(args) -> bool:
    """True when this parsed command line may change the database."""
    if args.command in READ_ONLY_COMMANDS:
        return False
    for attribute, actions in READ_ONLY_ACTIONS.items():
        if getattr(args, attribute, None) in actions:
            return False
    if args.command == "new-year" and not getattr(args, "apply", False):
        return False
    if args.command == "import" and getattr(args, "dry_run", False):
        return False
    if args.command == "registration" and getattr(args, "registration_command", "") == "status":
        return getattr(args, "set", None) is not None
    return True
