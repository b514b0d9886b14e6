"""attnviz.ui.page_state on a small script of its own: the link read once (bad values skipped, never
raised), widget values kept across runs that do not draw them, the link written only when changed."""

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from attnviz.ui.page_state import LinkParam, PageState, non_empty, one_of, position, whole_number

    state = PageState(
        "t",
        keep=("t.mode", "t.layer", "t.note"),
        link=(
            LinkParam("mode", "t.mode", one_of(("a", "b"))),
            LinkParam("layer", "t.layer", position),
            LinkParam("limit", "t.limit", one_of((32, 64), whole_number)),
            LinkParam("run", parse=non_empty),
        ),
    )
    first = state.start(defaults={"t.mode": "a"})
    st.session_state["t.first_runs"] = st.session_state.get("t.first_runs", 0) + first
    st.session_state["t.problems"] = state.link_problems()
    st.session_state["t.pending"] = st.session_state.get("t.pending") or state.pending("run")
    st.radio("mode", ("a", "b"), key="t.mode")
    if st.session_state.get("t.show", True):
        st.selectbox("layer", [0, 1, 2], key="t.layer")
        st.text_input("note", key="t.note")
    state.remember()
    writes = st.session_state.setdefault("t.writes", [])
    before = st.query_params.to_dict()
    state.write_link({"mode": st.session_state["t.mode"], "layer": st.session_state.get("t.layer", 0) + 1})
    if st.query_params.to_dict() != before:
        writes.append(st.query_params.to_dict())


def _open(query: dict[str, str]) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_link_values_are_parsed_and_bad_ones_skipped():
    at = _open({"mode": "b", "layer": "3", "limit": "64", "run": "r1"})
    assert at.radio(key="t.mode").value == "b" and at.selectbox(key="t.layer").value == 2
    assert at.session_state["t.limit"] == 64 and at.session_state["t.pending"] == "r1"
    assert at.session_state["t.problems"] == []
    bad = _open({"mode": "zzz", "layer": "0", "limit": "+64", "run": ""})
    assert bad.radio(key="t.mode").value == "a"  # the default, not the link's
    assert bad.selectbox(key="t.layer").value == 0 and "t.limit" not in bad.session_state
    assert bad.session_state["t.problems"] == ["mode", "layer", "limit"]  # an empty run= is no problem
    for junk in ({"layer": "-1"}, {"layer": "1e9"}, {"layer": "٣"}, {"mode": ""}):
        assert not _open(junk).exception


def test_the_link_is_read_once_per_session():
    at = _open({"mode": "b"})
    at.radio(key="t.mode").set_value("a").run()
    at.query_params["mode"] = "b"
    at.run()
    assert at.radio(key="t.mode").value == "a" and at.session_state["t.first_runs"] == 1


def test_values_survive_runs_that_do_not_draw_their_widgets():
    at = _open({})
    at.selectbox(key="t.layer").set_value(2).run()
    at.text_input(key="t.note").input("kept").run()
    at.session_state["t.show"] = False
    at.run()
    at.run()  # Streamlit has dropped the widgets' values now
    at.session_state["t.show"] = True
    at.run()
    assert at.selectbox(key="t.layer").value == 2 and at.text_input(key="t.note").value == "kept"


def test_the_link_is_written_only_when_it_changes():
    at = _open({})
    assert at.session_state["t.writes"] == [{"mode": "a", "layer": "1"}]
    at.run()
    at.text_input(key="t.note").input("not in the link").run()
    assert len(at.session_state["t.writes"]) == 1
    at.selectbox(key="t.layer").set_value(1).run()
    assert (
        at.session_state["t.writes"][-1] == {"mode": "a", "layer": "2"}
        and len(at.session_state["t.writes"]) == 2
    )
