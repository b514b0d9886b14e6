"""Streamlit helpers shared by the pages: language, display options, editors, state glue."""
