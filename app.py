"""attnviz: the Streamlit entry point. Sidebar controls shared by every page, then the page."""

import os

# Must happen before anything imports TensorFlow (see README, "Stack"): transformers' TF
# classes need Keras 2 (tf-keras), not the Keras 3 that tf.keras would otherwise become.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import streamlit as st

from attnviz.ui.classroom import classroom_bar, follow_the_teacher, join_from_link, present_button, publish
from attnviz.ui.display import display_options, page_frame
from attnviz.ui.language import language_switch
from attnviz.ui.pages import navigation
from attnviz.ui.run_gate import page_run_slot
from attnviz.ui.visitor import keep_token_in_browser

st.set_page_config(page_title="attnviz", page_icon=":material/visibility:", layout="wide")

language_switch()
display_options()
keep_token_in_browser()

page = st.navigation(navigation())
join_from_link()
follow_the_teacher(page.url_path)  # a student following the teacher opens the teacher's page
present_button()
classroom_bar(page.url_path)

with page_run_slot(), page_frame():
    try:
        page.run()
    finally:
        publish(page.url_path)  # the presenting teacher's page and link become the class's
