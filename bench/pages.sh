#!/usr/bin/env bash
# Page weight and server time of every lifter page and the clinician's pages, on the demo
# accounts of `resilift serve --demo` (release build) on 127.0.0.1.
#
#   bash bench/pages.sh [REQUESTS_PER_PAGE]
#
# For each page: the bytes transferred with gzip (what a phone downloads), the uncompressed
# size, and the median and 90th-percentile time to the first byte over REQUESTS_PER_PAGE
# sequential requests (default 50), measured by curl on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-50}"
bin="${RESILIFT_BIN:-./target/release/resilift}"
[[ -n "${RESILIFT_BIN:-}" ]] || cargo build --release -q -p resilift
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
"$bin" serve --demo --addr "127.0.0.1:$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

sign_in() {
    curl -sf -c "$1" -o /dev/null -X POST "$base/signin" \
        --data-urlencode "email=$2" --data-urlencode "password=$3"
}
sign_in "$work/lifter" demo.lifter@resilift.example demo-lifter-pass
sign_in "$work/clinician" demo.clinician@resilift.example demo-clinician-pass
client=$(curl -sf -b "$work/clinician" "$base/clients" | grep -o 'href="/clients/[0-9a-f-]*"' | head -1 | cut -d'"' -f2)

measure() {
    local jar="$1" path="$2"
    local gz plain
    gz=$(curl -sf -b "$jar" -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$base$path")
    plain=$(curl -sf -b "$jar" -o /dev/null -w '%{size_download}' "$base$path")
    local times=()
    for _ in $(seq 1 "$count"); do
        times+=("$(curl -sf -b "$jar" -H 'Accept-Encoding: gzip' -o /dev/null -w '%{time_starttransfer}' "$base$path")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v path="$path" -v gz="$gz" -v plain="$plain" '
        { t[NR] = $1 * 1000 }
        END { printf "| %-28s | %6.1f KB | %6.1f KB | %5.2f ms | %5.2f ms |\n", path, gz / 1024, plain / 1024, t[int((NR + 1) / 2)], t[int(NR * 0.9)] }'
}

echo "| page | gzip | plain | p50 | p90 |"
echo "|---|---|---|---|---|"
for path in /home /week /workout /log /progress /assess /assess/biering_sorensen /assess/odi /flare /risk /screen /account; do
    measure "$work/lifter" "$path"
done
measure "$work/clinician" /clients
measure "$work/clinician" "$client"
for path in /assets/style.css /assets/app.js /sw.js; do measure "$work/lifter" "$path"; done
