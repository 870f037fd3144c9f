"""What a bench ran on, for its JSON. The machines this project is lent differ: the raw encoder loop
of bench_ingest ran at 252 sentences a second on one 2-core machine and at 104 on another (an AMD
EPYC with AVX2 only), so a figure compares only with one taken on the same CPU."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    """The CPU's name and its widest vector extension, e.g. 'AMD EPYC (avx2)'."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.machine()
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in text.splitlines())
        if key.strip() in ("model name", "flags")
    )
    flags = set(fields.get("flags", "").split())
    widest = next((f for f in ("avx512f", "avx2", "avx") if f in flags), "no avx")
    return f"{fields.get('model name', platform.machine())} ({widest})"


def describe(**extra: Any) -> dict[str, Any]:
    """cpus, cpu model, Python and load average now, plus whatever the bench adds."""
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        **extra,
    }
