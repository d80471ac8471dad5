"""Source text that child processes of the benchmarks start with: `peak_rss()` in bytes.

On Linux the peak is VmHWM, the high-water mark of the process's own memory:
getrusage's ru_maxrss is carried over exec from the forked parent, so a child of a 150 MB
pytest process would report at least 150 MB whatever it does. Elsewhere it is ru_maxrss
(KiB on Linux, bytes on macOS). Plain text, so it also runs in the published packages'
virtual environments, which cannot import this repository.
"""

PEAK_RSS = """
import json, resource, sys, time
from pathlib import Path

def peak_rss():
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return usage if sys.platform == "darwin" else usage * 1024
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024
"""
