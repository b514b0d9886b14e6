"""Rendering: arrays and already-translated strings in; Plotly figures, LaTeX or HTML out.

No Streamlit and no TensorFlow here (the pages show what these functions return; the numbers come
from ``attnviz.core`` or ``attnviz.nlp``). Importing the package imports none of its modules, so a
page that only needs LaTeX never loads Plotly.

``figures``         shared Plotly helpers (colour scales, matrix heatmap, grouped bars) and the
                    playground's figures
``heatmaps``        the attention-heatmaps page (heads, model view, metrics, rollout, clickable grids)
``head_view``       the head view as a self-contained HTML page (``head_view.html``/``.css``/``.js``
                    beside it are its template)
``qa``              the question answering page (answer highlight, start/end scores, attention)
``blocks``          the building-blocks page (embeddings, positional encodings, FFN, layer norm)
``training``        the fine-tuning page (metric curves, confusion matrix, probe explorer)
``latex``           numbers, vectors and line stacks as LaTeX
``formulas``        the attention formula with the numbers of one query
``block_formulas``  the building blocks' formulas with their numbers
"""
