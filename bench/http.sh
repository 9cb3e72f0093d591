#!/usr/bin/env bash
# HTTP load benchmark of `resilift serve` (release build) on 127.0.0.1 with wrk (Debian package).
#
#   bash bench/http.sh [DURATION_SECONDS] [--postgres URL]
#
# Seeds one lifter with 1,000 sessions, then measures with 8 connections:
#   GET  /api/v1/sessions   (first page of 50, bearer token)
#   POST /api/v1/sessions   (one session per request, each durable before its 201)
# and reports the server's peak resident memory during each load (VmHWM, reset before each)
# and its resident memory after the setup. Bounded: each run lasts DURATION seconds (default 15).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
database=()
if [[ "${2:-}" == "--postgres" ]]; then database=(--database-url "$3"); fi

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
# RESILIFT_BIN runs a binary built elsewhere (for a before/after comparison on one machine).
bin="${RESILIFT_BIN:-./target/release/resilift}"
[[ -n "${RESILIFT_BIN:-}" ]] || cargo build --release -q -p resilift
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
"$bin" serve --addr "127.0.0.1:$port" --data-dir "$work/data" "${database[@]}" \
    >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$port/api/v1"
email="bench-$RANDOM@example.org"
curl -sf -XPOST "$base/accounts" -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"benchmark secret\",\"role\":\"lifter\"}" >/dev/null
token=$(curl -sf -XPOST "$base/tokens" -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"benchmark secret\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# 1,000 sessions over the past three years, over one keep-alive connection.
python3 - "$port" "$token" <<'PY'
import http.client, json, sys, datetime
port, token = int(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", port)
today = datetime.date.today()
for n in range(1000):
    body = json.dumps({"date": str(today - datetime.timedelta(days=n + 1)), "exercise": "trap_bar",
        "completed": True, "sets": [{"load": 60 + n % 20, "reps": 5, "rpe": 7}] * 3,
        "pain": {"before": 2, "during_max": 2, "after": 2, "next_morning": 1}, "leg_symptoms": "none", "faults": []})
    conn.request("POST", "/api/v1/sessions", body, {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    response = conn.getresponse(); response.read()
    assert response.status == 201, response.status
PY

cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"date":"$(date -u +%F)","exercise":"trap_bar","completed":true,"sets":[{"load":70,"reps":5,"rpe":7}],"pain":{"before":2,"during_max":2,"after":2,"next_morning":null},"leg_symptoms":"none","faults":[]}'
LUA

# Memory: the peak over the whole run includes the setup's password hashes (Argon2 takes 19 MiB
# per hash, which the allocator keeps for its next use); the kernel's peak is then reset
# (clear_refs 5) so that each load's own peak is measured too.
setup_rss=$(awk '/VmRSS/ { print $2 }' "/proc/$server/status")
peak() { awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$server/status"; }
echo 5 >"/proc/$server/clear_refs"
echo "== GET /api/v1/sessions (1,000 stored, page of 50), 8 connections, ${duration}s"
wrk -t2 -c8 -d"${duration}s" --latency -H "Authorization: Bearer $token" "$base/sessions" |
    grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx"
echo "peak memory during the reads: $(peak)"
echo 5 >"/proc/$server/clear_refs"
echo "== POST /api/v1/sessions, 8 connections, ${duration}s"
wrk -t2 -c8 -d"${duration}s" --latency -s "$work/post.lua" "$base/sessions" >"$work/post.txt"
grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in" "$work/post.txt"
posted=$(grep -oE "^ +[0-9]+ requests in" "$work/post.txt" | grep -oE "[0-9]+")
echo "peak memory during the writes: $(peak)"
echo "== server memory: $((setup_rss / 1024)) MiB resident after the setup (two accounts' password hashes); now:"
grep -E "VmRSS" "/proc/$server/status"
stored=$(curl -sf -H "Authorization: Bearer $token" "$base/me/export" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["sessions"]))')
echo "sessions stored after the run: $stored (1,000 seeded + $posted answered by the POST run)"
if ((stored < 1000 + posted)); then echo "LOST WRITES"; exit 1; fi
