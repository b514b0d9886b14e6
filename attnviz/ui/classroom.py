"""Follow the teacher, in the browser: the teacher presents, every student's browser shows the same
page and link until the student chooses to explore alone (:mod:`attnviz.core.presentation` holds
the shared state).

How a student's browser follows: a fragment (``POLL_SECONDS``) asks the server's one
:class:`Presentation` for its current slide. When its number is new, the fragment reruns the whole
app; before the page is drawn, :func:`follow_the_teacher` forgets the links the pages read (each
page reads its link once per session, :mod:`attnviz.ui.page_state`) and opens the teacher's page
with the teacher's link. The poll itself reads one object in memory and draws nothing, so thirty
followers cost about fifteen tiny reruns a second.

Who may present: the teacher (``ATTNVIZ_TEACHER_PASSWORD`` entered), or, when no password is set,
the person at the server's own machine (never a visitor of a public server).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from attnviz.core.presentation import Presentation, join_link
from attnviz.render.qr import qr_png
from attnviz.ui import training_state as ts
from attnviz.ui.language import t
from attnviz.ui.pages import PAGES

POLL_SECONDS = 2.0
JOIN_PARAM = "clase"  # ?clase=CODE: the QR code's link; the code joins the class
_FOLLOWING = "classroom.following"  # False once the student chose to explore alone
_SEEN = "classroom.seen"  # the number of the last slide this browser opened
_SHOWN = "classroom.shown"  # (presenting?, code) as the bar last drew it
_BAD_CODE = "classroom.bad_code"
_PAGE = "classroom.page"  # the URL path of the page this session shows
_IN_WHOLE_RUN = "classroom.in_whole_run"
CODE_BOX = "classroom.code_box"


@st.cache_resource(show_spinner=False)
def presentation() -> Presentation:
    return Presentation()  # one per server, shared by every session


def _me() -> str:
    return ts.owner_token()


def can_present() -> bool:
    from attnviz.ui.hosting import hosted

    return ts.is_teacher() or (not ts.registry().locked and not hosted())


def public_server() -> bool:
    """Community Cloud, or hosted mode forced on: visitors from anywhere, not only the class. There a
    visitor follows a presentation only after joining it (the QR code's link or the class code);
    on a classroom server (a laptop on the class's network) every visitor follows by default."""
    from attnviz.ui.hosting import on_community_cloud, setting

    return setting() == "on" or on_community_cloud()


def joined() -> bool:
    """Whether this session is part of the class: it joined, or the server is a classroom's."""
    return _FOLLOWING in st.session_state or not public_server()


def following() -> bool:
    return st.session_state.get(_FOLLOWING, not public_server())


# --- joining -------------------------------------------------------------------------------------


def join(code: str) -> bool:
    """Follow the teacher again if ``code`` is the class's join code (True), else remember it as wrong."""
    if presentation().matches(code):
        st.session_state[_FOLLOWING] = True
        st.session_state.pop(_SEEN, None)  # open the teacher's current slide, even a seen one
        st.session_state.pop(_BAD_CODE, None)
        return True
    # shown back to the student: letters, digits, spaces and dashes only
    st.session_state[_BAD_CODE] = "".join(ch for ch in str(code) if ch.isalnum() or ch in " -")[:12]
    return False


def join_from_link() -> None:
    """A ``?clase=CODE`` in the address (the QR code's link) joins, then leaves the address."""
    code = st.query_params.get(JOIN_PARAM)
    if code is None:
        return
    del st.query_params[JOIN_PARAM]
    join(code)


def _join_box_submitted() -> None:
    join(st.session_state.get(CODE_BOX, ""))


def join_box() -> None:
    """The home page's "class code" box, for a phone that could not scan the QR code."""
    with st.form("classroom.join", border=False):
        st.text_input(t("classroom.code_label"), key=CODE_BOX, max_chars=12, placeholder="K7QF")
        st.form_submit_button(t("classroom.join"), on_click=_join_box_submitted)
    bad = st.session_state.get(_BAD_CODE)
    if bad:
        key = "classroom.no_class" if not presentation().presenting() else "classroom.wrong_code"
        st.warning(t(key, code=bad), icon=":material/key_off:")


# --- following -----------------------------------------------------------------------------------


def _page_path(url_path: str) -> str | None:
    for page in PAGES:
        if (page.url_path or "") == url_path:
            return page.path
    return None


def _forget_read_links() -> None:
    """Make every page read its link again on its next run (what opening a shared link does)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.endswith("._linked")]:
        del st.session_state[key]


def follow_the_teacher(current_url_path: str) -> None:
    """Before the page is drawn: a following student whose browser has not yet opened the
    teacher's current slide opens it now (another page: ``st.switch_page``, which ends this run)."""
    shown = presentation()
    if not following() or shown.presenting(_me()):
        return
    slide = shown.current()
    if slide is None or st.session_state.get(_SEEN) == slide.number:
        return
    target = _page_path(slide.page)
    st.session_state[_SEEN] = slide.number
    if target is None:  # a page this version of the app does not have
        return
    _forget_read_links()
    if slide.page != current_url_path:
        st.switch_page(target, query_params=dict(slide.params))
    st.query_params.from_dict(dict(slide.params))


def publish(current_url_path: str) -> None:
    """After the presenter's page is drawn: its page and link become the class's slide.

    A page that called ``st.stop()`` refuses every Streamlit call after it (even reading the
    session), so this run publishes nothing; the presenter's own poll (:func:`_publish_poll`)
    publishes that page within ``POLL_SECONDS``."""
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    try:
        st.session_state[_PAGE] = current_url_path
        _publish_now()
    except StopException:
        pass


def _publish_poll() -> None:
    """The presenter's fragment: on its own reruns (not inside a whole run, where the page has not
    written its link yet) it publishes the page and link the presenter shows."""
    if not st.session_state.get(_IN_WHOLE_RUN):
        _publish_now()


def _publish_now() -> None:
    me = _me()
    shown = presentation()
    if shown.presenting(me) and _PAGE in st.session_state:
        shown.show(me, st.session_state[_PAGE], st.query_params.to_dict())


def _poll() -> None:
    """Every ``POLL_SECONDS``: rerun the app when the teacher's slide changed (for a follower) or a
    presentation started or ended (the bar must say so)."""
    shown = presentation()
    slide = shown.follow(_me()) if following() else shown.current()
    if (shown.presenting(), shown.code) != st.session_state.get(_SHOWN):
        st.rerun(scope="app")
    if following() and slide is not None and slide.number != st.session_state.get(_SEEN):
        st.rerun(scope="app")


def _explore() -> None:
    st.session_state[_FOLLOWING] = False
    presentation().leave(_me())


def _come_back() -> None:
    st.session_state[_FOLLOWING] = True
    st.session_state.pop(_SEEN, None)


# --- presenting ----------------------------------------------------------------------------------


def _start() -> None:
    if can_present():  # checked again: the button was drawn on an earlier run
        presentation().start(_me())


def _stop() -> None:
    presentation().stop(_me())


def class_link(code: str) -> str:
    """The join link as students must type it: the address this browser sees, with the machine's
    network address in place of "localhost" (students' phones cannot reach the teacher's localhost)."""
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - outside a browser (AppTest): no address
        url = ""
    base = str(st.get_option("server.baseUrlPath") or "")
    return join_link(url, base, code, JOIN_PARAM)


def present_button() -> None:
    """In the sidebar, for who may present and does not yet."""
    if can_present() and not presentation().presenting(_me()):
        st.sidebar.button(
            t("classroom.present"), on_click=_start, icon=":material/co_present:", key="classroom.present"
        )


def _bar():
    """The bar's row: the sentence takes the room, the buttons their own width (they never wrap)."""
    return st.container(border=True, key="classroom-bar", horizontal=True, vertical_alignment="center")


def _presenter_bar(shown: Presentation) -> None:
    code = shown.code
    link = class_link(code)
    with _bar():
        st.markdown(t("classroom.presenting", code=code, count=shown.follower_count()), width="stretch")
        with st.popover(t("classroom.show_qr"), icon=":material/qr_code_2:", width="content"):
            st.image(qr_png(link), width=280)
            st.markdown(t("classroom.qr_caption", link=link, code=code))
            if urlsplit(link).hostname in ("localhost", "127.0.0.1", "::1", None):
                st.caption(t("classroom.local_only"))
        st.button(
            t("classroom.stop"),
            on_click=_stop,
            icon=":material/stop_screen_share:",
            key="classroom.stop",
            width="content",
        )


def _student_bar(shown: Presentation) -> None:
    if following():
        sentence, label, action, icon, key = (
            t("classroom.following", code=shown.code),
            t("classroom.explore"),
            _explore,
            ":material/explore:",
            "classroom.explore",
        )
    else:
        sentence, label, action, icon, key = (
            t("classroom.exploring"),
            t("classroom.come_back"),
            _come_back,
            ":material/co_present:",
            "classroom.back",
        )
    with _bar():
        st.markdown(sentence, width="stretch")
        st.button(label, on_click=action, icon=icon, key=key, width="content")


def classroom_bar(current_url_path: str) -> None:
    """At the top of every page: the presenter's bar (join code, QR code, followers, stop) and the
    presenter's poll, or the student's bar (following / exploring) and the student's poll."""
    st.session_state[_PAGE] = current_url_path
    shown = presentation()
    st.session_state[_SHOWN] = (shown.presenting(), shown.code)
    if shown.presenting(_me()):
        _presenter_bar(shown)
        st.session_state[_IN_WHOLE_RUN] = True
        st.fragment(_publish_poll, run_every=POLL_SECONDS)()
        st.session_state[_IN_WHOLE_RUN] = False
        return
    if not joined():
        return  # a public server's passer-by: no bar, no poll (the home page's box joins)
    if shown.presenting():
        _student_bar(shown)
    st.fragment(_poll, run_every=POLL_SECONDS)()
