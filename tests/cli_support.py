"""Running the `sferum-desk` CLI in-process from tests."""

from sferum_desk.cli import main


def run(capsys, *argv):
    """Run the CLI with `argv` (paths and numbers allowed); return (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
