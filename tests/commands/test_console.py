"""The CLI's streams on Windows, run on any system: the platform and the console are injected.
A reader that stops early, the console's code page, UTF-8 into a pipe, --encoding."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys

import pytest
from cli_support import run

from sferum_desk import cli, console


class Console(io.TextIOWrapper):
    """A text stream that says it is a terminal (a legacy Windows console stream)."""

    def isatty(self) -> bool:
        return True


class UnicodeConsoleRaw(io.RawIOBase):
    """Stands for Python's own _WindowsConsoleIO (it writes UTF-16 to the console)."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return len(data)

    def isatty(self) -> bool:
        return True


UnicodeConsoleRaw.__name__ = "_WindowsConsoleIO"


def pipe_stream() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="cp1251")


def test_a_pipe_or_file_gets_utf8_unless_encoding_names_another():
    assert console.stream_encoding(pipe_stream(), platform="win32") == "utf-8"
    assert console.stream_encoding(pipe_stream(), "cp866", platform="win32") == "cp866"
    assert console.stream_encoding(pipe_stream(), "cp866", platform="linux") == "cp866"


def test_encoding_console_is_the_code_page_of_the_console():
    assert console.stream_encoding(pipe_stream(), console.CONSOLE, platform="win32",
                                   code_page=lambda: 866) == "cp866"
    # no console (the window program) or not Windows: UTF-8
    assert console.stream_encoding(pipe_stream(), console.CONSOLE, platform="win32",
                                   code_page=lambda: 0) == "utf-8"
    assert console.stream_encoding(pipe_stream(), console.CONSOLE, platform="linux",
                                   code_page=lambda: 866) == "utf-8"


def test_a_legacy_windows_console_gets_its_own_code_page_whatever_encoding_says():
    stream = Console(io.BytesIO(), encoding="utf-8")
    assert console.stream_encoding(stream, "utf-8", platform="win32",
                                   code_page=lambda: 866) == "cp866"


def test_pythons_unicode_console_is_left_as_it_is():
    stream = io.TextIOWrapper(io.BufferedWriter(UnicodeConsoleRaw()), encoding="utf-8")
    assert console.stream_encoding(stream, "cp866", platform="win32",
                                   code_page=lambda: 866) is None


def test_configure_streams_writes_russian_in_the_chosen_code_page(monkeypatch):
    out, err = pipe_stream(), Console(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    console.configure_streams("cp866", platform="win32", code_page=lambda: 866)
    out.write("Создана организация «Школа»")
    err.write("Ошибка")
    out.flush()
    err.flush()
    assert out.buffer.getvalue() == "Создана организация ?Школа?".encode("cp866")  # no «» in 866
    assert err.buffer.getvalue() == "Ошибка".encode("cp866")


def test_no_streams_at_all_in_the_window_program(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    console.configure_streams(platform="win32", code_page=lambda: 0)
    print("в никуда")  # does not fail
    assert sys.stdout.encoding == "utf-8"
    sys.stdout.close()
    sys.stderr.close()


def test_windows_einval_from_the_pipe_is_a_reader_that_stopped():
    gone = OSError(errno.EINVAL, "Invalid argument")
    assert console.reader_gone(gone, platform="win32", stdout_is_pipe=lambda: True)
    assert not console.reader_gone(gone, platform="win32", stdout_is_pipe=lambda: False)
    assert not console.reader_gone(gone, platform="linux", stdout_is_pipe=lambda: True)
    bad_name = OSError(errno.EINVAL, "Invalid argument", "C:\\out\\a?.pdf")
    assert not console.reader_gone(bad_name, platform="win32", stdout_is_pipe=lambda: True)
    assert console.reader_gone(BrokenPipeError(), platform="linux")


class ClosedWindowsPipe(io.TextIOWrapper):
    def __init__(self):
        super().__init__(io.BytesIO(), encoding="utf-8")

    def write(self, text):
        raise OSError(errno.EINVAL, "Invalid argument")


def test_more_that_stops_early_on_windows_is_exit_0(monkeypatch, capsys, school, db_path):
    # Issue #18: on Windows «sferum-desk list units | more» quit early gives OSError
    # [Errno 22], not BrokenPipeError: the command said «Непредвиденная ошибка» (exit 3).
    monkeypatch.setattr(console.sys, "platform", "win32")
    monkeypatch.setattr(console, "_is_pipe", lambda stream: True)
    monkeypatch.setattr(cli, "_silence_stdout", lambda: None)
    monkeypatch.setattr(cli, "configure_streams", lambda *a, **k: None)
    monkeypatch.setattr(sys, "stdout", ClosedWindowsPipe())
    code = cli.main(["--db", str(db_path), "list", "units"])
    assert code == 0
    assert "Непредвиденная" not in capsys.readouterr().err


def test_encoding_option_is_checked_in_russian(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--encoding", "koi9", "stats"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "кодировка «koi9» неизвестна" in err


def test_encoding_cp866_into_a_pipe(school, db_path):
    school.db.close()
    done = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db_path),
                           "--encoding", "cp866", "list", "units"],
                          capture_output=True, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("cp866")
    assert "Учительская" in text
    default = subprocess.run([sys.executable, "-m", "sferum_desk", "--db", str(db_path),
                              "list", "units"], capture_output=True, env=dict(os.environ))
    assert default.stdout.decode("utf-8") == text  # the same text, UTF-8 by default


def test_help_documents_encoding(capsys):
    code, out, _ = run_help(capsys)
    assert code == 0 and "--encoding КОДИРОВКА" in out and "cp866" in out


def run_help(capsys):
    with pytest.raises(SystemExit) as info:
        run(capsys, "--help")
    out, err = capsys.readouterr()
    return info.value.code, out, err
