"""Import, list, verify, export and remove, for every architecture, through the real CLI."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from zoo_test_support import store_snapshot
from zoo_desktop.cli.main import main as zoo

pytestmark = pytest.mark.tf

EXPECTED_FAMILY = {"roberta": "bert", "roberta-plus": "bert", "simbert": "simbert", "wobert": "wobert", "t5": "t5"}


def run_json(capsys, *argv: str) -> tuple[int, list[dict]]:
    code = zoo([*argv, "--json"])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("arch", sorted(EXPECTED_FAMILY))
@pytest.mark.parametrize("as_zip", [True, False], ids=["zip", "folder"])
def test_import_detects_architecture_and_records_manifest(arch, as_zip, releases, zoo_home, capsys):
    src = releases(arch, as_zip=as_zip)
    code, out = run_json(capsys, "models", "import", str(src), "--id", f"my-{arch}")
    assert code == 0, out
    assert out[0]["family"] == EXPECTED_FAMILY[arch]
    manifest = json.loads((zoo_home / "models" / f"my-{arch}" / "manifest.json").read_text("utf-8"))
    assert manifest["state"] == "imported"
    assert manifest["card"] is None  # small test dims match no zoo model
    assert manifest["architecture"] == ("mt5.1.1" if arch == "t5" else "bert")
    assert manifest["source"]["kind"] == ("zip" if as_zip else "folder")
    assert len(manifest["files"]) == 4
    for rel, meta in manifest["files"].items():
        assert (zoo_home / "models" / f"my-{arch}" / rel).stat().st_size == meta["size"]
        assert len(meta["sha256"]) == 64

    code, listed = run_json(capsys, "models", "list")
    assert [m["id"] for m in listed] == [f"my-{arch}"]

    code, report = run_json(capsys, "models", "verify", f"my-{arch}")
    assert code == 0 and report[0]["ok"]

    assert zoo(["models", "remove", f"my-{arch}"]) == 0
    assert not (zoo_home / "models" / f"my-{arch}").exists()
    capsys.readouterr()
    code, listed = run_json(capsys, "models", "list")
    assert listed == []


def test_custom_model_needs_an_id(releases, zoo_home, capsys):
    before = store_snapshot(zoo_home)
    code = zoo(["models", "import", str(releases("roberta", as_zip=True))])
    err = capsys.readouterr().err
    assert code == 2
    assert "matches no catalog card" in err and "--id" in err
    assert store_snapshot(zoo_home) == before


def test_real_dims_release_matches_its_catalog_card(releases, zoo_home, capsys):
    src = releases("roberta", as_zip=True, model_id="roberta-tiny")
    code, out = run_json(capsys, "models", "import", str(src))
    assert code == 0
    assert out[0]["id"] == "roberta-tiny" and out[0]["card"] == "roberta-tiny"
    code, catalog = run_json(capsys, "models", "catalog")
    states = {c["id"]: c["state"] for c in catalog}
    assert states["roberta-tiny"] == "imported"
    assert states["t5-pegasus-small"] == "available"
    assert len(catalog) == 11


def test_catalog_id_refuses_content_of_another_model(releases, zoo_home, capsys):
    code = zoo(["models", "import", str(releases("t5", as_zip=True)), "--id", "t5-pegasus-small"])
    assert code != 0
    assert "not T5 PEGASUS Small" in capsys.readouterr().err
    assert store_snapshot(zoo_home) == {}


def test_verify_reports_missing_and_changed_files(releases, zoo_home, capsys):
    assert zoo(["models", "import", str(releases("simbert")), "--id", "sb"]) == 0
    ckpt = zoo_home / "models" / "sb" / "checkpoint"
    data = next(ckpt.glob("*.data-*"))
    with open(data, "r+b") as fh:
        fh.seek(10)
        fh.write(b"\xff\xfe")
    (ckpt / "vocab.txt").unlink()
    capsys.readouterr()
    code, report = run_json(capsys, "models", "verify", "sb")
    assert code == 9
    assert report[0]["ok"] is False
    assert report[0]["missing"] == ["checkpoint/vocab.txt"]
    assert report[0]["changed"] == [f"checkpoint/{data.name}"]
    code, listed = run_json(capsys, "models", "list")
    assert listed[0]["state"] == "broken"


def test_export_then_import_package_under_a_new_id(releases, zoo_home, tmp_path, capsys):
    assert zoo(["models", "import", str(releases("wobert", as_zip=True)), "--id", "wo"]) == 0
    capsys.readouterr()
    code = zoo(["models", "export", "wo", "-o", str(tmp_path / "wo.zoomodel")])
    assert code == 2 and "convert it first" in capsys.readouterr().err

    out_dir = tmp_path / "共享 包"
    code, out = run_json(capsys, "models", "export", "wo", "-o", str(out_dir / "wo"), "--include-checkpoint")
    assert code == 0
    package = Path(out[0]["package"])
    assert package.name == "wo.zoomodel" and package.is_file()
    assert not list(out_dir.glob("*.part"))

    code, out = run_json(capsys, "models", "import", str(package), "--id", "wo-copy")
    assert code == 0 and out[0]["family"] == "wobert"
    code, report = run_json(capsys, "models", "verify", "wo-copy")
    assert report[0]["ok"]


def test_tampered_package_is_refused(releases, zoo_home, tmp_path, capsys):
    assert zoo(["models", "import", str(releases("roberta-plus")), "--id", "rp"]) == 0
    assert zoo(["models", "export", "rp", "-o", str(tmp_path / "rp.zoomodel"), "--include-checkpoint"]) == 0
    tampered = tmp_path / "tampered.zoomodel"
    with zipfile.ZipFile(tmp_path / "rp.zoomodel") as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("vocab.txt"):
                data = data.replace(b"[CLS]", b"[XLS]")
            dst.writestr(info, data)
    zoo(["models", "remove", "rp"])
    capsys.readouterr()
    before = store_snapshot(zoo_home)
    code = zoo(["models", "import", str(tampered)])
    assert code == 5
    assert "does not match its manifest" in capsys.readouterr().err
    assert store_snapshot(zoo_home) == before


def test_second_import_of_same_id_is_refused(releases, zoo_home, capsys):
    src = str(releases("t5", as_zip=True))
    assert zoo(["models", "import", src, "--id", "t5x"]) == 0
    before = store_snapshot(zoo_home)
    capsys.readouterr()
    assert zoo(["models", "import", src, "--id", "t5x"]) == 8
    assert "already installed" in capsys.readouterr().err
    assert store_snapshot(zoo_home) == before
    assert zoo(["models", "import", src, "--id", "t5x", "--replace"]) == 0


def test_paths_with_chinese_characters_and_spaces(releases, zoo_home, tmp_path, capsys):
    folder = tmp_path / "模型 文件夹" / "我的 模型"
    shutil.copytree(releases("roberta"), folder)
    code, out = run_json(capsys, "models", "import", str(folder), "--id", "cn")
    assert code == 0
    assert "数据 目录" in out[0]["folder"]
