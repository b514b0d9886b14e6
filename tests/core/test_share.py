"""Links that reproduce a playground example."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from attnviz.core.presets import PRESET_NAMES, PRESETS, random_preset
from attnviz.core.share import PlaygroundSettings, from_query_params, to_query_params


def test_default_link_is_the_course_example():
    decoded = from_query_params({})
    assert decoded.unreadable == []
    assert decoded.settings.preset == "course"
    np.testing.assert_array_equal(decoded.settings.q, [[1, 0]])


def test_preset_link_is_short():
    s = PlaygroundSettings.from_preset("course")
    assert to_query_params(s) == {"preset": "course"}
    assert to_query_params(replace(s, scaled=False, temperature=0.5)) == {
        "preset": "course",
        "scale": "0",
        "temp": "0.5",
    }


def test_random_preset_travels_with_its_seed():
    s = PlaygroundSettings.from_preset("random", seed=42)
    params = to_query_params(s)
    assert params == {"preset": "random", "seed": "42"}
    again = from_query_params(params).settings
    np.testing.assert_array_equal(again.q, random_preset(42).q)


def test_custom_matrices_round_trip():
    s = PlaygroundSettings(
        q=np.array([[1.5, -2.0]]),
        k=np.array([[1.0, 0.0], [0.25, 3.0], [0.0, 0.0]]),
        v=np.array([[1.0], [2.0], [3.0]]),
        preset=None,
        mask="padding",
        padded_keys=(2,),
        query=0,
        heads=1,
    )
    params = to_query_params(s)
    assert params["q"] == "1.5,-2" and params["k"] == "1,0;0.25,3;0,0" and params["pad"] == "3"
    back = from_query_params(params)
    assert back.unreadable == []
    for name in "qkv":
        np.testing.assert_array_equal(getattr(back.settings, name), getattr(s, name))
    assert back.settings.mask == "padding" and back.settings.padded_keys == (2,)


def test_bad_links_are_partly_used_and_reported():
    decoded = from_query_params(
        {"preset": "nope", "temp": "-3", "mask": "diag", "q": "1,x", "k": "1", "v": "1"}
    )
    assert set(decoded.unreadable) == {"preset", "temp", "mask", "q"}
    assert decoded.settings.preset == "course" and decoded.settings.temperature == 1.0


def test_mismatched_matrices_in_a_link_are_refused():
    decoded = from_query_params({"q": "1,0", "k": "1,0,0", "v": "1"})
    assert set(decoded.unreadable) == {"q", "k", "v"}
    assert decoded.settings.preset == "course"


def test_every_preset_has_consistent_shapes_and_computes():
    for name in PRESET_NAMES:
        steps = PlaygroundSettings.from_preset(name, seed=1).attention()
        assert np.all(np.isfinite(steps.context))
    assert list(PRESETS)[0] == "course"


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(PRESET_NAMES), st.booleans(), st.sampled_from([0.5, 1.0, 2.0]), st.integers(0, 999))
def test_any_preset_state_round_trips(name, scaled, temperature, seed):
    s = replace(PlaygroundSettings.from_preset(name, seed), scaled=scaled, temperature=temperature)
    back = from_query_params(to_query_params(s)).settings
    assert (back.preset, back.scaled, back.temperature, back.mask, back.padded_keys) == (
        s.preset,
        s.scaled,
        s.temperature,
        s.mask,
        s.padded_keys,
    )
    np.testing.assert_array_equal(back.k, s.k)
