"""Which of the app's languages a set of texts is written in, from its most common small words.

Good enough to pick probe sentences and example texts in the language of the data (English data,
English probes), not a general language detector. Plain Python.
"""

from __future__ import annotations

import re

# Frequent words that the other language rarely uses (so "a", "no", "me" count for neither).
MARKERS = {
    "en": frozenset(
        "the and is was of to it this that with for but not are have you movie film its "
        "be as at by an or his her they he she one all just very".split()
    ),
    "es": frozenset(
        "el la los las de que y en un una es del se por con para pero lo le su al muy "
        "como más película fue son".split()
    ),
}
WORD = re.compile(r"[a-záéíóúüñ]+")


def guess_language(texts, default: str | None = None, sample: int = 300) -> str | None:
    """ "en" or "es" for the texts (the first ``sample`` of them), or ``default`` when neither
    language's small words are there at all."""
    counts = dict.fromkeys(MARKERS, 0)
    for text in list(texts)[:sample]:
        for word in WORD.findall(str(text).lower()[:2000]):
            for lang, words in MARKERS.items():
                if word in words:
                    counts[lang] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else default
