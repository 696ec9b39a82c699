"""Import from an http URL served by a real server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest

from zoo_desktop.cli.main import main as zoo
from zoo_test_support import store_snapshot

pytestmark = pytest.mark.tf


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_import_from_url(served, releases, zoo_home, capsys):
    root, base = served
    src = releases("t5", as_zip=True)
    (root / "t5.zip").write_bytes(src.read_bytes())
    code = zoo(["models", "import", f"{base}/t5.zip", "--id", "t5-url", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    manifest = json.loads((zoo_home / "models" / "t5-url" / "manifest.json").read_text("utf-8"))
    import hashlib

    assert manifest["source"] == {"kind": "url", "url": f"{base}/t5.zip", "archive_sha256": hashlib.sha256(src.read_bytes()).hexdigest()}
    assert manifest["family"] == "t5"
    assert not list((zoo_home / "downloads").glob("*"))  # the store holds the files; no second copy kept
    assert zoo(["models", "verify", "t5-url"]) == 0


def test_url_404_leaves_store_unchanged(served, zoo_home, capsys):
    _, base = served
    before = store_snapshot(zoo_home)
    code = zoo(["models", "import", f"{base}/missing.zip", "--id", "x"])
    assert code == 6
    assert "404" in capsys.readouterr().err
    assert store_snapshot(zoo_home) == before
