"""attnviz: learn how transformer attention works, by playing with it.

Layers (each imports only the ones below it):
``ui`` (Streamlit helpers) -> ``figures`` / ``explain`` (Plotly, text) -> ``nlp`` (TensorFlow,
imported lazily) -> ``core`` (pure numpy).
"""

__version__ = "0.1.0"
