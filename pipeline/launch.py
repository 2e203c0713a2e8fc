"""The `opfolg` command: for an ingest on the local pool, the workers' fork server is started
first, so that it imports the conversion libraries on one core while the command line imports
its own on the other (each takes about a second on a busy two-core machine); then the command line
runs (pipeline.cli)."""

from __future__ import annotations

import sys

# What the local pool's workers run (pipeline.convert.convert, prepare_worker) and what that
# module names for the server (FORK_SERVER_PRELOAD): the modules the fork server preloads for
# them, as pipeline.isolation.worker_context names them.
WORKER_MODULES = ("pipeline.convert", "pipeline.worker_warmup")


def _uses_local_pool(argv: list[str]) -> bool:
    if not argv or argv[0] != "ingest":
        return False
    options = {argument.split("=", 1)[0] for argument in argv[1:]}
    return not options & {"--dask", "-h", "--help", "--dry-run"}


def main() -> int:
    if _uses_local_pool(sys.argv[1:]):
        from .fork_server import start

        try:
            start(WORKER_MODULES)
        except OSError:
            pass  # the pool starts its own, or says why it cannot
    from .cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
