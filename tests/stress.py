"""`make stress`: the isolation tests, run again and again while busy loops keep every core
loaded, to show that their outcomes do not depend on how busy the machine is.

STRESS_RUNS (default 10) runs of the test files given (default: the isolation tests), with
STRESS_LOOPS busy processes (default: three per core) running all the while.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

DEFAULT_FILES = ["tests/test_isolation.py", "tests/test_own_time.py"]


def _default_sigint() -> None:
    # A job started in the background inherits SIGINT ignored; the tests send Ctrl-C themselves.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def main(files: list[str]) -> int:
    runs = int(os.environ.get("STRESS_RUNS", "10"))
    loops = int(os.environ.get("STRESS_LOOPS", str(3 * (os.cpu_count() or 1))))
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(loops)]
    passed = 0
    try:
        for run in range(1, runs + 1):
            started = time.monotonic()
            result = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files],
                preexec_fn=_default_sigint,
                capture_output=True,
                text=True,
            )
            ok = result.returncode == 0
            passed += ok
            took = time.monotonic() - started
            outcome = "ok" if ok else "FAILED"
            print(f"run {run}/{runs} with {loops} busy loops: {outcome} ({took:.0f} s)", flush=True)
            if not ok:
                print(result.stdout[-3000:])
    finally:
        for process in busy:
            process.kill()
            process.wait()
    print(f"{passed} passed, {runs - passed} failed")
    return 0 if passed == runs else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or DEFAULT_FILES))
