"""A small stand-in for the Hugging Face Hub, served on 127.0.0.1, for testing real downloads.

It answers the requests huggingface_hub 0.36 makes for ``model_info`` / ``dataset_info``
(``GET /api/{models,datasets}/REPO?blobs=True``) and ``hf_hub_download`` (``HEAD`` then ``GET``
on ``/REPO/resolve/REV/FILE``, ``/datasets/REPO/resolve/REV/FILE``), like the real Hub does:
``X-Repo-Commit`` and ``ETag`` headers; large (LFS-style) files answered with a 302 to a separate
"CDN" path with ``X-Linked-Etag`` / ``X-Linked-Size``; ``X-Error-Code: RepoNotFound`` and
``EntryNotFound`` on 404s. Not emulated: Xet storage, authentication, gated repos, Range resumes.

    with StandinHub() as hub:
        hub.add_model("org/tiny", folder)        # every file of the folder
        os.environ["HF_ENDPOINT"] = hub.url
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

LFS_SUFFIXES = (".h5", ".safetensors", ".parquet", ".bin")


class StandinHub:
    def __init__(self, chunk_delay_s: float = 0.0, chunk_size: int = 16384):
        self.repos: dict[tuple[str, str], dict[str, bytes]] = {}
        self.requests: list[tuple[str, str]] = []
        self.chunk_delay_s = chunk_delay_s
        self.chunk_size = chunk_size
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self):
                hub._handle(self, head=True)

            def do_GET(self):
                hub._handle(self, head=False)

            def log_message(self, *args):  # keep test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        return False

    def add_model(self, repo_id: str, folder: Path) -> None:
        self.repos[("model", repo_id)] = _read_folder(folder)

    def add_dataset(self, repo_id: str, folder: Path) -> None:
        self.repos[("dataset", repo_id)] = _read_folder(folder)

    def sha(self, repo_type: str, repo_id: str) -> str:
        files = self.repos[(repo_type, repo_id)]
        digest = hashlib.sha1()
        for name in sorted(files):
            digest.update(name.encode() + hashlib.sha1(files[name]).digest())
        return digest.hexdigest()

    # --- request handling ------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler, head: bool) -> None:
        path = unquote(urlparse(request.path).path)
        self.requests.append((request.command, path))
        api = re.fullmatch(r"/api/(models|datasets)/(.+?)(?:/revision/([^/]+))?", path)
        if api:
            return self._info(request, "model" if api.group(1) == "models" else "dataset", api.group(2))
        cdn = re.fullmatch(r"/cdn/(model|dataset)/(.+)/([0-9a-f]{40})/(.+)", path)
        if cdn:
            return self._file(request, cdn.group(1), cdn.group(2), cdn.group(4), head, via_cdn=True)
        resolve = re.fullmatch(r"/(datasets/)?(.+?)/resolve/([^/]+)/(.+)", path)
        if resolve:
            repo_type = "dataset" if resolve.group(1) else "model"
            return self._file(request, repo_type, resolve.group(2), resolve.group(4), head, via_cdn=False)
        self._error(request, 404, "EntryNotFound")

    def _info(self, request, repo_type: str, repo_id: str) -> None:
        files = self.repos.get((repo_type, repo_id))
        if files is None:
            return self._error(request, 404, "RepoNotFound")
        body = json.dumps(
            {
                "id": repo_id,
                "sha": self.sha(repo_type, repo_id),
                "private": False,
                "siblings": [
                    {"rfilename": name, "size": len(data), "blobId": hashlib.sha1(data).hexdigest()}
                    for name, data in sorted(files.items())
                ],
            }
        ).encode()
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def _file(self, request, repo_type: str, repo_id: str, filename: str, head: bool, via_cdn: bool) -> None:
        files = self.repos.get((repo_type, repo_id))
        if files is None:
            return self._error(request, 404, "RepoNotFound")
        if filename not in files:
            return self._error(request, 404, "EntryNotFound")
        data = files[filename]
        etag = (
            hashlib.sha256(data).hexdigest()
            if filename.endswith(LFS_SUFFIXES)
            else hashlib.sha1(data).hexdigest()
        )
        sha = self.sha(repo_type, repo_id)
        if filename.endswith(LFS_SUFFIXES) and not via_cdn:
            # Like the Hub: LFS files redirect to a CDN URL; the metadata rides on linked headers.
            request.send_response(302)
            request.send_header("Location", f"{self.url}/cdn/{repo_type}/{repo_id}/{sha}/{filename}")
            request.send_header("X-Repo-Commit", sha)
            request.send_header("X-Linked-Etag", f'"{etag}"')
            request.send_header("X-Linked-Size", str(len(data)))
            request.send_header("ETag", '"redirect"')
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        request.send_response(200)
        request.send_header("X-Repo-Commit", sha)
        request.send_header("ETag", f'"{etag}"')
        request.send_header("Content-Length", str(len(data)))
        request.send_header("Content-Type", "application/octet-stream")
        request.end_headers()
        if head:
            return
        for start in range(0, len(data), self.chunk_size):
            request.wfile.write(data[start : start + self.chunk_size])
            if self.chunk_delay_s:
                request.wfile.flush()
                time.sleep(self.chunk_delay_s)

    @staticmethod
    def _error(request, status: int, code: str) -> None:
        body = json.dumps({"error": code}).encode()
        request.send_response(status)
        request.send_header("X-Error-Code", code)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)


def _read_folder(folder: Path) -> dict[str, bytes]:
    folder = Path(folder)
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
