#!/usr/bin/env bash
# Build the Linux bundle and check it: one command, from anywhere in the repository.
#   packaging/build-linux.sh            -> build/dist/Annotator/ and
#                                          build/Annotator-VERSION-linux-ARCH.tar.gz
# Then runs the built binary's --self-test (offscreen) and prints bundle size, build time
# and start-up time. Exits non-zero when the build or the self-test fails. CI runs it on
# every change (scripts/run-tests), so a broken spec or a missing data file is caught here.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/bootstrap.sh"
ensure_venv
cd "$ROOT" || exit 1
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
bin="$VENV/bin"
version="$("$bin/python" -c 'import annotator; print(annotator.__version__)')"
arch="$(uname -m)"
began=$(date +%s.%N)
"$bin/python" packaging/make_icons.py >&2
"$bin/pyinstaller" --noconfirm --log-level WARN --distpath build/dist --workpath build/work \
    packaging/annotator.spec >&2
built=$(date +%s.%N)
bundle="build/dist/Annotator"
mkdir -p "$bundle/share"
cp packaging/linux/annotator.desktop packaging/linux/annotator-mime.xml build/icons/annotator.png \
    "$bundle/share/"
cp packaging/linux/install.sh "$bundle/install.sh"
tarball="build/Annotator-$version-linux-$arch.tar.gz"
tar -C build/dist -czf "$tarball" Annotator

# The self-test runs with its own throwaway home; ANNOTATOR_HOME keeps this shell's clean too.
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
ANNOTATOR_HOME="$home" "$bundle/annotator" --self-test
start_began=$(date +%s.%N)
ANNOTATOR_HOME="$home" "$bundle/annotator" --version >/dev/null
started=$(date +%s.%N)
ANNOTATOR_HOME="$home" "$bundle/annotator" --screenshot "$home/window.png" 2>/dev/null
shown=$(date +%s.%N)

size_mb=$(du -sb "$bundle" | awk '{printf "%.1f", $1 / 1048576}')
tar_mb=$(du -b "$tarball" | awk '{printf "%.1f", $1 / 1048576}')
awk -v b="$began" -v e="$built" -v s0="$start_began" -v s1="$started" -v w="$shown" \
    -v size="$size_mb" -v tar="$tar_mb" -v t="$tarball" 'BEGIN {
    printf "bundle: %s MB unpacked (target <= 150), %s MB as %s\n", size, tar, t
    printf "build: %.1f s; start (--version): %.2f s; demo window drawn and saved: %.2f s\n",
        e - b, s1 - s0, w - s1 - 0.4
}'
