"""How fast this machine multiplies float32 matrices: the ceiling for training speed."""

from __future__ import annotations

import os
import time


def matmul_gflops(size: int = 1024, repeat: int = 20) -> float:
    """GFLOP/s of a compiled ``size`` x ``size`` float32 matmul with TensorFlow's threads (best of
    three rounds of ``repeat``)."""
    import tensorflow as tf

    a = tf.random.normal([size, size], seed=0)
    b = tf.random.normal([size, size], seed=1)
    multiply = tf.function(lambda: tf.matmul(a, b))
    multiply().numpy()
    best = 0.0
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeat):
            multiply().numpy()
        seconds = time.perf_counter() - started
        best = max(best, repeat * 2 * size**3 / seconds / 1e9)
    return best


def describe() -> dict:
    """The machine in a few fields (cores, CPU model, load when measured)."""
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    return {"cpus": os.cpu_count(), "cpu": model, "load_average_1min": load}
