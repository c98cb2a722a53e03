"""Copy a whole database to another one (SQLite ⇄ PostgreSQL), checked by row counts; a
server database's backups, which are such copies.

The names callers use, kept here: the work is in engine.py (a copy opens its target like any
database, and `Database.backup` of a server is a copy, so it lives beside `open_database`)
and in copying.py (moving the rows). This module imports engine.py and nothing imports it
back, so there is no import cycle.
"""

from __future__ import annotations

from sferum_desk.db.engine import copy_database, server_backup
from sferum_desk.db.engine import server_backup_stem as backup_stem

__all__ = ["backup_stem", "copy_database", "server_backup"]
