#!/usr/bin/env bash
# Renders an HTML run report in headless Chromium and checks that it rendered: its script ran and drew the
# Gantt bars. Writes a PNG screenshot. Needs Debian's `chromium` package (apt-get install -y chromium).
# Usage: scripts/render-report.sh REPORT.html SCREENSHOT.png
set -euo pipefail
html="$(realpath "$1")"; png="$(realpath -m "$2")"
command -v chromium >/dev/null || { echo "render-report: chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }
profile="$(mktemp -d)"; trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile")
dom="$(chromium "${flags[@]}" --dump-dom "file://$html" 2>/dev/null)"
grep -q 'data-rendered="ok"' <<<"$dom" || { echo "render-report: the report's script did not run" >&2; exit 1; }
bars="$(grep -o 'rendered: [0-9]* bars' <<<"$dom" | grep -o '[0-9]*')"
[[ "${bars:-0}" -gt 0 ]] || { echo "render-report: no Gantt bars rendered" >&2; exit 1; }
chromium "${flags[@]}" --hide-scrollbars --window-size=1240,1500 --screenshot="$png" "file://$html" >/dev/null 2>&1
[[ -s "$png" ]] || { echo "render-report: no screenshot written" >&2; exit 1; }
echo "render-report: $html rendered ($bars Gantt bars); screenshot $png"
