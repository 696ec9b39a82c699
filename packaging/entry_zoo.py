"""PyInstaller entry point of the `zoo` command line executable."""

import sys

from zoo_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
