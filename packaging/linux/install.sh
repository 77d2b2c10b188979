#!/usr/bin/env bash
# Install the unpacked Linux bundle for the current user: a launcher in ~/.local/bin, the
# menu entry, the icon and the .annot file type. Run from the unpacked folder. Nothing
# needs root; ./install.sh --uninstall removes it again (your projects are never touched).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="$HOME/.local/bin"
if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$BIN/annotator" "$DATA/applications/annotator.desktop" \
        "$DATA/icons/hicolor/512x512/apps/annotator.png" "$DATA/mime/packages/annotator-mime.xml"
    update-mime-database "$DATA/mime" 2>/dev/null || true
    echo "Annotator removed (the unpacked folder and your projects are left alone)."
    exit 0
fi
mkdir -p "$BIN" "$DATA/applications" "$DATA/icons/hicolor/512x512/apps" "$DATA/mime/packages"
ln -sf "$HERE/annotator" "$BIN/annotator"
sed "s|^Exec=annotator|Exec=$HERE/annotator|" "$HERE/share/annotator.desktop" \
    >"$DATA/applications/annotator.desktop"
cp "$HERE/share/annotator.png" "$DATA/icons/hicolor/512x512/apps/annotator.png"
cp "$HERE/share/annotator-mime.xml" "$DATA/mime/packages/annotator-mime.xml"
update-mime-database "$DATA/mime" 2>/dev/null || true
update-desktop-database "$DATA/applications" 2>/dev/null || true
echo "Annotator installed: run 'annotator' or find it in your applications menu."
