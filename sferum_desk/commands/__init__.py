"""CLI sub-commands, one module per area. Each module has `register(subparsers)`.

A command handler takes (services, args) and returns an exit code; a UserError it raises
becomes exit 1 with its Russian sentence on stderr.
"""

from sferum_desk.commands import (
    acknowledgements, core, database, invitations, movement, refusals, roster, safety,
)

COMMAND_MODULES = [core, database, acknowledgements, roster, invitations, movement, safety,
                   refusals]
