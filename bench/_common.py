"""What the benchmark scripts share: the import path, TensorFlow's settings, ../shared, /proc readings."""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # before anything imports TensorFlow
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.helpers.shared_data import MINILM, RT_POLARITY, SHARED  # noqa: E402,F401  (re-exported)


def memory_mb(pid: int | str = "self") -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM), in MB, from /proc."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":")[0]
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(line.split()[1]) / 1024
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def review_csv(path: Path, count: int) -> Path:
    """rt-polarity sentences joined, ten of one label a row, into review-length texts (~200 words,
    like IMDB: every batch is padded to its maximum length)."""
    lines = []
    for label, name in (("neg", "rt-polarity.neg"), ("pos", "rt-polarity.pos")):
        texts = (RT_POLARITY / name).read_text(encoding="utf-8").splitlines()
        lines += [(t.strip(), label) for t in texts if t.strip()]
    random.Random(0).shuffle(lines)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        for i in range(count):  # 10 same-label sentences per "review": ~200 words, like IMDB
            label = lines[i][1]
            same = [t for t, lab in lines[i : i + 60] if lab == label][:10]
            writer.writerow([" ".join(same), label])
    return path
