"""The ``watchjournal`` command as a real process, without paying Python's start-up each time.

``run_cli`` (tests/conftest.py) runs hundreds of commands; each used to start a new
interpreter that imported SQLAlchemy and the journal layers again: about 1 s
of each command on CI, most of the end-to-end tests' time. A *zygote* (as
Android starts its apps) is one process per test worker that has imported the
command line and every subcommand once, and forks a child for each command:

- the child is a real process with its own stdin, stdout and stderr (the test's
  pipes, passed over a Unix socket), the test's environment, working folder and umask,
  and ``sys.argv`` as the console script sets it; it runs ``main()`` and exits
  as the console script does (``SystemExit`` through normal interpreter exit:
  ``atexit`` handlers, flushed output, an uncaught error's traceback);
- its exit status comes back to the test as ``subprocess`` reports it (a
  negative number when a signal killed it).

What it does not repeat is what happens before ``main``: the interpreter's
start-up and imports. So a command whose environment changes how the
interpreter starts (locale, ``PYTHON*`` variables) runs as a fresh process
instead (``fresh_start_needed``); ``run_cli(..., fresh=True)`` starts the
installed script as a user does (tests/e2e/test_cli.py ``test_version_and_help``,
and tests/e2e/test_cli_zygote.py, which compares the two ways command by command).
"""

from __future__ import annotations

import atexit
import functools
import gc
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

# Read when the interpreter starts (the encoding of stdio, the locale, Python's
# own settings): a command whose value differs from the zygote's starts afresh.
_START_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES")
_PYTHON_PREFIX = "PYTHON"


def fresh_start_needed(env: dict[str, str], started_with: dict[str, str]) -> bool:
    """Whether ``env`` changes how an interpreter starts, compared with ``started_with``."""
    names = {n for n in (*env, *started_with) if n in _START_VARIABLES}
    names |= {n for n in (*env, *started_with) if n.startswith(_PYTHON_PREFIX)}
    return any(env.get(name) != started_with.get(name) for name in names)


def shared(command: list[str]) -> Zygote | None:
    """This process's zygote for ``command`` (the installed script), started on first
    use and stopped at exit; None where it cannot fork (not POSIX), or when
    ``command`` is not the script itself (``python -m watchjournal``)."""
    if len(command) != 1 or not hasattr(os, "fork"):
        return None
    return _started(command[0])


@functools.cache
def _started(script: str) -> Zygote:
    zygote = Zygote(script)
    atexit.register(zygote.close)
    return zygote


class Zygote:
    """The test side: starts the zygote process and asks it for commands."""

    def __init__(self, script: str) -> None:
        self.script = script
        self.env = dict(os.environ)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket = ours
        self._replies = ours.makefile("r", encoding="utf-8")
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            [sys.executable, __file__, str(theirs.fileno()), script],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        if self._reply() != {"ready": True}:
            raise RuntimeError("the CLI zygote did not start")

    def _reply(self) -> Any:
        line = self._replies.readline()
        if not line:
            raise RuntimeError(f"the CLI zygote went away (status {self._process.poll()})")
        return json.loads(line)

    def run(
        self, args: list[str], env: dict[str, str], stdin: bytes, timeout: float
    ) -> tuple[int, bytes, bytes]:
        """Run ``watchjournal ARGS`` in a forked child: (exit status, stdout, stderr)."""
        with self._lock:  # one command at a time: the zygote answers in order
            return self._run(args, env, stdin, timeout)

    def _run(
        self, args: list[str], env: dict[str, str], stdin: bytes, timeout: float
    ) -> tuple[int, bytes, bytes]:
        child_in, feed = os.pipe()
        out_read, child_out = os.pipe()
        err_read, child_err = os.pipe()
        umask = os.umask(0o077)
        os.umask(umask)
        request = {"args": args, "env": env, "cwd": str(Path.cwd()), "umask": umask}
        try:
            socket.send_fds(
                self._socket,
                [json.dumps(request).encode() + b"\n"],
                [child_in, child_out, child_err],
            )
        finally:
            for fd in (child_in, child_out, child_err):
                os.close(fd)
        pid = int(self._reply()["pid"])
        outputs: dict[int, bytes] = {}

        def drain(fd: int) -> None:
            with os.fdopen(fd, "rb") as stream:
                outputs[fd] = stream.read()

        def write() -> None:
            # (A command that stops reading its input ends this, as with subprocess.run.)
            with suppress(BrokenPipeError):
                view = memoryview(stdin)
                while view:
                    view = view[os.write(feed, view) :]
            os.close(feed)

        threads = [threading.Thread(target=drain, args=(fd,)) for fd in (out_read, err_read)]
        threads.append(threading.Thread(target=write))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
            if thread.is_alive():
                os.kill(pid, signal.SIGKILL)
                self._reply()  # its exit status: the zygote is ready again
                for other in threads:
                    other.join()
                raise subprocess.TimeoutExpired([self.script, *args], timeout)
        status = int(self._reply()["status"])
        return status, outputs[out_read], outputs[err_read]

    def close(self) -> None:
        self._replies.close()  # (the socket closes with its last file)
        self._socket.close()  # the zygote reads the end of its requests, and exits
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def _serve(connection: socket.socket, script: str) -> None:
    """The zygote: import everything a command imports, then fork one child per request."""
    from watchjournal.cli import context, main
    from watchjournal.storage import migrate

    for module in main.subcommand_modules():  # every subcommand's imports, once
        assert module is not None
    assert context.CliContext is not None
    migrate.head_revision()  # Alembic (a new journal is made by its migrations)
    # What is imported stays as it is: a child's garbage collections skip it, and so
    # do not copy the zygote's memory page by page (copy-on-write).
    gc.freeze()
    replies = connection.makefile("w", encoding="utf-8")
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    while True:
        message, fds, _flags, _address = socket.recv_fds(connection, 1 << 20, 3)
        if not message:
            return  # the tests are over
        while not message.endswith(b"\n"):
            message += connection.recv(1 << 20)
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            replies.close()
            connection.close()  # (closed with its last file: the child keeps no end of it)
            _become_command(request, fds, script)
        for fd in fds:
            os.close(fd)
        replies.write(json.dumps({"pid": pid}) + "\n")
        replies.flush()
        _pid, wait_status = os.waitpid(pid, 0)
        status = os.waitstatus_to_exitcode(wait_status)
        replies.write(json.dumps({"status": status}) + "\n")
        replies.flush()


def _become_command(request: dict[str, Any], fds: list[int], script: str) -> None:
    """In the forked child: take the test's stdio, environment and folder, run ``main``."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()  # TZ as the test set it
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    sys.argv = [script, *request["args"]]
    from watchjournal.cli.main import main

    raise SystemExit(main())  # as the console script: sys.exit(main())


if __name__ == "__main__":
    # In a child, _serve raises the command's SystemExit: the interpreter ends with it.
    _serve(socket.socket(fileno=int(sys.argv[1])), sys.argv[2])
