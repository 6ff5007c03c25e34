"""Worker processes end with the indexer, also when it is killed with SIGKILL (which it cannot catch).

The processes of a run: the indexer, the forkserver it starts, the workers the forkserver forks, and
multiprocessing's resource tracker. Left alone, a killed indexer strands them: idle workers block
forever reading a task queue whose write end they themselves hold, the forkserver waits for every
worker to close its "alive" pipe, and the resource tracker waits for every worker to close its pipe.

Linux can send a signal to a process when its parent dies (prctl PR_SET_PDEATHSIG). The kernel
does it, so it works even when the child is busy in C code holding the GIL, where a watcher thread
could not run. It is asked for twice: by the forkserver (preloaded `indexer.forkserver_preload`),
whose parent is the indexer, and by each worker, whose parent is the forkserver. The indexer's death
then kills the forkserver, that kills the workers, and the resource tracker sees end-of-file on its
pipe and exits by itself. Elsewhere than Linux this is a no-op.

Why not the alternatives: a worker polling os.getppid() watches the forkserver, which a killed
indexer does not end; a thread watching a pipe or a pidfd needs the GIL. The death signal follows
the *thread* that started a child: the indexer's main thread starts the forkserver (the pool spawns
workers in the thread that submits work), and it lives as long as the run.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1
# Set in the forkserver when it starts (arm_forkserver); its workers inherit it with the fork.
_forkserver_pid: int | None = None


def die_with_parent() -> bool:
    """Have the kernel SIGKILL this process when its parent ends; True when armed (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def arm_forkserver() -> None:
    """In the forkserver (its preload module): end when the indexer ends."""
    global _forkserver_pid
    die_with_parent()
    _forkserver_pid = os.getpid()


def bind_worker_to_run() -> None:
    """In a worker (forked by the forkserver): end when the forkserver ends.

    The death signal is armed first, then the parent checked: had the forkserver died before the
    signal was armed, the worker's parent is already another process, and it leaves now.
    """
    if die_with_parent() and _forkserver_pid is not None and os.getppid() != _forkserver_pid:
        os.write(2, b"newsfacet: a worker started after its forkserver had ended; exiting\n")
        os._exit(1)


__all__ = ["arm_forkserver", "bind_worker_to_run", "die_with_parent"]
