"""A read-only stand-in for the Hugging Face Hub's HTTP API, served from a built folder.

The course's notebooks download models, datasets and metrics with the ordinary client
libraries (huggingface_hub, transformers, datasets, evaluate). Where the real Hub cannot
be reached, pointing `HF_ENDPOINT` at this server lets those libraries run unmodified:
it answers the same URLs with the same JSON, headers and error codes, for the repos
that `standin_hub.layout` describes on disk.

Answered (GET and HEAD unless noted):

    /api/standin                                       {"standin": true, "repos": N}
    /api/{models,datasets,spaces}                      search, author, filter, sort, limit
    /api/{type}s/{org}/{name}[/revision/{rev}]         repo info (blobs, expand tolerated)
    /api/{type}s/{org}/{name}/tree/{rev}[/{path}]      recursive, expand
    /api/{type}s/{org}/{name}/paths-info/{rev}         POST, a read
    /api/{type}s/{org}/{name}/refs | commits/{rev} | discussions
    /[datasets/|spaces/]{org}/{name}/resolve/{rev}/{path}   files, with Range support

Every other POST/PUT/PATCH/DELETE, and /api/whoami-v2, is refused with a 403 whose
message says that sharing needs the real Hub. Files are always served over plain HTTP
(never Xet), so clients never try to reach a storage service.

Run it by hand with `python -m standin_hub.server [ROOT] [--port N] [--verbose]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from standin_hub import layout

READ_ONLY_MESSAGE = (
    "This is the course's offline stand-in hub: it is read-only. Sharing (login, create_repo, "
    "upload, push_to_hub) needs the real Hugging Face Hub"
)
"""No final period: huggingface_hub prints it as `403 Forbidden: <message>.`"""

STANDIN_HEADER = "X-Course-Standin"
TYPE_PLURALS = {"models": "model", "datasets": "dataset", "spaces": "space"}
URL_PREFIXES = {"datasets": "dataset", "spaces": "space"}
HEX = re.compile(r"[0-9a-f]+")
MAX_DRAINED_BODY = 256 << 20
SAFE_SCAN = {"virusFound": False, "virusNames": None}


class HubError(Exception):
    """An error answered the way the Hub answers it: status, X-Error-Code, message."""

    def __init__(
        self, status: int, message: str, code: str | None = None, headers: dict | None = None
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}


@dataclass
class Repo:
    """One served repo: its metadata and the file list scanned at start-up."""

    meta: layout.RepoMeta
    repo_type: str
    repo_id: str
    folder: Path
    files: list[str]
    dirs: set[str]
    sha: str
    file_set: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.file_set = set(self.files)

    @property
    def author(self) -> str:
        return self.repo_id.split("/", 1)[0]

    @property
    def library_name(self) -> str | None:
        """As on the Hub, a model with a config.json and no declared library is transformers'.

        transformers' pipeline() refuses to infer a task when the library is missing.
        """
        if self.meta.library_name or self.repo_type != "model":
            return self.meta.library_name
        return "transformers" if "config.json" in self.file_set else None

    def resolve(self, revision: str) -> str:
        """The commit a revision names: main, the sha or a 7+ char prefix of it, or an alias."""
        rev = revision.strip()
        lowered = rev.lower()
        if (
            rev == "main"
            or rev in self.meta.aliases
            or (len(rev) >= 7 and HEX.fullmatch(lowered) and self.sha.startswith(lowered))
        ):
            return self.sha
        raise HubError(404, f"Invalid rev id: {revision}", "RevisionNotFound")


class HashCache:
    """File hashes, computed on first use and keyed by path, mtime and size.

    Weights can be hundreds of MB: hashing them only when a client first asks keeps
    start-up instant, and the per-file lock stops concurrent requests hashing twice.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[tuple, str] = {}
        self._busy: dict[tuple, threading.Lock] = {}

    def get(self, path: Path, kind: str) -> str:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size, kind)
        with self._lock:
            if key in self._values:
                return self._values[key]
            busy = self._busy.setdefault(key, threading.Lock())
        with busy:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = layout.sha256_file(path) if kind == "sha256" else layout.git_blob_sha1(path)
            with self._lock:
                self._values[key] = value
                self._busy.pop(key, None)
        return value


@dataclass
class FileInfo:
    """What the Hub tells about one file: size, git blob id, and LFS details if any."""

    path: str
    size: int
    blob_id: str
    sha256: str | None
    pointer_size: int | None

    @property
    def etag(self) -> str:
        return self.sha256 or self.blob_id


