#!/usr/bin/env bash
# Prove the PyInstaller spec on Linux: build the same one-folder bundle the Windows installer
# packs, then run what it contains — `--version`, `init` and `stats --json` on a temporary
# database, a report PDF that must embed the bundled fonts, and the main window offscreen for
# a second (its smoke line checks the forms and resources/). Prints the size and build time.
# Usage: bash packaging/check_bundle.sh   (from the project, in a venv with .[packaging])
# With SFERUM_CHECK_PG_URL=postgresql+psycopg://… it also opens that (empty) server database.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SFERUM_DESK_HOME="$work/home"  # the bundle's data folder and logs, thrown away after

start=$(date +%s)
python -m PyInstaller --noconfirm --log-level ERROR --workpath "$work/build" \
  --distpath "$work/dist" packaging/sferum_desk.spec
built=$(date +%s)
bundle="$work/dist/SferumDesk"
echo "bundle: $(du -sh "$bundle" | cut -f1) in $((built - start)) s"

fail() { echo "check_bundle: $*" >&2; exit 1; }

"$bundle/sferum-desk" --version | grep -q "Sferum Desk" || fail "--version printed nothing"
db="$work/check.sqlite3"
"$bundle/sferum-desk" --db "$db" init --kind kindergarten --name "Детский сад № 5" >/dev/null
stats=$("$bundle/sferum-desk" --db "$db" stats --json)
python - "$stats" <<'PY' || fail "stats --json: $stats"
import json, sys
assert json.loads(sys.argv[1]) == {"units": 1, "staff": 0, "students": 0, "guardians": 0}
PY

# A PDF from the bundle embeds the Liberation fonts of resources/fonts.
"$bundle/sferum-desk" --db "$db" report --out "$work/report.pdf" >/dev/null
grep -aq "/BaseFont /[A-Z]*+LiberationSerif" "$work/report.pdf" && grep -aq "/FontFile2" \
  "$work/report.pdf" || fail "the report PDF does not embed the bundled fonts"

# The window program opens the main window offscreen and closes itself after a second; its
# smoke line also checks the resources (fonts load, the guide, the icon, the font licence).
smoke=$(QT_QPA_PLATFORM=offscreen SFERUM_DESK_QUIT_AFTER_MS=1000 \
  timeout 60 "$bundle/SferumDesk" --db "$db" 2>"$work/gui.err") || {
  cat "$work/gui.err" >&2; fail "the window program failed"; }
echo "$smoke" | grep -q "SMOKE main window: «" || { cat "$work/gui.err" >&2;
  fail "no main window: $smoke"; }
echo "$smoke" | grep -q "; resources: [1-9]" || fail "resources missing: $smoke"
echo "$smoke"

if [ -n "${SFERUM_CHECK_PG_URL:-}" ]; then  # psycopg and the migrations inside the bundle
  "$bundle/sferum-desk" --db "$SFERUM_CHECK_PG_URL" stats --json >/dev/null \
    || fail "the bundle could not open $SFERUM_CHECK_PG_URL"
  echo "PostgreSQL from the bundle: ok"
fi
echo "check_bundle: ok ($(($(date +%s) - start)) s in all)"
