"""Home: what the app is and what each page teaches."""
import streamlit as st

from attnviz.ui.language import t
from attnviz.ui.models import storage_section

st.title(t("home.title"))
st.markdown(t("home.intro"))

for page, path, icon in [
    ("playground", "app_pages/playground.py", ":material/grid_on:"),
    ("fine_tuning", "app_pages/fine_tuning.py", ":material/model_training:"),
    ("heatmaps", "app_pages/heatmaps.py", ":material/grid_view:"),
    ("qa", "app_pages/question_answering.py", ":material/question_answer:"),
    ("blocks", "app_pages/building_blocks.py", ":material/widgets:"),
]:
    with st.container(border=True):
        st.page_link(path, label=t(f"nav.{page}"), icon=icon)
        st.markdown(t(f"home.{page}"))

# Models and data on disk, with a button to fetch the defaults (file-system checks only: no TensorFlow).
storage_section()

st.caption(t("home.footer"))
