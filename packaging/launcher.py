"""The bundled program's entry point (PyInstaller): the same as `python -m sferum_desk`."""

import multiprocessing

from sferum_desk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
