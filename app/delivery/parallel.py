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
from collections.abc import Callable
from functools import partial
from typing import Any

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


def in_background(job: Callable[[], Any]) -> Callable[[], Any]:
    """job() in a process forked now, while the caller goes on; the function
    returned waits for it: its value, or its error (an OSError as itself, any
    other with the process's traceback). A process costs a few milliseconds."""
    context = multiprocessing.get_context("fork")
    parent = os.getpid()
    receive, send = context.Pipe(duplex=False)

    def run() -> None:
        die_with_parent(parent)
        try:
            send.send((True, job()))
        except OSError as exc:
            # Said once, by the parent: no traceback from here too.
            send.send((False, OSError(exc.errno, exc.strerror, exc.filename)))
        except BaseException:
            send.send((False, traceback.format_exc()))
            raise
        finally:
            send.close()

    process = context.Process(target=run, daemon=True)
    process.start()
    send.close()  # the child holds its own end

    def result() -> Any:
        try:
            ok, value = receive.recv()
        except EOFError:  # ended without a word: killed, or out of memory
            ok, value = False, None
        finally:
            receive.close()
            process.join()
        if ok:
            return value
        if isinstance(value, OSError):
            raise value
        raise RuntimeError("a freeze worker failed:\n"
                           + (value or f"worker exited with code {process.exitcode}"))

    return result


def in_workers(workers: int, job: Callable[[int], list | None],
               meanwhile: Callable[[], Any] | None = None) -> list:
    """job(0) .. job(workers - 1) in forked processes, their lists joined,
    while this process does `meanwhile()`. A worker that fails stops the
    freeze (in_background), once all have ended."""
    if workers == 1:
        found = list(job(0) or [])
        if meanwhile is not None:
            meanwhile()
        return found
    results = [in_background(partial(job, share)) for share in range(workers)]
    found, failures = [], []
    try:
        if meanwhile is not None:
            meanwhile()
    finally:  # the workers end before anything else is done
        for result in results:
            try:
                found.extend(result() or [])
            except (OSError, RuntimeError) as exc:
                failures.append(exc)
    for failure in failures:
        if isinstance(failure, OSError):
            raise failure
    if failures:
        raise failures[0]
    return found