def lfs_pointer(sha256: str, size: int) -> bytes:
    """The git-lfs pointer file git stores in place of an LFS file (its blob id is the oid)."""
    return (
        f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()
    )


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()


def scan(root: Path) -> dict[tuple[str, str], Repo]:
    """Index every repo under `root` once, so requests never walk the disk."""
    repos: dict[tuple[str, str], Repo] = {}
    if not (root / "repos").is_dir():
        return repos
    for folder, meta in layout.iter_repos(root):
        repo_type = folder.parent.parent.name
        repo_id = f"{folder.parent.name}/{folder.name}"
        files = layout.repo_files(folder)
        dirs = {"/".join(f.split("/")[:i]) for f in files for i in range(1, f.count("/") + 1)}
        sha = meta.sha or _derived_sha(folder, files)
        repos[(repo_type, repo_id)] = Repo(meta, repo_type, repo_id, folder, files, dirs, sha)
    return repos


def _derived_sha(folder: Path, files: list[str]) -> str:
    """A stable commit id for a repo whose metadata carries none."""
    h = hashlib.sha1()
    for name in files:
        h.update(f"{name}\0{(folder / name).stat().st_size}\0".encode())
    return h.hexdigest()


def _truthy(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "yes", "on")


def _object_id(text: str) -> str:
    """A Mongo-style `_id` (24 hex) the Hub puts on every listed repo."""
    return hashlib.sha1(text.encode()).hexdigest()[:24]


