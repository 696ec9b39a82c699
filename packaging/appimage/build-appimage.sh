#!/bin/sh
# Build Zoo_Desktop-x86_64.AppImage from the one-folder build (dist/zoo-desktop, `make package`).
# Needs appimagetool (https://github.com/AppImage/appimagetool) on PATH or in $APPIMAGETOOL.
# Not run in this repository's CI; see README "Installer".
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIST="${1:-$ROOT/dist/zoo-desktop}"
APPDIR="${APPDIR:-$ROOT/build/AppDir}"
TOOL="${APPIMAGETOOL:-appimagetool}"
[ -x "$DIST/zoo-desktop" ] || { echo "no build at $DIST; run make package first" >&2; exit 1; }
rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/applications"
cp -a "$DIST" "$APPDIR/usr/lib/zoo-desktop"
cp "$ROOT/packaging/appimage/AppRun" "$APPDIR/AppRun"
cp "$ROOT/packaging/appimage/zoo-desktop.desktop" "$APPDIR/zoo-desktop.desktop"
cp "$ROOT/packaging/appimage/zoo-desktop.desktop" "$APPDIR/usr/share/applications/"
cp -a "$ROOT/resources/icons/hicolor" "$APPDIR/usr/share/icons/" 2>/dev/null || { mkdir -p "$APPDIR/usr/share/icons"; cp -a "$ROOT/resources/icons/hicolor" "$APPDIR/usr/share/icons/"; }
cp "$ROOT/resources/icons/hicolor/256x256/apps/zoo-desktop.png" "$APPDIR/zoo-desktop.png"
ln -sf zoo-desktop.png "$APPDIR/.DirIcon"
ARCH="${ARCH:-x86_64}" "$TOOL" "$APPDIR" "$ROOT/dist/Zoo_Desktop-${ARCH:-x86_64}.AppImage"
