"""Shared test helpers (real objects built small: tiny models, tokenizers, data files)."""
