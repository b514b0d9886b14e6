"""Errors a user can cause (bad source, no network, bad file), each with a stable code.

The page translates ``code`` with ``t(f"nlp.error.{code}", **details)``; the command line prints
``str(error)``, an English sentence. Keep the details' names in step with the i18n strings.
"""

from __future__ import annotations


class NlpError(Exception):
    """A problem the user can fix. ``code`` names it, ``details`` fill the message."""

    def __init__(self, code: str, message: str, **details: object):
        super().__init__(message)
        self.code = code
        self.details = details


class HubUnreachable(NlpError):
    """The Hugging Face Hub could not be reached (offline, blocked, or HF_HUB_OFFLINE set)."""

    def __init__(self, endpoint: str, reason: str = ""):
        message = (
            f"Could not reach the Hugging Face Hub at {endpoint}"
            + (f" ({reason})" if reason else "")
            + ". Use a local model folder instead (a save_pretrained folder, or one fetched earlier "
            "with 'python -m attnviz prefetch' into ATTNVIZ_HOME/models)."
        )
        super().__init__("hub_unreachable", message, endpoint=endpoint)


class DataError(NlpError):
    """A data set or file that cannot be used as it is."""
