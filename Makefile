# `make package`: the Linux/Windows/macOS one-folder build in dist/zoo-desktop (packaging/zoo-desktop.spec).
PYTHON ?= .venv/bin/python
DIST ?= dist
WORK ?= build/pyinstaller

.PHONY: package package-selftest appimage icons samples

package:
	$(PYTHON) -m PyInstaller --noconfirm --clean --distpath $(DIST) --workpath $(WORK) packaging/zoo-desktop.spec

package-selftest: package
	$(DIST)/zoo-desktop/zoo-desktop --self-test
	$(DIST)/zoo-desktop/zoo --version

appimage: package
	packaging/appimage/build-appimage.sh $(DIST)/zoo-desktop

icons:
	QT_QPA_PLATFORM=offscreen $(PYTHON) packaging/render_icons.py

samples:
	$(PYTHON) packaging/make_samples.py
