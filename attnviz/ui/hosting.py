"""Hosted mode: what a visitor of a public server may ask the server to do.

A public server (Streamlit Community Cloud, or a teacher's laptop that students reach over the
classroom network) must not download any Hub repository named in a link, read any folder a visitor
types, or let any visitor start, import or delete runs. In hosted mode:

- models come only from the catalog and the folders the teacher placed in ATTNVIZ_HOME/models
  (no Hub ids or paths typed or linked); data only from the catalog, uploads or ATTNVIZ_HOME;
- starting, importing and deleting runs need the teacher (``ATTNVIZ_TEACHER_PASSWORD``).

``ATTNVIZ_HOSTED`` (environment or secrets): ``1`` always hosted, ``0`` never, ``auto`` (default)
hosted on Community Cloud and for every visitor who is not on the server's own machine. The person
at the server's own machine keeps every freedom unless the setting forces hosted mode.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import streamlit as st

SETTING = "ATTNVIZ_HOSTED"
# Community Cloud checks out the repository under /mount/src/<repo> and runs as "appuser";
# either is its signal (there is no documented variable).
CLOUD_SOURCE_ROOT = Path("/mount/src")
CLOUD_USER = "appuser"


def setting() -> str:
    """``on``, ``off`` or ``auto``, from the environment, else the secrets."""
    value = os.environ.get(SETTING, "")
    if not value:
        try:
            value = str(st.secrets.get(SETTING, "") or "")
        except Exception:  # noqa: BLE001 - no secrets file: Streamlit raises rather than returning nothing
            value = ""
    value = value.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return "on"
    if value in ("0", "false", "no", "off"):
        return "off"
    return "auto"


def on_community_cloud(app_file: Path | None = None) -> bool:
    app = (app_file or Path(__file__).resolve().parents[2] / "app.py").resolve()
    user = os.environ.get("USER") or os.environ.get("LOGNAME") or Path.home().name
    return app.is_relative_to(CLOUD_SOURCE_ROOT) or user == CLOUD_USER


def visitor_is_local() -> bool:
    """Whether the browser runs on the server's machine (an address can be spoofed behind a
    proxy, which is why Community Cloud is always hosted)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - outside a session (the command line): the machine itself
        return True
    return is_loopback(address)


def is_loopback(address) -> bool:
    """None (Streamlit's answer for 127.0.0.1 and ::1, and AppTest's), or a loopback address.
    A server listening on every interface (``streamlit run``'s default) sees 127.0.0.1 as the
    IPv4-mapped ``::ffff:127.0.0.1``, which Streamlit passes on as it is."""
    if not isinstance(address, str):
        return True
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def hosted() -> bool:
    """Whether this visitor gets hosted mode (see the module's docstring)."""
    mode = setting()
    if mode != "auto":
        return mode == "on"
    return on_community_cloud() or not visitor_is_local()