class StandinHubServer(ThreadingHTTPServer):
    """A threaded HTTP server that holds the scanned repos and the hash cache."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], root: Path, verbose: bool = False):
        self.root = Path(root)
        self.verbose = verbose
        self.repos = scan(self.root)
        self.hashes = HashCache()
        super().__init__(address, StandinHandler)

    @property
    def endpoint(self) -> str:
        host, port = self.server_address[:2]
        if host in ("0.0.0.0", "", "::"):
            host = "127.0.0.1"
        return f"http://{host}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-download are normal; only real faults are printed."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) and not self.verbose:
            return
        super().handle_error(request, client_address)

    # ----- what the Hub says about files and repos ---------------------------------------

    def file_info(self, repo: Repo, path: str) -> FileInfo:
        full = repo.folder / path
        size = full.stat().st_size
        if layout.is_lfs(full):
            sha256 = self.hashes.get(full, "sha256")
            pointer = lfs_pointer(sha256, size)
            return FileInfo(path, size, git_blob_id(pointer), sha256, len(pointer))
        return FileInfo(path, size, self.hashes.get(full, "sha1"), None, None)

    def commit_stub(self, repo: Repo) -> dict:
        return {"id": repo.sha, "title": "Upload folder", "date": repo.meta.last_modified}

    def tree_entry(self, repo: Repo, path: str, expand: bool) -> dict:
        if path in repo.file_set:
            info = self.file_info(repo, path)
            entry: dict[str, Any] = {
                "type": "file",
                "oid": info.blob_id,
                "size": info.size,
                "path": path,
            }
            if info.sha256:
                entry["lfs"] = {
                    "oid": info.sha256,
                    "size": info.size,
                    "pointerSize": info.pointer_size,
                }
            if expand:
                entry["lastCommit"] = self.commit_stub(repo)
                entry["securityFileStatus"] = {
                    "status": "safe",
                    "avScan": SAFE_SCAN,
                    "pickleImportScan": None,
                }
            return entry
        tree_id = git_blob_id(f"{repo.sha}:{path}".encode())  # stable; git's own is not needed
        entry = {"type": "directory", "oid": tree_id, "size": 0, "path": path}
        if expand:
            entry["lastCommit"] = self.commit_stub(repo)
        return entry

    def sibling(self, repo: Repo, path: str, blobs: bool) -> dict:
        if not blobs:
            return {"rfilename": path}
        info = self.file_info(repo, path)
        out: dict[str, Any] = {"rfilename": path, "size": info.size, "blobId": info.blob_id}
        if info.sha256:
            out["lfs"] = {
                "sha256": info.sha256,
                "size": info.size,
                "pointerSize": info.pointer_size,
            }
        return out

    def repo_json(
        self,
        repo: Repo,
        *,
        blobs: bool = False,
        siblings: bool = True,
        card: bool = True,
        config: bool = True,
    ) -> dict:
        """The repo's info as /api/{type}s/{id} gives it (keys left out when unknown)."""
        m = repo.meta
        out: dict[str, Any] = {
            "_id": _object_id(f"{repo.repo_type}/{repo.repo_id}"),
            "id": repo.repo_id,
            "author": repo.author,
            "sha": repo.sha,
            "lastModified": m.last_modified,
            "createdAt": m.created_at,
            "private": False,
            "gated": False,
            "disabled": False,
            "likes": m.likes,
            "trendingScore": m.likes,  # no trend data here: likes stand in for it
            "tags": list(m.tags),
        }
        if repo.repo_type != "space":
            out["downloads"] = m.downloads
        if repo.repo_type == "model":
            out["modelId"] = repo.repo_id
            if m.pipeline_tag:
                out["pipeline_tag"] = m.pipeline_tag
            if repo.library_name:
                out["library_name"] = repo.library_name
            model_config = self._model_config(repo) if config else None
            if model_config:
                out["config"] = model_config
            out["spaces"] = []
        if repo.repo_type == "space":
            out["sdk"] = m.sdk
            out["subdomain"] = repo.repo_id.replace("/", "-").replace("_", "-").lower()
        if card and m.card_data:
            out["cardData"] = m.card_data
        if siblings:
            out["siblings"] = [self.sibling(repo, f, blobs) for f in repo.files]
            out["usedStorage"] = sum((repo.folder / f).stat().st_size for f in repo.files)
        return out

    def _model_config(self, repo: Repo) -> dict | None:
        """The few config.json keys the Hub repeats in model info."""
        if "config.json" not in repo.file_set:
            return None
        try:
            config = json.loads((repo.folder / "config.json").read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(config, dict):
            return None
        return {k: config[k] for k in ("architectures", "model_type") if k in config}


def _expand_filter(data: dict, expand: list[str]) -> dict:
    """With `expand`, the Hub returns only the named properties (plus the ids)."""
    keep = {"_id", "id", *expand}
    return {k: v for k, v in data.items() if k in keep}


def _sort_key(name: str) -> Callable[[Repo], Any] | None:
    """How a listing's `sort` orders repos (trending has no data here: likes stand in)."""
    keys: dict[str, Callable[[Repo], Any]] = {
        "downloads": lambda r: r.meta.downloads,
        "likes": lambda r: r.meta.likes,
        "trendingScore": lambda r: r.meta.likes,
        "trending_score": lambda r: r.meta.likes,
        "createdAt": lambda r: r.meta.created_at,
        "created_at": lambda r: r.meta.created_at,
        "lastModified": lambda r: r.meta.last_modified,
        "last_modified": lambda r: r.meta.last_modified,
        "id": lambda r: r.repo_id.lower(),
    }
    return keys.get(name)


class StandinHandler(BaseHTTPRequestHandler):
    """Routes each request to the Hub endpoint it stands in for."""

    protocol_version = "HTTP/1.1"
    server_version = "CourseStandinHub/1.0"
    timeout = 120
    server: StandinHubServer

    # ----- plumbing ----------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if self.server.verbose:
            super().log_message(format, *args)

    def end_headers(self) -> None:
        self.send_header(STANDIN_HEADER, "1")
        super().end_headers()

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_OPTIONS(self) -> None:
        self._dispatch("OPTIONS")

    def _send_json(self, data: Any, status: int = 200, headers: dict | None = None) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_hub_error(self, err: HubError) -> None:
        headers = dict(err.headers)
        # Header values must be latin-1; a non-ASCII path or revision is escaped there.
        headers["X-Error-Message"] = err.message.encode("ascii", "backslashreplace").decode()
        if err.code:
            headers["X-Error-Code"] = err.code
        self._send_json({"error": err.message}, err.status, headers)

    def _read_body(self) -> bytes:
        """Read (or, when too large to matter, skip) the body so keep-alive stays in sync."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            return b""
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_DRAINED_BODY:
            self.close_connection = True
            return b""
        return self.rfile.read(length) if length else b""

    def _repo(self, repo_type: str, repo_id: str) -> Repo:
        repo = self.server.repos.get((repo_type, repo_id))
        if repo is None:
            raise self._repo_not_found()
        return repo

    def _repo_not_found(self) -> HubError:
        # Like the Hub: 401 to anonymous callers (the repo may be private), 404 otherwise.
        # evaluate relies on the 401 to go on from evaluate-metric/ to evaluate-comparison/.
        status = 404 if self.headers.get("Authorization") else 401
        return HubError(status, "Repository not found", "RepoNotFound")

    # ----- routing -----------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        self._responding = False
        try:
            url = urlsplit(self.path)
            query = parse_qs(url.query, keep_blank_values=True)
            segs = [s for s in url.path.split("/") if s != ""]
            if method not in ("GET", "HEAD"):
                body = self._read_body()
                if (
                    method == "POST"
                    and len(segs) >= 5
                    and segs[0] == "api"
                    and segs[1] in TYPE_PLURALS
                    and segs[4] == "paths-info"
                ):
                    repo = self._repo(TYPE_PLURALS[segs[1]], _repo_id(segs[2], segs[3]))
                    self._paths_info(repo, segs[5:], body)
                    return
                raise HubError(403, READ_ONLY_MESSAGE)
            if segs and segs[0] == "api":
                self._api(segs[1:], query)
            else:
                self._files(segs)
        except HubError as err:
            self._send_hub_error(err)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:
            traceback.print_exc(file=sys.stderr)
            if self._responding:
                self.close_connection = True  # a body was under way: the client sees it cut
            else:
                self._send_hub_error(HubError(500, "Internal error in the course's stand-in hub"))

    def _api(self, segs: list[str], query: dict[str, list[str]]) -> None:
        if segs == ["standin"]:
            self._send_json({"standin": True, "repos": len(self.server.repos)})
        elif segs and segs[0] in ("whoami-v2", "whoami"):
            raise HubError(403, READ_ONLY_MESSAGE)
        elif segs == ["agent-harnesses"]:
            self._send_json({"standardEnvVars": [], "harnesses": {}})
        elif segs and segs[0] == "telemetry":
            self._send_json({})
        elif len(segs) == 1 and segs[0] in TYPE_PLURALS:
            self._list(TYPE_PLURALS[segs[0]], query)
        elif len(segs) >= 3 and segs[0] in TYPE_PLURALS:
            repo = self._repo(TYPE_PLURALS[segs[0]], _repo_id(segs[1], segs[2]))
            self._repo_api(repo, segs[3:], query)
        else:
            raise HubError(404, "Not found: the course's stand-in hub does not serve this")

    def _repo_api(self, repo: Repo, rest: list[str], query: dict[str, list[str]]) -> None:
        if not rest:
            self._info(repo, "main", query)
        elif rest[0] == "revision" and len(rest) > 1:
            self._info(repo, _revision(rest[1:])[0], query)
        elif rest[0] == "tree" and len(rest) > 1:
            rev, used = _revision(rest[1:])
            path = "/".join(unquote(s) for s in rest[1 + used :])
            self._tree(repo, rev, path, query)
        elif rest[0] == "refs":
            self._refs(repo, query)
        elif rest[0] == "commits":
            rev = _revision(rest[1:])[0] if len(rest) > 1 else "main"
            repo.resolve(rev)
            commit = self.server.commit_stub(repo)
            author = {"user": repo.author, "avatar": None}
            item = {**commit, "message": "", "authors": [author]}
            self._send_json([item])
        elif rest[0] == "discussions" and len(rest) == 1:
            self._send_json({"discussions": [], "count": 0, "start": 0, "numClosedDiscussions": 0})
        elif rest[0] in ("resolve", "raw") and len(rest) > 1:
            self._serve_file(repo, rest[1:])
        else:
            raise HubError(404, "Not found: the course's stand-in hub does not serve this")

    def _files(self, segs: list[str]) -> None:
        repo_type = "model"
        if segs and segs[0] in URL_PREFIXES:
            repo_type = URL_PREFIXES[segs[0]]
            segs = segs[1:]
        if len(segs) >= 4 and segs[2] in ("resolve", "raw"):
            repo = self._repo(repo_type, _repo_id(segs[0], segs[1]))
            self._serve_file(repo, segs[3:])
        elif len(segs) >= 3 and segs[1] == "resolve":
            raise self._repo_not_found()
        elif segs == ["healthz"] or not segs:
            self._send_json({"standin": True})
        else:
            raise HubError(404, "Not found: the course's stand-in hub does not serve this")

    # ----- endpoints ---------------------------------------------------------------------

    def _info(self, repo: Repo, rev: str, query: dict[str, list[str]]) -> None:
        repo.resolve(rev)
        blobs = _truthy(_first(query, "blobs"))
        data = self.server.repo_json(repo, blobs=blobs)
        expand = _expand(query)
        self._send_json(_expand_filter(data, expand) if expand else data)

    def _list(self, repo_type: str, query: dict[str, list[str]]) -> None:
        repos = [r for r in self.server.repos.values() if r.repo_type == repo_type]
        for search in query.get("search", []):
            repos = [r for r in repos if search.lower() in r.repo_id.lower()]
        author = _first(query, "author")
        if author:
            repos = [r for r in repos if r.author.lower() == author.lower()]
        wanted = [*query.get("filter", []), *query.get("filter[]", [])]
        wanted += query.get("pipeline_tag", []) + query.get("library", [])
        wanted = [w for value in wanted for w in value.split(",") if w]
        if wanted:
            repos = [r for r in repos if all(w in _tag_set(r) for w in wanted)]
        sort = _first(query, "sort")
        direction = _first(query, "direction")
        key = _sort_key(sort or "trendingScore") or _sort_key("trendingScore")
        repos.sort(key=lambda r: r.repo_id.lower())
        repos.sort(key=key, reverse=direction != "1")
        limit = _first(query, "limit")
        if limit and limit.isdigit():
            repos = repos[: int(limit)]
        full = _truthy(_first(query, "full"))
        card = _truthy(_first(query, "cardData")) or (full and repo_type != "model")
        config = _truthy(_first(query, "config"))
        expand = _expand(query)
        items = []
        for r in repos:
            if expand:
                data = self.server.repo_json(r, siblings="siblings" in expand)
                items.append(_expand_filter(data, expand))
                continue
            data = self.server.repo_json(r, siblings=full, card=card, config=config)
            if not full:
                data.pop("sha", None)
                data.pop("lastModified", None)
            items.append(data)
        self._send_json(items)

    def _tree(self, repo: Repo, rev: str, path: str, query: dict[str, list[str]]) -> None:
        repo.resolve(rev)
        path = path.strip("/")
        recursive = _truthy(_first(query, "recursive"))
        expand = _truthy(_first(query, "expand"))
        if path in repo.file_set:
            self._send_json([self.server.tree_entry(repo, path, expand)])
            return
        if path and path not in repo.dirs:
            raise HubError(
                404,
                f'{path} does not exist on "{rev}"',
                "EntryNotFound",
                {"X-Repo-Commit": repo.sha},
            )
        prefix = f"{path}/" if path else ""
        names: list[str] = []
        for name in sorted(repo.dirs) + repo.files:
            if not name.startswith(prefix):
                continue
            if recursive or "/" not in name[len(prefix) :]:
                names.append(name)
        self._send_json([self.server.tree_entry(repo, n, expand) for n in names])

    def _paths_info(self, repo: Repo, rev_segs: list[str], body: bytes) -> None:
        rev = _revision(rev_segs)[0] if rev_segs else "main"
        repo.resolve(rev)
        ctype = self.headers.get("Content-Type", "")
        paths: list[str] = []
        expand = False
        if "json" in ctype:
            payload = json.loads(body or b"{}")
            paths = payload.get("paths", [])
            paths = [paths] if isinstance(paths, str) else list(paths)
            expand = bool(payload.get("expand"))
        else:
            form = parse_qs(body.decode(), keep_blank_values=True)
            paths = form.get("paths", []) + form.get("paths[]", [])
            expand = _truthy(_first(form, "expand"))
        found = []
        for p in paths:
            p = p.strip("/")
            if p in repo.file_set or p in repo.dirs:
                found.append(self.server.tree_entry(repo, p, expand))
        self._send_json(found)

    def _refs(self, repo: Repo, query: dict[str, list[str]]) -> None:
        def ref(name: str, full: str) -> dict:
            return {"name": name, "ref": full, "targetCommit": repo.sha}

        tags, prs, converts = [], [], []
        for alias in repo.meta.aliases:
            if alias.startswith("refs/pr/"):
                prs.append(ref(alias.rsplit("/", 1)[1], alias))
            elif alias.startswith("refs/convert/"):
                converts.append(ref(alias.rsplit("/", 1)[1], alias))
            elif not HEX.fullmatch(alias.lower()) and alias != "main":
                tags.append(ref(alias, f"refs/tags/{alias}"))
        data = {
            "branches": [ref("main", "refs/heads/main")],
            "converts": converts,
            "tags": tags,
        }
        if _truthy(_first(query, "include_prs")):
            data["pullRequests"] = prs
        self._send_json(data)

    def _serve_file(self, repo: Repo, segs: list[str]) -> None:
        rev, used = _revision(segs)
        sha = repo.resolve(rev)
        path = "/".join(unquote(s) for s in segs[used:])
        if path not in repo.file_set:
            raise HubError(404, "Entry not found", "EntryNotFound", {"X-Repo-Commit": sha})
        info = self.server.file_info(repo, path)
        headers = {
            "X-Repo-Commit": sha,
            "ETag": f'"{info.etag}"',
            "Accept-Ranges": "bytes",
            "Content-Type": _content_type(path, bool(info.sha256)),
        }
        if info.sha256:
            headers["X-Linked-Etag"] = f'"{info.sha256}"'
            headers["X-Linked-Size"] = str(info.size)
        start, end, status = 0, info.size - 1, 200
        wanted = _parse_range(self.headers.get("Range"), info.size)
        if wanted == "unsatisfiable":
            extra = {"X-Repo-Commit": sha, "Content-Range": f"bytes */{info.size}"}
            raise HubError(416, "Requested range not satisfiable", headers=extra)
        if wanted is not None:
            start, end = wanted
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end}/{info.size}"
        length = max(end - start + 1, 0)
        self._responding = True
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if self.command == "HEAD" or length == 0:
            return
        with (repo.folder / path).open("rb") as f:
            self.connection.sendfile(f, offset=start, count=length)


def _repo_id(org: str, name: str) -> str:
    return f"{unquote(org)}/{unquote(name)}"


def _first(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[0] if values else None


def _expand(query: dict[str, list[str]]) -> list[str]:
    return [*query.get("expand", []), *query.get("expand[]", [])]


def _tag_set(repo: Repo) -> set[str]:
    """Tags a filter matches: the repo's tags plus its task and library, as on the Hub."""
    extra = {repo.meta.pipeline_tag, repo.library_name, repo.meta.sdk}
    return set(repo.meta.tags) | {t for t in extra if t}


def _revision(segs: list[str]) -> tuple[str, int]:
    """The revision at the start of `segs` and how many segments it took.

    Clients percent-encode it (`refs%2Fpr%2F1`), but `refs/pr/1` and
    `refs/convert/parquet` written with plain slashes are understood too.
    """
    first = unquote(segs[0])
    if first == "refs" and len(segs) >= 3 and segs[1] in ("pr", "convert", "heads", "tags"):
        return f"refs/{unquote(segs[1])}/{unquote(segs[2])}", 3
    return first, 1


def _parse_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """One `bytes=` range as (start, end) inclusive; None means send the whole file."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    spec = header[len("bytes=") :].strip()
    first, sep, last = spec.partition("-")
    if not sep:
        return None
    try:
        if first == "":
            suffix = int(last)
            if suffix <= 0:
                return "unsatisfiable"
            return max(size - suffix, 0), size - 1
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size or end < start:
        return "unsatisfiable"
    return start, min(end, size - 1)


def _content_type(path: str, lfs: bool) -> str:
    if lfs:
        return "application/octet-stream"
    guessed = mimetypes.guess_type(path)[0]
    if guessed is None or guessed.startswith("text/") or path.endswith((".json", ".md")):
        return "text/plain; charset=utf-8"
    return guessed


# ----- public API ------------------------------------------------------------------------


def make_server(
    root: Path, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False
) -> ThreadingHTTPServer:
    """A stand-in hub for the repos under `root`, bound but not yet serving (port 0: any free)."""
    return StandinHubServer((host, port), Path(root), verbose=verbose)


def serve_in_thread(
    root: Path, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False
) -> tuple[ThreadingHTTPServer, str]:
    """Serve from a daemon thread; returns the server (for shutdown()) and its endpoint URL."""
    server = StandinHubServer((host, port), Path(root), verbose=verbose)
    thread = threading.Thread(target=server.serve_forever, name="standin-hub", daemon=True)
    thread.start()
    return server, server.endpoint


def serve_forever(
    root: Path, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False
) -> None:
    """Serve in the foreground, printing the endpoint, until Ctrl-C."""
    server = StandinHubServer((host, port), Path(root), verbose=verbose)
    print(
        f"Stand-in hub serving {len(server.repos)} repos from {server.root} at {server.endpoint}\n"
        f"export HF_ENDPOINT={server.endpoint}",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=None, help="a built stand-in")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    serve_forever(args.root or layout.default_root(), args.host, args.port, verbose=args.verbose)


if __name__ == "__main__":
    main()
