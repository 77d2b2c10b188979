#!/usr/bin/env bash
# Checks of an Annotator installed by its setup program into a Wine prefix; called by
# build-under-wine.sh (see there):
#   check-install.sh PREFIX installed VERSION   the files, Start-menu entry, .annot association,
#                                               --version, --self-test, user data, and a second
#                                               copy that meets the project lock
#   check-install.sh PREFIX uninstall VERSION   silent uninstall: program gone, user data kept
set -euo pipefail

prefix="$1"
what="$2"
version="$3"
export WINEPREFIX="$prefix"

fail() {
    printf '[windows] check failed: %s\n' "$*" >&2
    exit 1
}
say() { printf '[windows] %s\n' "$*" >&2; }
# Python under Wine needs a pipe, not a file, as stdout (see build-under-wine.sh).
run() { wine "$@" 2>&1 | cat; }

user_dir="$(find "$prefix/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -1)"
[ -n "$user_dir" ] || fail "no user folder in the prefix"
user="$(basename "$user_dir")"
app="$user_dir/AppData/Local/Programs/Annotator"
app_win="C:\\users\\$user\\AppData\\Local\\Programs\\Annotator"
cli="$app_win\\annotator-cli.exe"
documents_win="C:\\users\\$user\\Documents"
project_win="$documents_win\\kept.annot"
project="$user_dir/Documents/kept.annot"
start_menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Annotator.lnk"
# Wine links Documents (and Desktop, ...) to the Unix home: the checks' project and note
# went into the real home folder of whoever ran CI. Make it a folder inside the prefix.
if [ -L "$user_dir/Documents" ]; then
    rm "$user_dir/Documents"
    mkdir "$user_dir/Documents"
fi

# registry_has KEY VALUE-REGEX: user.reg (HKCU) holds the key with a line matching the regex.
registry_has() {
    awk -v key="[$1]" -v pattern="$2" '
        index($0, key) == 1 { inside = 1; next }
        /^\[/ { inside = 0 }
        inside && $0 ~ pattern { found = 1 }
        END { exit !found }' "$prefix/user.reg"
}

check_installed() {
    local exe output
    for exe in Annotator.exe annotator-cli.exe unins000.exe; do
        [ -f "$app/$exe" ] || fail "$app/$exe is missing (per-user install folder)"
    done
    say "installed per user in $app_win ($(du -sh "$app" | cut -f1))"
    [ -f "$start_menu" ] || fail "no Start-menu entry ($start_menu)"
    wineserver -w  # the registry is written to user.reg when the prefix goes idle
    registry_has 'Software\\\\Classes\\\\.annot' '^@="Annotator.Project"' ||
        fail ".annot is not associated under HKCU\\Software\\Classes"
    registry_has 'Software\\\\Classes\\\\Annotator.Project\\\\shell\\\\open\\\\command' \
        'Annotator\.exe.*%1' || fail "Annotator.Project has no open command with %1"
    say "Start-menu entry and the .annot association (HKCU) are there"

    output="$(run "$cli" --version)" || fail "--version exited non-zero: $output"
    grep -qF "$version" <<<"$output" || fail "--version said '$output', not $version"
    say "--version: $output"

    say "--self-test of the installed program"
    output="$(run "$cli" --self-test)" || {
        printf '%s\n' "$output" >&2
        fail "--self-test of the installed program failed"
    }
    printf '%s\n' "$output" >&2
    for word in export backup window; do
        grep -qi "$word" <<<"$output" || fail "--self-test printed no $word step"
    done

    check_second_copy
}

# A project the app holds open (the window, offscreen, holds its lock) is refused to a second
# writer with words that say so, stays readable to a second copy, and is writable again once
# the first copy is gone (killed, as in a crash: Windows drops the locks of a dead process).
check_second_copy() {
    local output gui_pid waited=0 text
    output="$(run "$cli" init --demo "$project_win")" || fail "init --demo: $output"
    [ -s "$project" ] || fail "init made no project file"
    text="$user_dir/Documents/note.txt"
    printf 'A short note about the lock.\n' >"$text"
    wine "$cli" gui "$project_win" 2>&1 | cat >"$prefix/gui.log" &
    gui_pid=$!
    # The window has the project once the lock file names its holder.
    until grep -q '"pid"' "$project.lock" 2>/dev/null; do
        waited=$((waited + 1))
        [ $waited -le 180 ] || fail "the window did not open the project in 180 s: $(cat "$prefix/gui.log")"
        kill -0 "$gui_pid" 2>/dev/null || fail "the window ended early: $(cat "$prefix/gui.log")"
        sleep 1
    done
    if output="$(run "$cli" import "$project_win" "$documents_win\\note.txt")"; then
        fail "a second copy wrote to a project the window holds: $output"
    fi
    grep -qiE "lock|in use|open in|read-only|held" <<<"$output" ||
        fail "the refusal does not say the project is in use: $output"
    say "second writer refused: $(tail -1 <<<"$output")"
    output="$(run "$cli" stats "$project_win")" || fail "a second copy could not read: $output"
    say "second copy reads it: $(tr '\n' ' ' <<<"$output" | cut -c1-100)"
    wineserver -k || true  # the window dies as in a crash
    wait "$gui_pid" || true
    output="$(run "$cli" import "$project_win" "$documents_win\\note.txt")" ||
        fail "after the window died the project is still locked: $output"
    say "after the first copy died, a writer gets the project"
}

check_uninstall() {
    [ -s "$project" ] || fail "no user project to keep"
    xvfb-run -a -s "-screen 0 1024x768x24" bash -c \
        'wine "$1" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART 2>&1 | cat; s=$?; wineserver -w; exit $s' \
        _ "$app_win\\unins000.exe" || fail "the uninstaller failed"
    [ ! -e "$app/annotator-cli.exe" ] || fail "the program is still there after uninstall"
    [ ! -e "$start_menu" ] || fail "the Start-menu entry is still there after uninstall"
    ! registry_has 'Software\\\\Classes\\\\Annotator.Project' '.' ||
        fail "the Annotator.Project class is still registered after uninstall"
    [ -s "$project" ] || fail "the uninstaller removed the user's project"
    [ -d "$user_dir/AppData/Local/Annotator" ] || [ -d "$user_dir/AppData/Roaming/Annotator" ] ||
        fail "the uninstaller removed the user's settings/logs folder"
    say "uninstalled: program, Start-menu entry and file type gone; project and settings kept"
}

case "$what" in
installed) check_installed ;;
uninstall) check_uninstall ;;
*) fail "unknown check $what" ;;
esac
