"""attnviz: learn how transformer attention works, by playing with it.

Layers (each imports only the ones below it):
``ui`` (Streamlit helpers) -> ``render`` (Plotly figures, LaTeX, HTML) -> ``nlp`` (TensorFlow,
imported lazily) -> ``core`` (pure numpy).
"""

__version__ = "0.1.0"
