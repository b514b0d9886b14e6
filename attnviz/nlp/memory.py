"""How much memory the server holds now, and the budget every model page keeps under."""

from __future__ import annotations

from attnviz.nlp.training.cost import memory_budget_mb


def process_rss_mb() -> float:
    """This process's resident memory in MB (Linux ``/proc``; elsewhere the peak so far)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def budget_mb() -> float:
    return memory_budget_mb()
