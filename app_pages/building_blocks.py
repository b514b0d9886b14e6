"""Building blocks ("componentes clave"): embeddings, positional encoding, the feed-forward network,
residual connections and layer normalisation, each interactive; multi-head attention links to the
playground. Layout only: every number comes from attnviz.core, the sections from attnviz.ui.blocks_views."""

import streamlit as st

from attnviz.ui import blocks_views as views
from attnviz.ui.language import t

views.init_state()

st.title(t("blocks.title"))
st.markdown(t("blocks.intro"))
st.latex(
    r"x = \mathrm{Embedding}(w) + PE \;\longrightarrow\; "
    r"\Big[\; z = \mathrm{LayerNorm}\big(x + \mathrm{MultiHead}(x)\big)"
    r"\;\longrightarrow\; \mathrm{LayerNorm}\big(z + \mathrm{FFN}(z)\big) \;\Big] \times N"
)

embedding_tab, positional_tab, ffn_tab, norm_tab, attention_tab = st.tabs(
    [
        t("blocks.tab.embedding"),
        t("blocks.tab.pe"),
        t("blocks.tab.ffn"),
        t("blocks.tab.norm"),
        t("blocks.tab.mha"),
    ]
)
with embedding_tab:
    # A loaded model's real table plugs in here: views.embedding_section(table, tokenize).
    views.embedding_section()
with positional_tab:
    views.positional_section()
with ffn_tab:
    views.ffn_section()
with norm_tab:
    views.norm_section()
with attention_tab:
    views.multihead_section()
