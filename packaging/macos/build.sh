#!/usr/bin/env bash
# Build Annotator.app and a .dmg on macOS (arm64 or x86_64, whichever Python runs):
#   packaging/macos/build.sh          (from the repository root, Python 3.11+ on PATH)
# Signs with the Developer ID when MACOS_CERT_P12 (base64), MACOS_CERT_PASSWORD and
# MACOS_SIGN_IDENTITY are set, and notarises when APPLE_ID, APPLE_TEAM_ID and
# APPLE_APP_PASSWORD are set too; otherwise each step is skipped with a notice (Gatekeeper
# will then ask users to open the app with right-click → Open).
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m venv build/venv-macos
source build/venv-macos/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[dev]"
version="$(python -c 'import annotator; print(annotator.__version__)')"
arch="$(uname -m)"
python packaging/make_icons.py
pyinstaller --noconfirm --distpath build/dist --workpath build/work packaging/annotator.spec
app="build/dist/Annotator.app"
QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/annotator" --self-test

notice() { echo "::notice::$*"; }
if [ -n "${MACOS_CERT_P12:-}" ] && [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    keychain="$RUNNER_TEMP/build.keychain"
    security create-keychain -p build "$keychain"
    security default-keychain -s "$keychain"
    security unlock-keychain -p build "$keychain"
    echo "$MACOS_CERT_P12" | base64 --decode >"$RUNNER_TEMP/cert.p12"
    security import "$RUNNER_TEMP/cert.p12" -k "$keychain" -P "$MACOS_CERT_PASSWORD" \
        -T /usr/bin/codesign
    security set-key-partition-list -S apple-tool:,apple: -s -k build "$keychain"
    codesign --force --deep --options runtime --timestamp \
        --entitlements packaging/macos/entitlements.plist \
        --sign "$MACOS_SIGN_IDENTITY" "$app"
    codesign --verify --strict --verbose=2 "$app"
else
    notice "MACOS_CERT_P12 / MACOS_SIGN_IDENTITY not set: the app is not signed"
fi

dmg="build/Annotator-$version-macos-$arch.dmg"
rm -f "$dmg"
staging="build/dmg"
rm -rf "$staging" && mkdir -p "$staging"
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Annotator $version" -srcfolder "$staging" -ov -format UDZO "$dmg"

if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ] &&
    [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$dmg"
    xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$dmg"
else
    notice "APPLE_ID / APPLE_TEAM_ID / APPLE_APP_PASSWORD not set: the .dmg is not notarised"
fi
echo "built $dmg"
