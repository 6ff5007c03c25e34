"""Standard output that a reader may close early (`newsfacet export | head`)."""
from __future__ import annotations

import os
import sys


def detach_stdout() -> None:
    """After a broken pipe: point stdout nowhere, or Python complains again flushing it at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
