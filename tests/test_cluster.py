"""`zoo batch --cluster`: the same batch job on Ray Data (zoo_desktop.cluster).

Fast tests need no Ray: addresses, actor planning, output ordering, the unreachable / unauthenticated errors
(both raised before Ray is imported), and that a job without --cluster never imports Ray. The slow ones run a
real two-node cluster on loopback (`ray.cluster_utils.Cluster`, nodes with an empty ZOO_HOME of their own) and
compare with the in-process job: a bad file in the middle, a worker killed mid-job, a driver killed mid-job
and resumed, a wrong token refused, more documents than the read window (and the driver reading none of them),
and (tf) a converted T5 model shipped to the nodes giving the same token ids and SimBERT vectors (.npy) equal to
the in-process ones. `local` jobs run as child processes (their Ray killed with their session afterwards): a
SIGINT leaves a resumable output, and every port their Ray listens on is on loopback.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zoo_desktop.cli.main import main as zoo
from zoo_desktop.cluster.address import ClusterAddress
from zoo_desktop.cluster.order import put_in_input_order
from zoo_desktop.cluster.pipeline import plan_actors
from zoo_desktop.cluster.session import ClusterInfo, NodeInfo
from zoo_desktop.errors import ClusterError, UsageError
from zoo_desktop.tasks.batch import BatchJob, expand_inputs, read_journal

TEXT = "第{n}篇。今天天气很好，我们去公园散步。公园里有很多人在跑步和打太极拳。孩子们在草地上玩耍，老人们在树下下棋。晚上大家都回家了。"


def write_docs(folder: Path, count: int, *, bad_at: int | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        name = folder / f"d{n:03d}.txt"
        if n == bad_at:
            name.write_bytes(b"\x00\x01\x02 not text \x00")
        elif n % 3 == 1:
            name.write_bytes(TEXT.format(n=n).encode("gbk"))  # the loader's encoding detection runs on the nodes
        else:
            name.write_text(TEXT.format(n=n), encoding="utf-8")
    return folder


def rows(path: Path) -> list[dict]:
    return [{k: v for k, v in json.loads(line).items() if k != "seconds"} for line in path.read_text(encoding="utf-8").splitlines()]


# ---- no Ray needed ----------------------------------------------------------------------------------------


def test_cluster_addresses():
    assert ClusterAddress.parse("local").local and ClusterAddress.parse("local").workers is None
    assert ClusterAddress.parse("local:3").workers == 3
    assert ClusterAddress.parse("10.0.0.5:6380") == ClusterAddress("10.0.0.5", 6380)
    assert ClusterAddress.parse("head.example") == ClusterAddress("head.example", 6379)
    for bad in ("auto", "local:0", "ray://x:10001", "h:99999", ""):
        with pytest.raises(UsageError):
            ClusterAddress.parse(bad)


def test_actor_plan_leaves_a_cpu_and_explains_what_is_missing():
    two = ClusterInfo("x", (NodeInfo("a", "h", 1, 0), NodeInfo("b", "h", 2, 0)))
    plan = plan_actors(two, threads=1, device="auto", batch_size=8)
    assert (plan.actors, plan.cpus, plan.gpus) == (2, 1, 0)  # 3 CPUs: 2 actors, one CPU left for Ray
    assert plan_actors(ClusterInfo("x", (NodeInfo("a", "h", 1, 0),)), threads=1, device="cpu", batch_size=8).actors == 1
    with pytest.raises(ClusterError, match="has 4 CPUs"):
        plan_actors(two, threads=4, device="cpu", batch_size=8)
    with pytest.raises(ClusterError, match="no node with a GPU"):
        plan_actors(two, threads=1, device="gpu", batch_size=8)
    gpus = ClusterInfo("x", (NodeInfo("a", "h", 8, 2), NodeInfo("b", "h", 8, 0)))
    plan = plan_actors(gpus, threads=2, device="auto", batch_size=8)
    assert (plan.actors, plan.gpus) == (2, 1)  # one actor per GPU


def test_actor_calls_take_one_decoding_batch_per_thread_and_the_largest_files_first(tmp_path):
    from zoo_desktop.cluster.job import actor_batch, largest_first
    from zoo_desktop.tasks.batch import BatchItem, TaskSpec
    from zoo_desktop.tasks.batch_recipe import TaskRecipe

    def spec(group: int) -> TaskSpec:
        return TaskSpec(lambda d, c: {}, {"task": "summarize", "model_id": "m"}, ("summary",), "summary", batch_size=group)

    summarize = TaskRecipe("summarize", "m", {})
    assert actor_batch(spec(64), summarize, threads=1) == 32  # the driver's group is sized for its own threads
    assert actor_batch(spec(64), summarize, threads=2) == 64
    assert actor_batch(spec(1), TaskRecipe("summarize", "extractive", {}), threads=1) == 8
    assert actor_batch(spec(64), TaskRecipe("summarize", "m", {"batch_size": 8}), threads=1) == 8  # --batch-size 8
    assert actor_batch(spec(64), TaskRecipe("summarize", "m", {"batch_size": 12}), threads=2) == 24
    sizes = [3, 10, 10, 1]
    items = []
    for i, n in enumerate(sizes):
        (tmp_path / f"{i}.txt").write_text("字" * n, encoding="utf-8")
        items.append(BatchItem(tmp_path / f"{i}.txt", f"{i}.txt"))
    items.append(BatchItem(tmp_path / "gone.txt", "gone.txt"))
    assert largest_first(items) == [1, 2, 0, 3, 4]  # ties in input order; a missing file last


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_rows_written_as_they_came_are_put_in_input_order_and_still_resume(tmp_path, fmt):
    docs = write_docs(tmp_path / "docs", 5)
    items, _ = expand_inputs([docs])
    out = tmp_path / f"out.{fmt}"

    def process(doc, cancel):
        return {"text": doc.text[:3] + "\n换行", "n": len(doc.text)}  # a newline inside a CSV field

    shuffled = [items[3], items[0], items[4], items[1], items[2]]
    BatchJob(shuffled, out, fmt=fmt, process=process, settings={"t": 1}, columns=("text", "n")).run()
    in_order = tmp_path / f"ref.{fmt}"
    BatchJob(items, in_order, fmt=fmt, process=process, settings={"t": 1}, columns=("text", "n")).run()
    assert out.read_bytes() != in_order.read_bytes()
    journal = out.with_name(out.name + ".journal")
    assert put_in_input_order(out, journal, [str(i.path) for i in items])
    assert out.read_bytes() == in_order.read_bytes()
    assert not put_in_input_order(out, journal, [str(i.path) for i in items])  # already in order
    report = BatchJob(items, out, fmt=fmt, process=process, settings={"t": 1}, columns=("text", "n")).run()
    assert (report.done, report.resumed) == (5, 5) and out.read_bytes() == in_order.read_bytes()
    _, entries = read_journal(journal)
    sizes = [e["size"] for e in entries if e.get("status") == "done"]
    assert sizes == sorted(sizes) and sizes[-1] == out.stat().st_size


def test_batch_without_cluster_never_imports_ray(tmp_path):
    docs = write_docs(tmp_path / "docs", 2)
    code = ("import sys; from zoo_desktop.cli.main import main; "
            f"rc = main(['batch', {str(docs)!r}, '-o', {str(tmp_path / 'o.jsonl')!r}, '-m', 'extractive']); "
            "assert rc == 0, rc; assert 'ray' not in sys.modules, 'ray was imported'; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr[-2000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_cluster_is_a_clear_error(tmp_path, capsys):
    docs = write_docs(tmp_path / "docs", 2)
    port = _free_port()
    started = time.monotonic()
    rc = zoo(["batch", str(docs), "-o", str(tmp_path / "o.jsonl"), "-m", "extractive", "--cluster", f"127.0.0.1:{port}"])
    assert rc == ClusterError.exit_code == 15
    assert f"cannot reach the Ray cluster at 127.0.0.1:{port}" in capsys.readouterr().err
    assert time.monotonic() - started < 30


def test_a_cluster_that_needs_a_token_and_none_given(tmp_path, capsys, monkeypatch):
    docs = write_docs(tmp_path / "docs", 2)
    for var in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/.ray/auth_token
    with socket.socket() as listener:  # something answers on the port: the head
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        rc = zoo(["batch", str(docs), "-o", str(tmp_path / "o.jsonl"), "-m", "extractive", "--cluster", f"127.0.0.1:{port}"])
        err = capsys.readouterr().err
        assert rc == 15 and "needs an authentication token" in err and "--token-file" in err
        rc = zoo(["batch", str(docs), "-o", str(tmp_path / "o.jsonl"), "-m", "extractive", "--cluster", f"127.0.0.1:{port}",
                  "--token-file", str(tmp_path / "missing")])
        assert rc == 15 and "does not exist" in capsys.readouterr().err


# ---- a real two-node cluster on loopback --------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    pytest.importorskip("ray")
    base = tmp_path_factory.mktemp("raycluster")
    token = base / "token"
    token.write_text(secrets.token_hex(32))
    env = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": str(token), "RAY_USAGE_STATS_ENABLED": "0",
           "RAY_DATA_EXECUTION_NO_PROGRESS_TIMEOUT_S": "60", "ZOO_HOME": str(base / "node home")}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the nodes' processes inherit it: their ZOO_HOME is theirs, and empty
    from ray.cluster_utils import Cluster

    from zoo_desktop.cluster.session import refresh_auth_config

    refresh_auth_config()

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False, "node_ip_address": "127.0.0.1"})
    try:
        cluster.add_node(num_cpus=2, node_ip_address="127.0.0.1")
        cluster.wait_for_nodes()
        yield {"address": cluster.address, "node_home": base / "node home", "token": token}
    finally:
        cluster.shutdown()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _cluster_batch(args: list[str], address: str) -> int:
    return zoo(["batch", *args, "--cluster", address, "--cluster-timeout", "120"])


@pytest.mark.slow
def test_cluster_job_equals_the_in_process_job_with_a_bad_file(ray_cluster, tmp_path, capsys, zoo_home):
    docs = write_docs(tmp_path / "docs", 20, bad_at=9)
    assert zoo(["batch", str(docs), "-o", str(tmp_path / "local.jsonl"), "-m", "extractive"]) == 14
    capsys.readouterr()
    assert _cluster_batch([str(docs), "-o", str(tmp_path / "cluster.jsonl"), "-m", "extractive", "--json"], ray_cluster["address"]) == 14
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    failed = [e for e in events if e.get("status") == "failed"]
    assert [Path(e["source"]).name for e in failed] == ["d009.txt"] and "binary" in failed[0]["error"]
    assert rows(tmp_path / "cluster.jsonl") == rows(tmp_path / "local.jsonl")  # same rows, same order
    assert len(rows(tmp_path / "cluster.jsonl")) == 19
    assert "第1篇" in (tmp_path / "cluster.jsonl").read_text(encoding="utf-8")  # Chinese kept as is (GBK input)
    # CSV the same way
    assert zoo(["batch", str(docs), "-o", str(tmp_path / "local.csv"), "-m", "extractive"]) == 14
    assert _cluster_batch([str(docs), "-o", str(tmp_path / "cluster.csv"), "-m", "extractive"], ray_cluster["address"]) == 14
    local = (tmp_path / "local.csv").read_text(encoding="utf-8-sig").splitlines()
    remote = (tmp_path / "cluster.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.rsplit(",", 1)[0] for line in remote] == [line.rsplit(",", 1)[0] for line in local]  # all but seconds


@pytest.mark.slow
def test_a_worker_killed_mid_job_loses_nothing_and_doubles_nothing(ray_cluster, tmp_path, monkeypatch, zoo_home):
    docs = write_docs(tmp_path / "docs", 40)
    marker = tmp_path / "crashed"
    monkeypatch.setenv("ZOO_CLUSTER_TEST_CRASH_ONCE", str(marker))
    out = tmp_path / "out.jsonl"
    assert _cluster_batch([str(docs), "-o", str(out), "-m", "extractive"], ray_cluster["address"]) == 0
    assert marker.is_file()  # an actor process did exit
    sources = [r["source"] for r in rows(out)]
    assert sources == sorted(sources) and len(sources) == len(set(sources)) == 40


@pytest.mark.slow
def test_a_killed_driver_resumes_with_every_document_once(ray_cluster, tmp_path, zoo_home):
    docs = write_docs(tmp_path / "docs", 48)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "ZOO_CLUSTER_TEST_BATCH_DELAY": "1.0"}
    cmd = [sys.executable, "-m", "zoo_desktop.cli.main", "batch", str(docs), "-o", str(out), "-m", "extractive",
           "--cluster", ray_cluster["address"]]
    driver = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    journal = out.with_name(out.name + ".journal")
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            _, entries = read_journal(journal)
            if len(entries) >= 8:
                break
            assert driver.poll() is None, driver.stderr.read().decode()[-2000:]
            time.sleep(0.2)
        else:
            pytest.fail("the driver wrote no rows in time")
    finally:
        os.killpg(driver.pid, signal.SIGKILL)
        driver.wait()
    _, entries = read_journal(journal)
    assert 8 <= len(entries) < 48 and not any("complete" in e for e in entries)
    assert _cluster_batch([str(docs), "-o", str(out), "-m", "extractive", "--json"], ray_cluster["address"]) == 0
    sources = [r["source"] for r in rows(out)]
    assert sources == sorted(sources) and len(set(sources)) == 48
    assert zoo(["batch", str(docs), "-o", str(tmp_path / "local.jsonl"), "-m", "extractive"]) == 0
    assert rows(out) == rows(tmp_path / "local.jsonl")


@pytest.mark.slow
@pytest.mark.tf
def test_a_converted_t5_model_reaches_empty_nodes_and_gives_the_same_token_ids(ray_cluster, releases, tmp_path, zoo_home):
    from zoo_test_support import converted_store

    converted_store(releases, zoo_home, "t5", "t5")
    docs = write_docs(tmp_path / "docs", 6)
    args = [str(docs), "-m", "t5", "--max-len", "8"]
    assert zoo(["batch", *args, "-o", str(tmp_path / "local.jsonl")]) == 0
    assert _cluster_batch([*args, "-o", str(tmp_path / "cluster.jsonl")], ray_cluster["address"]) == 0
    local, remote = rows(tmp_path / "local.jsonl"), rows(tmp_path / "cluster.jsonl")
    assert [r["token_ids"] for r in remote] == [r["token_ids"] for r in local] and all(r["token_ids"] for r in local)
    assert remote == local
    cached = list((ray_cluster["node_home"] / "cache" / "cluster-models").glob("*/ready"))
    assert cached and (cached[0].parent / "models" / "t5" / "manifest.json").is_file()
    assert not (ray_cluster["node_home"] / "models").exists()  # the node's own store was never used


@pytest.mark.slow
def test_a_wrong_token_is_refused_by_a_token_cluster(ray_cluster, tmp_path, capsys, zoo_home):
    docs = write_docs(tmp_path / "docs", 2)
    wrong = tmp_path / "wrong-token"
    wrong.write_text(secrets.token_hex(32))
    started = time.monotonic()
    rc = zoo(["batch", str(docs), "-o", str(tmp_path / "o.jsonl"), "-m", "extractive", "--cluster", ray_cluster["address"],
              "--token-file", str(wrong), "--cluster-timeout", "60"])
    err = capsys.readouterr().err
    assert rc == ClusterError.exit_code == 15, err
    assert "refused the connection (authentication)" in err and "--token-file" in err, err
    assert time.monotonic() - started < 120
    assert not (tmp_path / "o.jsonl").exists() or not (tmp_path / "o.jsonl").read_text()  # nothing was run
    # the right token still works afterwards, in the same process
    assert _cluster_batch([str(docs), "-o", str(tmp_path / "o.jsonl"), "-m", "extractive", "--token-file", str(ray_cluster["token"])],
                          ray_cluster["address"]) == 0


@pytest.mark.slow
def test_more_documents_than_the_read_window_each_once_and_the_driver_reads_none(ray_cluster, tmp_path, monkeypatch, zoo_home):
    import zoo_desktop.documents as documents
    import zoo_desktop.documents.loader as loader

    def no_reading_here(*args, **kwargs):
        raise AssertionError("the driver read a document's bytes")

    docs = write_docs(tmp_path / "docs", 23, bad_at=5)
    (docs / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # listed, unreadable: fails in its row (named by its target)
    assert zoo(["batch", str(docs), "-o", str(tmp_path / "local.jsonl"), "-m", "extractive"]) == 14
    monkeypatch.setenv("ZOO_CLUSTER_READ_WINDOW", "3")  # 24 files: 8 read tasks
    monkeypatch.setattr(loader, "read_document_bytes", no_reading_here)
    monkeypatch.setattr(documents, "read_document_bytes", no_reading_here)
    out = tmp_path / "cluster.jsonl"
    assert _cluster_batch([str(docs), "-o", str(out), "-m", "extractive"], ray_cluster["address"]) == 14
    assert rows(out) == rows(tmp_path / "local.jsonl") and len(rows(out)) == 22
    _, entries = read_journal(out.with_name(out.name + ".journal"))
    finished = [e["source"] for e in entries if e.get("status") in ("done", "failed")]
    assert len(finished) == len(set(finished)) == 24  # every file once, the two bad ones as failures
    failed = {Path(e["source"]).name: e["error"] for e in entries if e.get("status") == "failed"}
    assert set(failed) == {"d005.txt", "nowhere.txt"} and "binary" in failed["d005.txt"]


@pytest.mark.slow
@pytest.mark.tf
def test_embed_vectors_as_npy_on_a_cluster_equal_the_in_process_ones(ray_cluster, releases, tmp_path, zoo_home):
    import numpy as np

    from zoo_test_support import converted_store

    converted_store(releases, zoo_home, "simbert", "sb")
    docs = write_docs(tmp_path / "docs", 7)
    here, there = tmp_path / "here.npy", tmp_path / "there.npy"
    assert zoo(["batch", str(docs), "-o", str(here), "--task", "embed", "-m", "sb"]) == 0
    assert _cluster_batch([str(docs), "-o", str(there), "--task", "embed", "-m", "sb"], ray_cluster["address"]) == 0
    a, b = np.load(here), np.load(there)
    assert a.shape == b.shape == (7, a.shape[1]) and a.shape[1] > 0 and a.dtype == b.dtype == np.float32
    np.testing.assert_allclose(b, a, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    ids = here.with_suffix(".ids.txt").read_text(encoding="utf-8")
    assert ids == there.with_suffix(".ids.txt").read_text(encoding="utf-8") and len(ids.splitlines()) == 7


# ---- `local` jobs in child processes ---------------------------------------------------------------------------


def _descendants(root: int) -> set[int]:
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    found, frontier = set(), {root}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier} - found
        found |= frontier
    return found


def _in_session(sid: int) -> list[int]:
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getsid(int(entry)) == sid:
                    alive.append(int(entry))
            except OSError:
                pass
    return alive


def _listening(pids: set[int]) -> list[tuple[int, str, int]]:
    """(pid, address, port) of every TCP socket in LISTEN state held by `pids` (from /proc/net/tcp{,6})."""
    inodes = {}
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                inodes[link[8:-1]] = pid
    found = []
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        with open(table) as fh:
            for line in fh.readlines()[1:]:
                fields = line.split()
                if fields[3] != "0A" or fields[9] not in inodes:  # 0A: LISTEN
                    continue
                raw, port = fields[1].split(":")
                data = bytes.fromhex(raw)
                data = b"".join(data[i : i + 4][::-1] for i in range(0, len(data), 4))  # host-order words
                found.append((inodes[fields[9]], socket.inet_ntop(family, data), int(port, 16)))
    return found


def _loopback(address: str) -> bool:
    return address in ("127.0.0.1", "::1", "::ffff:127.0.0.1") or address.startswith("127.")


@pytest.fixture
def local_job(tmp_path):
    """Start `zoo batch ... --cluster local:1` as a child in its own session; its Ray (all in that session)
    is killed with the session when the test ends, whatever happened."""
    started: list[subprocess.Popen] = []

    def start(args: list[str], **env: str) -> subprocess.Popen:
        child = subprocess.Popen([sys.executable, "-m", "zoo_desktop.cli.main", "batch", *args, "--cluster", "local:1"],
                                 env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        started.append(child)
        return child

    yield start
    for child in started:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()


def _wait_for_rows(child: subprocess.Popen, journal: Path, rows_wanted: int, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        _, entries = read_journal(journal)
        if len(entries) >= rows_wanted:
            return
        if child.poll() is not None:
            pytest.fail(f"the job ended early: {child.stderr.read().decode()[-2000:]}")
        time.sleep(0.3)
    pytest.fail("the job wrote no rows in time")


@pytest.mark.slow
def test_local_ray_listens_only_on_loopback(local_job, tmp_path, zoo_home):
    pytest.importorskip("ray")
    docs = write_docs(tmp_path / "docs", 24)
    out = tmp_path / "out.jsonl"
    child = local_job([str(docs), "-o", str(out), "-m", "extractive"], ZOO_CLUSTER_TEST_BATCH_DELAY="1.0")
    _wait_for_rows(child, out.with_name(out.name + ".journal"), 1)  # every component is up: the actor answered
    pids = _descendants(child.pid) | {child.pid}
    names = {p: Path(f"/proc/{p}/comm").read_text().strip() for p in pids if Path(f"/proc/{p}/comm").exists()}
    assert any("raylet" in n for n in names.values()) and any("gcs_server" in n for n in names.values()), names
    listening = _listening(pids)
    assert listening, "found no listening sockets at all"
    exposed = [(names.get(pid, pid), address, port) for pid, address, port in listening if not _loopback(address)]
    assert not exposed, exposed
    assert child.wait(timeout=300) == 0


@pytest.mark.slow
def test_sigint_to_a_local_job_leaves_a_resumable_output(local_job, tmp_path, zoo_home):
    pytest.importorskip("ray")
    docs = write_docs(tmp_path / "docs", 48)
    out = tmp_path / "out.jsonl"
    journal = out.with_name(out.name + ".journal")
    child = local_job([str(docs), "-o", str(out), "-m", "extractive"], ZOO_CLUSTER_TEST_BATCH_DELAY="1.0")
    _wait_for_rows(child, journal, 8)
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=120) == 130, child.stderr.read().decode()[-2000:]
    deadline = time.monotonic() + 30
    while _in_session(child.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _in_session(child.pid)  # its Ray stopped with it
    _, entries = read_journal(journal)
    done_before = {e["source"] for e in entries if e.get("status") == "done"}
    assert 8 <= len(done_before) < 48 and not any("complete" in e for e in entries)
    rerun = local_job([str(docs), "-o", str(out), "-m", "extractive"])
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read().decode()[-2000:]
    sources = [r["source"] for r in rows(out)]
    assert sources == sorted(sources) and len(sources) == len(set(sources)) == 48  # each document once
    _, entries = read_journal(journal)
    done = [e["source"] for e in entries if e.get("status") == "done"]
    assert len(done) == len(set(done)) == 48  # the rerun did not do the finished ones again
