"""Where the development data lives: ../shared beside the repository (or $ATTNVIZ_SHARED).

Only tests and benchmarks use it; the product never reads it. Tests that need it skip when absent.
"""

import os
from pathlib import Path

SHARED = Path(os.environ.get("ATTNVIZ_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
MINILM = SHARED / "models" / "all-MiniLM-L6-v2"
RT_POLARITY = SHARED / "data" / "rt-polarity"
