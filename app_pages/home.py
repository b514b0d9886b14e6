"""Home: what the app is and what each page teaches."""
import streamlit as st

from attnviz.ui.language import t

st.title(t("home.title"))
st.markdown(t("home.intro"))

for page, path, icon in [
    ("playground", "app_pages/playground.py", ":material/grid_on:"),
]:
    with st.container(border=True):
        st.page_link(path, label=t(f"nav.{page}"), icon=icon)
        st.markdown(t(f"home.{page}"))

st.caption(t("home.footer"))
