"""The whole test suite, slow end-to-end checks included (what `python3 dev.py test` and CI run).

System packages that some tests need (a CJK font for the rendered screenshots) are installed here
when the machine allows it; the tests that need them skip with a reason otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_cjk_font() -> None:
    if sys.platform != "linux" or shutil.which("fc-list") and "CJK" in _fonts():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("[tests] no CJK font and no root apt-get: screenshot tests will show boxes for Chinese", flush=True)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "fonts-noto-cjk", "fontconfig"], env=env, check=False, stdout=subprocess.DEVNULL)


def _fonts() -> str:
    try:
        return subprocess.run(["fc-list"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def main(extra: list[str]) -> int:
    ensure_cjk_font()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pytest

    return pytest.main(["-m", "", "-p", "no:cacheprovider", str(ROOT / "tests"), *extra])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
