"""The private converter environment: created staged under ZOO_HOME, used for conversions, errors plain."""

from __future__ import annotations

import json

import pytest

from zoo_desktop.cli.main import main as zoo
from zoo_desktop.convert import converter, environment
from zoo_desktop.convert.child_process import ChildFailed
from zoo_desktop.convert.environment import ConverterEnvironment
from zoo_desktop.errors import ZooError
from zoo_desktop.paths import ZooPaths
from zoo_desktop.store.store import ModelStore


@pytest.fixture
def no_convert_extra(monkeypatch):
    monkeypatch.setattr(environment, "current_interpreter_can_convert", lambda: False)


def test_install_creates_a_private_environment(no_convert_extra, zoo_home, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# nothing to install in this test\n")
    env = ConverterEnvironment(ZooPaths.from_env())
    assert env.status().kind == "missing"
    events = []
    status = env.install(requirements=requirements, progress=events.append)
    assert status.kind == "private" and status.available
    assert env.private_python.is_file()
    assert str(zoo_home) in status.python
    assert [e.stage for e in events][-1] == "converter-env" and events[-1].fraction == 1.0
    assert not list((zoo_home / "staging").iterdir())


def test_failed_install_reports_pip_and_leaves_nothing(no_convert_extra, zoo_home, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("./this-package-does-not-exist.whl\n")
    env = ConverterEnvironment(ZooPaths.from_env())
    with pytest.raises(ZooError, match="installing the converter environment failed"):
        env.install(requirements=requirements)
    assert env.status().kind == "missing"
    assert not (zoo_home / "converter-env").exists()


@pytest.mark.tf
def test_conversion_runs_in_the_private_environment(no_convert_extra, releases, zoo_home, tmp_path, capsys):
    """Without TensorFlow there, the child fails with its own error, named plainly, and the store is unchanged."""
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n")
    ConverterEnvironment(ZooPaths.from_env()).install(requirements=requirements)
    assert zoo(["converter", "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "private"
    assert zoo(["models", "import", str(releases("roberta", as_zip=True)), "--id", "r"]) == 0
    store = ModelStore(ZooPaths.from_env())
    with pytest.raises(ChildFailed) as failure:
        converter.convert_model(store, "r")
    assert "ModuleNotFoundError" in str(failure.value) or "No module named" in str(failure.value)
    assert store.get("r").state == "imported"
