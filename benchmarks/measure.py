"""Run one command and measure it: wall time, and the peak memory of its whole process tree.

The command runs in a new session, so every process it starts (forked workers, parallel
batches, ``xargs`` children) shares its session id. While it runs, a thread samples
``/proc`` every 50 ms and sums the memory of every process in that session: the proportional
set size (PSS, from ``smaps_rollup``: pages shared between forked workers are counted once
in total, not once per process) and, for reference, the plain resident set size (RSS).
``wait4`` gives the largest single process's peak RSS too, which covers runs shorter than
one sample, and the tree's CPU time: what the machine spent beyond it went to other processes
(another test suite on a shared machine), and is reported as interference.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
INTERVAL = 0.05


def cpu_busy_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (all cores, from /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(value) for value in handle.readline().split()[1:9]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / TICKS


def machine_busy(seconds: float = 1.0) -> float:
    """The share of the machine's CPU in use over the next ``seconds``."""
    before = cpu_busy_seconds()
    time.sleep(seconds)
    return (cpu_busy_seconds() - before) / (seconds * CORES)


@dataclass(frozen=True, slots=True)
class Measurement:
    seconds: float
    returncode: int
    peak_pss_kb: int  # the tree's summed PSS at its highest sample
    peak_rss_kb: int  # the tree's summed RSS at its highest sample
    max_single_rss_kb: int  # the largest single process's own peak RSS (wait4)
    cpu_seconds: float  # user + system time of the process and the children it waited for
    others_cpu: float  # share of the machine's CPU that other processes used meanwhile
    stdout: str
    stderr: str

    @property
    def peak_mb(self) -> float:
        """The tree's peak memory: its summed PSS at the highest sample, but never less than
        the largest single process's own peak (which a run shorter than a sample would miss)."""
        return max(self.peak_pss_kb, self.max_single_rss_kb) / 1024


def _session_of(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    # the fields after the command name (which may hold spaces): state ppid pgrp session ...
    return int(stat[stat.rfind(b")") + 2 :].split()[3])


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KB; (0, 0) if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            pss = rss = 0
            for line in handle:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
            return pss, rss
    except (OSError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            rss = int(handle.read().split()[1]) * PAGE_KB
        return rss, rss
    except (OSError, ValueError, IndexError):
        return 0, 0


class _Sampler(threading.Thread):
    def __init__(self, sid: int) -> None:
        super().__init__(daemon=True)
        self.sid = sid
        self.stop = threading.Event()
        self.peak_pss = self.peak_rss = 0
        self.outsiders: set[str] = set()  # a process never joins another session later

    def members(self) -> list[int]:
        found = []
        for entry in os.scandir("/proc"):
            name = entry.name
            if not name.isdigit() or name in self.outsiders:
                continue
            if _session_of(name) == self.sid:
                found.append(int(name))
            else:
                self.outsiders.add(name)
        return found

    def sample(self) -> None:
        pss_total = rss_total = 0
        for pid in self.members():
            pss, rss = _memory_kb(pid)
            pss_total += pss
            rss_total += rss
        self.peak_pss = max(self.peak_pss, pss_total)
        self.peak_rss = max(self.peak_rss, rss_total)

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(INTERVAL)


def measure(
    command: list[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    capture: Path | None = None,
) -> Measurement:
    """Run ``command`` in ``cwd``; its output goes to files in ``capture`` (a folder)."""
    folder = capture or Path("/tmp")
    folder.mkdir(parents=True, exist_ok=True)
    out_path, err_path = folder / "stdout.txt", folder / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        busy_before = cpu_busy_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        sampler = _Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        busy = cpu_busy_seconds() - busy_before
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
    return Measurement(
        seconds=seconds,
        returncode=proc.returncode,
        peak_pss_kb=sampler.peak_pss,
        peak_rss_kb=sampler.peak_rss,
        max_single_rss_kb=usage.ru_maxrss,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        others_cpu=max(0.0, busy - usage.ru_utime - usage.ru_stime) / (seconds * CORES),
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
    )
