"""Ctrl-C (#14 item 17): from the entry point on, a run ends quietly with exit status 130 — no traceback,
no "Aborted!" — whether it arrives while the libraries are still being imported or during the work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from .conftest import REPO, REPO_DATA
from .support.hostile import GUARD_SECONDS

_CHILD = textwrap.dedent(
    """
    import signal, sys
    from pathlib import Path
    marker = Path(sys.argv.pop(1))
    from zzgx_plan.cli import main  # the console script's first line
    sys.argv = ["plan", *sys.argv[1:]]
    real_signal = signal.signal

    def announcing_signal(signum, handler):
        # the marker appears once main() has taken over Ctrl-C: "from the entry point on", without a race
        previous = real_signal(signum, handler)
        if signum == signal.SIGINT and not marker.exists():
            marker.write_text("entry point reached")
        return previous

    signal.signal = announcing_signal
    main()
    """
)


def _interrupt_after(delay: float, tmp_path: Path) -> tuple[int, str, bool]:
    """Start ``plan validate`` (cold: no cache), send SIGINT ``delay`` s after it reaches the entry point;
    (exit status, stderr, whether the run was still going when the signal was sent)."""
    marker = tmp_path / f"marker-{delay}"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PLAN_CACHE": "off"}
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(marker), "validate", "--data", str(REPO_DATA)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + GUARD_SECONDS
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.001)
        time.sleep(delay)
        running = proc.poll() is None
        if running:
            os.kill(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=GUARD_SECONDS)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err.decode("utf-8", "replace"), running


def test_ctrl_c_exits_130_quietly(tmp_path: Path) -> None:
    interrupted = 0
    # dense early delays: a cold validate after the entry point takes about 0.1 s on an idle machine
    for delay in (0.0, 0.005, 0.01, 0.02, 0.03, 0.045, 0.06, 0.1, 0.2, 0.4):
        code, err, running = _interrupt_after(delay, tmp_path)
        if not running or (code == 0 and err == ""):
            # finished before the signal took effect (poll() can say "running" just as the run ends): nothing to
            # check; a run that ignored Ctrl-C would end 0 every time and fail the count below
            continue
        interrupted += 1
        # -SIGINT: the signal came as the interpreter was shutting down after the work (CPython restores the
        # default handler then); the shell reports that as 130 too, and nothing is printed either way.
        assert code in (130, -signal.SIGINT), (delay, code, err)
        assert "Traceback" not in err and "KeyboardInterrupt" not in err and "Aborted" not in err, err
        assert err.strip() == "", err
    assert interrupted >= 4  # the cold validate runs for well over 0.1 s


def test_a_ctrl_c_that_python_swallows_still_ends_the_run_with_130(monkeypatch, capsys) -> None:
    """Ctrl-C can land in a weakref callback (the import system's module locks have one): Python then only
    prints "Exception ignored in …" and goes on. The run must still end as Ctrl-C ends it: 130, nothing printed."""
    import weakref

    import zzgx_plan.cli as cli_module
    import zzgx_plan.cli.base as base

    class Thing:
        pass

    def callback(_ref: object) -> None:
        raise cli_module.Interrupted

    done = []

    def run() -> None:  # the command: a callback is interrupted in the middle of it, the rest of it runs
        thing = Thing()
        keep = weakref.ref(thing, callback)
        del thing
        done.append(keep)

    monkeypatch.setattr(base, "main", run)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)  # main() installs its own: restored after
    monkeypatch.setattr(cli_module._Swallowed, "seen", False)
    previous = signal.getsignal(signal.SIGINT)
    try:
        try:
            cli_module.main()
        except SystemExit as exc:
            code = exc.code
    finally:
        signal.signal(signal.SIGINT, previous)
    assert (code, len(done)) == (130, 1)
    assert "Exception ignored" not in capsys.readouterr().err
