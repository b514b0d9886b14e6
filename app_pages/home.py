"""Home: what the app is and what each page teaches."""

import streamlit as st

from attnviz.ui.classroom import join_box
from attnviz.ui.language import t
from attnviz.ui.models import storage_section
from attnviz.ui.pages import page_link, topic_pages

st.title(t("home.title"))
st.markdown(t("home.intro"))

# In class: a phone that could not scan the teacher's QR code types the class's code here.
with st.container(border=True):
    st.markdown(t("classroom.join_intro"))
    join_box()

for page in topic_pages():
    with st.container(border=True):
        page_link(page.name)
        st.markdown(t(page.about_key))

# Models and data on disk, with a button to fetch the defaults (file-system checks only: no TensorFlow).
storage_section()

st.caption(t("home.footer"))
