#!/usr/bin/env bash
# Growth curves: how a request's p99 and the server's memory grow with a lifter's history
# (10 to 10,000 sessions: GET /api/v1/next-session, which reads the whole history) and with a
# clinician's roster (10 to 5,000 clients: GET /clients, the page, first look and again). Each
# size gets a fresh release server on a fresh SQLite file; wrk times one connection. Writes
# bench/growth-history.csv and bench/growth-roster.csv, and draws them as SVG
# (cargo xtask plot) beside them.
#
#   bash bench/growth.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-5}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
bin="${RESILIFT_BIN:-./target/release/resilift}"
[[ -n "${RESILIFT_BIN:-}" ]] || cargo build --release -q -p resilift

p99_ms() { # wrk's p99 line, in milliseconds
    awk '/ 99%/ { v=$2; if (v ~ /us$/) { sub(/us$/, "", v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else { sub(/s$/, "", v); print v*1000 } }'
}

run_size() { # KIND SIZE: seeds a fresh server and prints "SIZE,p99_ms[,first_ms],rss_mib"
    local kind=$1 size=$2 work port server
    work="$(mktemp -d)"
    port=$((20000 + RANDOM % 20000))
    printf '[server]\nregistrations_per_hour = 100000\naddress_failures_free = 100000\nopen_clinician_registration = true\n' >"$work/resilift.toml"
    "$bin" --config "$work/resilift.toml" serve --addr "127.0.0.1:$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
    python3 - "$port" "$kind" "$size" "$work" <<'PY'
import http.client, json, sys, datetime, concurrent.futures
port, kind, size, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
def call(method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse(); data = r.read()
    return r.status, (json.loads(data) if data else None), r.getheader("set-cookie")
def account(email, role):
    call("POST", "/api/v1/accounts", {"email": email, "password": "a long enough secret", "role": role})
    return call("POST", "/api/v1/tokens", {"email": email, "password": "a long enough secret"})[1]["token"]
screening = {"red_flags": [], "health": [], "pain": {"now": 2, "current_episode_onset": None, "previous_episodes": 1, "leg_symptoms": "none"},
             "disc": {"diagnosed": False}, "tests": {"biering_sorensen_s": 95}, "training": {"coached_sessions": 2}}
today = datetime.date.today()
def session(day, load=16):
    return {"date": str(day), "exercise": "kettlebell", "completed": True, "sets": [{"load": load, "reps": 8, "rpe": 7}] * 3,
            "pain": {"before": 1, "during_max": 2, "after": 1, "next_morning": 1}, "leg_symptoms": "none", "faults": []}
if kind == "history":
    token = account("history@example.org", "lifter")
    call("POST", "/api/v1/screenings", screening, token)
    days = [today - datetime.timedelta(days=size - i) for i in range(size)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda d: call("POST", "/api/v1/sessions", session(d), token), days))
    open(f"{work}/auth", "w").write("Authorization: Bearer " + token)
else:
    clinician = account("roster@example.org", "clinician")
    def client(n):
        token = account(f"c{n}@example.org", "lifter")
        call("POST", "/api/v1/screenings", screening, token)
        call("POST", "/api/v1/sessions", session(today - datetime.timedelta(days=n % 6 + 1)), token)
        code = call("POST", "/api/v1/invites", None, token)[1]["code"]
        assert call("POST", "/api/v1/links", {"code": code}, clinician)[0] == 201
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(client, range(size)))
    cookie = call("POST", "/api/v1/sign-in", {"email": "roster@example.org", "password": "a long enough secret"})[2]
    open(f"{work}/auth", "w").write("Cookie: " + cookie.split(";")[0])
PY
    local auth first="" url
    auth="$(cat "$work/auth")"
    if [[ $kind == history ]]; then
        url="http://127.0.0.1:$port/api/v1/next-session"
    else
        url="http://127.0.0.1:$port/clients"
        first=",$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$url" | awk '{ print $1 * 1000 }')"
    fi
    local p99
    p99=$(wrk -t1 -c1 -d"${duration}s" --latency -H "$auth" "$url" | p99_ms)
    local rss
    rss=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$server/status")
    echo "$size,$p99$first,$rss"
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$work"
}

echo "sessions,p99_ms,peak_rss_mib" >bench/growth-history.csv
for size in 10 100 1000 10000; do run_size history "$size" | tee -a bench/growth-history.csv; done
echo "clients,p99_ms,first_ms,peak_rss_mib" >bench/growth-roster.csv
for size in 10 100 1000 5000; do run_size roster "$size" | tee -a bench/growth-roster.csv; done

cargo xtask plot bench/growth-history.csv bench/growth-history.svg "p99 of GET /api/v1/next-session (ms) and peak memory (MiB) by sessions in the history"
cargo xtask plot bench/growth-roster.csv bench/growth-roster.svg "p99 of GET /clients (ms, statuses kept), the first look (ms) and peak memory (MiB) by clients"
