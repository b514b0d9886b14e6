"""Which language a data set is in: English data gets English probe sentences and examples."""

import pytest

from attnviz.nlp.language import guess_language


@pytest.mark.parametrize(
    "texts, expected",
    [
        (["the movie was great and the actors were fun", "it is a boring film"], "en"),
        (
            [
                "La película fue maravillosa y los actores estuvieron geniales.",
                "Una historia aburrida, larga.",
            ],
            "es",
        ),
        (["it's a charming and often affecting journey . "], "en"),  # rt-polarity's own spacing
        (["¿Dónde está el museo? Está en el centro de la ciudad."], "es"),
    ],
)
def test_guess(texts, expected):
    assert guess_language(texts) == expected


def test_no_words_of_either_language_gives_the_default():
    assert guess_language(["12345 67", ":-)"], default="en") == "en"
    assert guess_language([]) is None
