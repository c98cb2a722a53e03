"""Files that hold people's data are the user's alone: 0600 in 0700 folders on Linux/macOS.

Only what the program creates is made private (a folder the user chose keeps its rights);
on Windows the user's profile folders already are the user's, and chmod means little.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from pathlib import Path

FILE_MODE, FOLDER_MODE = 0o600, 0o700
POSIX = sys.platform != "win32"


def private_folder(folder: Path) -> Path:
    """Create `folder` (and missing parents) for the user alone; an existing one is left."""
    missing = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        with suppress(FileExistsError):
            path.mkdir(mode=FOLDER_MODE)
        if POSIX:
            with suppress(OSError):
                os.chmod(path, FOLDER_MODE)  # mkdir's mode is cut by the umask
    return folder


def private_file(path: Path) -> Path:
    """Create an empty `path` readable by the user alone, unless it exists; SQLite then
    opens it (and gives its -wal and -shm the same rights)."""
    if POSIX and not path.exists():
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    return path
