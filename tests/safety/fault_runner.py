"""Run the real CLI in this process, but stop dead at a named point inside a transaction.

    python fault_runner.py --marker FILE --pause-after MODULE:NAME [--nth N]
                           [--when-arg I=VALUE] [--flush-session] [--until FILE]
                           -- <sferum-desk arguments>

MODULE:NAME (NAME may be `Class.method`) is wrapped: its N-th call that matches `--when-arg`
runs, then (with --flush-session, its first argument, a Session, is flushed so that the
pending rows reach SQLite) the marker file is written and the process sleeps until the test
kills it with SIGKILL (or, with --until, until that file appears: then it goes on, as a slow
run would). Nothing in the program knows about this: the test-only pause lives
here. Extra Alembic version folders may be given with --versions (a test-only migration).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path


def pause_forever(marker: str, until: str = "") -> None:
    Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    while not (until and Path(until).exists()):  # the test sends SIGKILL, or lets it go on
        time.sleep(0.05)


def wrap(spec: str, nth: int, when: str, flush: bool, marker: str, until: str = "") -> None:
    module_name, _, attribute = spec.partition(":")
    owner = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    index, _, wanted = when.partition("=")
    calls = 0

    def paused(*args, **kwargs):
        nonlocal calls
        result = original(*args, **kwargs)
        if when and str(args[int(index)]) != wanted:
            return result
        calls += 1
        if calls == nth:
            if flush:
                args[0].flush()
            pause_forever(marker, until)
        return result

    setattr(owner, name, paused)


def add_versions(folder: str) -> None:
    from sferum_desk.db import migrations

    make_config = migrations.alembic_config

    def with_extra(engine=None):
        config = make_config(engine)
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations",
                               os.pathsep.join([str(migrations.HERE / "versions"), folder]))
        return config

    migrations.alembic_config = with_extra


def main() -> int:
    argv = sys.argv[1:]
    split = argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("--marker", required=True)
    parser.add_argument("--pause-after", default="")
    parser.add_argument("--nth", type=int, default=1)
    parser.add_argument("--when-arg", default="")
    parser.add_argument("--flush-session", action="store_true")
    parser.add_argument("--versions", default="")
    parser.add_argument("--until", default="")
    options = parser.parse_args(argv[:split])
    os.environ["SFERUM_FAULT_MARKER"] = options.marker
    if options.versions:
        add_versions(options.versions)
    if options.pause_after:
        wrap(options.pause_after, options.nth, options.when_arg, options.flush_session,
             options.marker, options.until)
    from sferum_desk.cli import main as cli_main

    return cli_main(argv[split + 1:])


if __name__ == "__main__":
    sys.exit(main())
