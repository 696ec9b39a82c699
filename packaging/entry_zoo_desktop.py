"""PyInstaller entry point of the `zoo-desktop` executable."""

import sys

from zoo_desktop.app.main import main

if __name__ == "__main__":
    sys.exit(main())
