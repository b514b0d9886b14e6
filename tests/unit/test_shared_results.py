"""Results kept for every session: found again, the least recently used dropped when full."""

from attnviz.ui.shared_results import SharedResults


def test_keeps_the_most_recently_used():
    kept = SharedResults(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" is now the most recent
    kept.put("c", 3)
    assert kept.get("b") is None and kept.get("a") == 1 and kept.get("c") == 3
    kept.put("a", 10)  # a new value for a kept key replaces it
    assert kept.get("a") == 10
