"""A freeze's work over processes forked after the site is built (shared
copy-on-write). A worker dies with the freeze that started it, however that
ends: a killed freeze leaves nothing writing pages the next could publish."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback

from flask import Flask

# From this many pages (page x language) a freeze uses a process per core.
PARALLEL_FROM = 200


def freeze_workers(app: Flask, pages: int) -> int:
    """FREEZE_WORKERS, or one per core; one for a small site, where starting
    processes costs more than it saves."""
    wanted = app.config.get("FREEZE_WORKERS")
    if wanted is None:
        wanted = (os.cpu_count() or 1) if pages >= PARALLEL_FROM else 1
    return max(1, min(int(wanted), pages))


def die_with_parent(parent: int) -> None:
    """In a forked worker: be killed when `parent` ends (Linux prctl), and
    end now if it already has (it may have died before the call)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # PR_SET_PDEATHSIG, linux/prctl.h
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:
        os._exit(1)


def in_workers(workers: int, job) -> list:
    """job(0) .. job(workers - 1) in forked processes, their lists joined. A
    worker that fails stops the freeze: an OSError as itself (the command
    names the folder), any other error with the worker's traceback."""
    if workers == 1:
        return list(job(0) or [])
    context = multiprocessing.get_context("fork")
    parent = os.getpid()

    def run(share: int, conn) -> None:
        die_with_parent(parent)
        try:
            conn.send((True, job(share) or []))
        except OSError as exc:
            # Said once, by the parent: no traceback from here too.
            conn.send((False, OSError(exc.errno, exc.strerror, exc.filename)))
        except BaseException:
            conn.send((False, traceback.format_exc()))
            raise
        finally:
            conn.close()

    started = []
    for share in range(workers):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=run, args=(share, send), daemon=True)
        process.start()
        send.close()  # the child holds its own end
        started.append((process, receive))
    found, failures = [], []
    for process, receive in started:
        try:
            ok, value = receive.recv()
        except EOFError:  # ended without a word: killed, or out of memory
            process.join()
            ok, value = False, f"worker exited with code {process.exitcode}"
        (found.extend if ok else failures.append)(value)
        process.join()
    for failure in failures:
        if isinstance(failure, OSError):
            raise failure
    if failures:
        raise RuntimeError("a freeze worker failed:\n" + failures[0])
    return found
