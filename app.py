"""attnviz: the Streamlit entry point. Sidebar controls shared by every page, then the page."""

import os

# Must happen before anything imports TensorFlow (see README, "Stack"): transformers' TF
# classes need Keras 2 (tf-keras), not the Keras 3 that tf.keras would otherwise become.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import streamlit as st

from attnviz.ui.display import display_options
from attnviz.ui.language import language_switch
from attnviz.ui.pages import navigation
from attnviz.ui.run_gate import page_run_slot
from attnviz.ui.visitor import keep_token_in_browser

st.set_page_config(page_title="attnviz", page_icon=":material/visibility:", layout="wide")

language_switch()
display_options()
keep_token_in_browser()

with page_run_slot():
    st.navigation(navigation()).run()
