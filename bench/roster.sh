#!/usr/bin/env bash
# The clinician's roster at size: one clinician linked to N clients (default 500), each with a
# screening and a session, then the roster's JSON (`GET /api/v1/clients?limit=200`, first page)
# and page (`GET /clients`, every client) timed with wrk (one connection, so each figure is one
# request's own time).
#
#   bash bench/roster.sh [CLIENTS] [DURATION_SECONDS]
#
# On PostgreSQL: RESILIFT_DATABASE_URL=postgres://USER@HOST/EMPTY_DB bash bench/roster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-500}"
duration="${2:-10}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
bin="${RESILIFT_BIN:-./target/release/resilift}"
[[ -n "${RESILIFT_BIN:-}" ]] || cargo build --release -q -p resilift
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
printf '[server]\nregistrations_per_hour = 100000\naddress_failures_free = 100000\nopen_clinician_registration = true\n' >"$work/resilift.toml"
"$bin" --config "$work/resilift.toml" serve --addr "127.0.0.1:$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

python3 - "$port" "$clients" "$work/cookie" "$work/token" <<'PY'
import http.client, json, sys, datetime, concurrent.futures
port, clients, cookie_file, token_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
def call(method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse(); data = r.read()
    return r.status, (json.loads(data) if data else None), r.getheader("set-cookie")
def account(email, role):
    call("POST", "/api/v1/accounts", {"email": email, "password": "a long enough secret", "role": role})
    return call("POST", "/api/v1/tokens", {"email": email, "password": "a long enough secret"})[1]["token"]
clinician = account("roster-clinician@example.org", "clinician")
screening = {"red_flags": [], "health": [], "pain": {"now": 2, "current_episode_onset": None, "previous_episodes": 1, "leg_symptoms": "none"},
             "disc": {"diagnosed": False}, "tests": {"biering_sorensen_s": 95}, "training": {"coached_sessions": 2}}
today = datetime.date.today()
def client(n):
    token = account(f"client-{n}@example.org", "lifter")
    call("PATCH", "/api/v1/me", {"display_name": f"Client {n:04d}"}, token)
    call("POST", "/api/v1/screenings", screening, token)
    session = {"date": str(today - datetime.timedelta(days=n % 6 + 1)), "exercise": "kettlebell", "completed": True,
               "sets": [{"load": 16, "reps": 8, "rpe": 7}] * 2, "pain": {"before": 2, "during_max": 2 + n % 5, "after": 2, "next_morning": 1},
               "leg_symptoms": "none", "faults": []}
    call("POST", "/api/v1/sessions", session, token)
    code = call("POST", "/api/v1/invites", None, token)[1]["code"]
    status = call("POST", "/api/v1/links", {"code": code}, clinician)[0]
    assert status == 201, status
with concurrent.futures.ThreadPoolExecutor(4) as pool:
    list(pool.map(client, range(clients)))
_, _, cookie = call("POST", "/api/v1/sign-in", {"email": "roster-clinician@example.org", "password": "a long enough secret"})
open(cookie_file, "w").write(cookie.split(";")[0])
open(token_file, "w").write(clinician)
PY
token="$(cat "$work/token")"
cookie="$(cat "$work/cookie")"
# The first roster computes every status; later ones reuse those whose record has not changed.
echo "== the first GET /clients after start (every status computed): $(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: $cookie" "http://127.0.0.1:$port/clients") s"
echo "== GET /api/v1/clients?limit=200 ($clients clients), 1 connection, ${duration}s"
wrk -t1 -c1 -d"${duration}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/clients?limit=200" |
    grep -E "Requests/sec|50%|99%|Non-2xx"
echo "== GET /clients (the page, all $clients clients), 1 connection, ${duration}s"
wrk -t1 -c1 -d"${duration}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port/clients" |
    grep -E "Requests/sec|50%|99%|Non-2xx"
grep -E "VmHWM" "/proc/$server/status"
