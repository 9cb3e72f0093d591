#!/usr/bin/env bash
# resilift at organisation scale on PostgreSQL: a million accounts, then a mixed load of lifters
# and clinicians against a release server, with p50/p99 per route, the database's size, and proof
# from PostgreSQL's own counters and plans that no route scans a table.
#
#   bash bench/scale.sh [SECONDS] [--postgres URL_OF_A_SERVER] [--accounts N]
#
# The data set (generated inside PostgreSQL from rows the server itself wrote, so every stored
# body is one resilift reads back):
#   N accounts (default 1,000,000): 5% clinicians, 95% lifters, each with a profile;
#   rosters: the first 100 clinicians have 500 clients each, the rest 10 or 11 (60% of the
#     remaining lifters are linked to a clinician);
#   sessions: 3 to 102 per lifter, one a week back from today (about 50,000,000 in all);
#   screenings: 1 or 2 per lifter; assessments: 2 per lifter (pain scale and ODI);
#   an audit entry for every write, as the server writes them.
# Seeding runs once and is kept in the database `resilift_scale` (drop it to seed again); later
# runs only load. It takes tens of minutes on 2 cores and about 60 GB of disk at the default size.
#
# The load: seven wrk processes at once, one per route, each identity drawn at random per request
# from 20,000 lifters and the 500 clinicians given credentials:
#   lifter home page (GET /home), next session (GET /api/v1/next-session), log a session
#   (POST /api/v1/sessions), check-in (PATCH /api/v1/sessions/{id} with next-morning pain),
#   roster page (GET /clients) of the 100 clinicians with 500 clients, and of 400 with 10
#   or 11, and a client's page (GET /clients/{id}).
# Before the timed run every sampled clinician's roster is opened once (a server that has been
# up for a while); the first look after a start is timed separately.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=60
url="${RESILIFT_SCALE_URL:-postgres://postgres@127.0.0.1:5432}"
accounts=1000000
while [[ $# -gt 0 ]]; do
    case "$1" in
    --postgres) url="$2"; shift 2 ;;
    --accounts) accounts="$2"; shift 2 ;;
    *) duration="$1"; shift ;;
    esac
done
db="${RESILIFT_SCALE_DB:-resilift_scale}"
clinicians=$((accounts / 20))
lifters=$((accounts - clinicians))
(( clinicians >= 500 )) || { echo "--accounts must be at least 10000" >&2; exit 2; }

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need psql postgresql-client
bin="${RESILIFT_BIN:-./target/release/resilift}"
[[ -n "${RESILIFT_BIN:-}" ]] || cargo build --release -q -p resilift
psql_admin() { psql "$url/postgres" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_db() { psql "$url/$db" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_admin -c 'select 1' >/dev/null || { echo "PostgreSQL is not reachable at $url" >&2; exit 1; }

work="$(mktemp -d)"
server=""
cleanup() { [[ -z "$server" ]] || kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
start_server() {
    port=$((20000 + RANDOM % 20000))
    printf '[server]\nregistrations_per_hour = 100000\naddress_failures_free = 100000\nopen_clinician_registration = true\n' >"$work/resilift.toml"
    "$bin" --config "$work/resilift.toml" serve --addr "127.0.0.1:$port" --data-dir "$work/data" \
        --database-url "$url/$db" >>"$work/server.log" 2>&1 &
    server=$!
    base="http://127.0.0.1:$port"
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.2; done
    echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

seeded="$(psql_admin -c "select 1 from pg_database where datname = '$db'")"
if [[ -n "$seeded" ]]; then
    seeded="$(psql_db -c "select accounts from scale_seed where done" 2>/dev/null || true)"
fi
if [[ "$seeded" != "$accounts" ]]; then
    echo "== seeding $accounts accounts into $db (once; drop the database to seed again)"
    psql_admin -c "drop database if exists $db" -c "create database $db"
    started=$(date +%s)
    # The server creates the schema and writes one of each record through the API: the
    # templates every generated row copies.
    start_server
    python3 - "$port" <<'PY'
import http.client, json, sys, datetime
port = int(sys.argv[1])
def call(method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse(); data = r.read()
    assert r.status < 300, (method, path, r.status, data)
    return json.loads(data) if data else None
def account(email, role):
    call("POST", "/api/v1/accounts", {"email": email, "password": "a long enough secret", "role": role})
    return call("POST", "/api/v1/tokens", {"email": email, "password": "a long enough secret"})["token"]
clinician = account("template-clinician@scale.example", "clinician")
lifter = account("template-lifter@scale.example", "lifter")
call("PATCH", "/api/v1/me", {"display_name": "Template"}, lifter)
today = datetime.date.today()
call("POST", "/api/v1/screenings", {"red_flags": [], "health": [], "pain": {"now": 2, "current_episode_onset": None,
     "previous_episodes": 1, "leg_symptoms": "none"}, "disc": {"diagnosed": False}, "tests": {"biering_sorensen_s": 95},
     "training": {"coached_sessions": 2}}, lifter)
call("POST", "/api/v1/assessments", {"instrument": "nprs", "score": 3, "taken_on": str(today)}, lifter)
call("POST", "/api/v1/assessments", {"instrument": "odi", "answers": [2, 1, None, 1, 0, 1, 1, 0, 1, 0], "taken_on": str(today)}, lifter)
call("POST", "/api/v1/sessions", {"date": "2001-01-01", "exercise": "trap_bar", "completed": True,
     "sets": [{"load": 61, "reps": 5, "rpe": 7}, {"load": 61, "reps": 5, "rpe": 7}, {"load": 61, "reps": 5, "rpe": 7.5}],
     "pain": {"before": 1, "during_max": 2, "after": 2, "next_morning": 1}, "leg_symptoms": "none", "faults": []}, lifter)
code = call("POST", "/api/v1/invites", None, lifter)["code"]
call("POST", "/api/v1/links", {"code": code}, clinician)
PY
    stop_server
    psql_db -v accounts="$accounts" -v lifters="$lifters" -v clinicians="$clinicians" -f bench/scale/prepare.sql
    # The generation, in slices over both cores.
    slices=16
    seq 0 $((slices - 1)) | xargs -P 2 -I{} psql "$url/$db" -v ON_ERROR_STOP=1 -qAt \
        -v slice={} -v slices="$slices" -v lifters="$lifters" -v clinicians="$clinicians" \
        -f bench/scale/generate.sql
    psql_db -f bench/scale/finish.sql
    psql_db -c "insert into scale_seed values ($accounts, true)"
    echo "== seeded in $(( $(date +%s) - started )) s"
fi

psql_db -c "select 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"
psql_db -F ' ' -c "select relname, reltuples::bigint from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace and reltuples > 1000 order by reltuples desc" |
    awk '{ printf "   %-20s %12d rows\n", $1, $2 }'

# Credentials for the sample: API tokens and browser sessions made in SQL (their hashes are
# what the server stores), written out for wrk's scripts.
psql_db -v lifters="$lifters" -v clinicians="$clinicians" -f bench/scale/credentials.sql >/dev/null
psql_db -F ' ' -c "select secret, extra from scale_credentials where kind = 'lifter' order by n" >"$work/lifters.txt"
psql_db -F ' ' -c "select secret, extra from scale_credentials where kind = 'clinician' order by n" >"$work/clinicians.txt"
psql_db -F ' ' -c "select secret, extra from scale_credentials where kind = 'clinician' and n <= 100 order by n" >"$work/large.txt"
psql_db -F ' ' -c "select secret, extra from scale_credentials where kind = 'clinician' and n > 100 order by n" >"$work/small.txt"

start_server
first_500="$(head -1 "$work/clinicians.txt" | cut -d' ' -f1)"
echo "== first look at a roster of 500 after start: $(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: resilift_session=$first_500" "$base/clients") s"
# Every sampled clinician's roster once: the statuses a running server keeps.
cut -d' ' -f1 "$work/clinicians.txt" | xargs -P 2 -I{} curl -s -o /dev/null -H "Cookie: resilift_session={}" "$base/clients"

# Plans: auto_explain logs each statement's plan for one pass over every route.
psql_db -c "select pg_stat_reset()" >/dev/null
lua() { # NAME METHOD: a wrk script drawing an identity per request
    local file=$2 kind=$3
    cat >"$work/$1.lua" <<LUA
local rows = {}
for line in io.lines("$work/$file") do
  local secret, extra = line:match("^(%S+) (%S+)")
  rows[#rows + 1] = { secret = secret, extra = extra }
end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
local today = os.date("!%Y-%m-%d")
request = function()
  local r = rows[math.random(#rows)]
  $kind
end
LUA
}
lua home lifters.txt 'return wrk.format("GET", "/home", { Cookie = "resilift_session=" .. r.secret })'
lua next lifters.txt 'return wrk.format("GET", "/api/v1/next-session", { Authorization = "Bearer rl_" .. r.secret })'
lua log lifters.txt 'return wrk.format("POST", "/api/v1/sessions", { Authorization = "Bearer rl_" .. r.secret, ["Content-Type"] = "application/json" }, "{\"date\":\"" .. today .. "\",\"exercise\":\"trap_bar\",\"completed\":true,\"sets\":[{\"load\":70,\"reps\":5,\"rpe\":7}],\"pain\":{\"before\":1,\"during_max\":2,\"after\":2,\"next_morning\":null},\"leg_symptoms\":\"none\",\"faults\":[]}")'
lua checkin lifters.txt 'return wrk.format("PATCH", "/api/v1/sessions/" .. r.extra, { Authorization = "Bearer rl_" .. r.secret, ["Content-Type"] = "application/json" }, "{\"pain\":{\"next_morning\":" .. math.random(0, 3) .. "}}")'
lua roster large.txt 'return wrk.format("GET", "/clients", { Cookie = "resilift_session=" .. r.secret })'
lua small small.txt 'return wrk.format("GET", "/clients", { Cookie = "resilift_session=" .. r.secret })'
lua client clinicians.txt 'return wrk.format("GET", "/clients/" .. r.extra, { Cookie = "resilift_session=" .. r.secret })'

explain_on() {
    psql_db -c "alter database $db set session_preload_libraries = 'auto_explain'" \
        -c "alter database $db set auto_explain.log_min_duration = 0" \
        -c "alter database $db set auto_explain.log_nested_statements = on" >/dev/null
}
explain_off() {
    psql_db -c "alter database $db reset session_preload_libraries" \
        -c "alter database $db reset auto_explain.log_min_duration" \
        -c "alter database $db reset auto_explain.log_nested_statements" >/dev/null
}
log_file="$(ls -t /var/log/postgresql/postgresql-*-main.log 2>/dev/null | head -1 || true)"
if [[ -r "$log_file" ]]; then
    explain_on
    stop_server; start_server # new connections pick the settings up
    mark=$(wc -c <"$log_file")
    for route in home next log checkin roster small client; do
        wrk -t1 -c1 -d1s -s "$work/$route.lua" "$base" >/dev/null
    done
    sleep 1
    explain_off
    tail -c +$((mark + 1)) "$log_file" >"$work/plans.log"
    stop_server; start_server
    cut -d' ' -f1 "$work/clinicians.txt" | xargs -P 2 -I{} curl -s -o /dev/null -H "Cookie: resilift_session={}" "$base/clients"
    # One plan per distinct statement (literals aside), with how often it ran and its slowest.
    python3 bench/scale/plans.py "$work/plans.log" "$accounts" "$url/$db" >bench/scale-plans.txt
    echo "== plans of one pass over every route: bench/scale-plans.txt"
    head -4 bench/scale-plans.txt | sed 's/^/   /'
fi

psql_db -c "select pg_stat_reset()" >/dev/null
echo "== mixed load: seven routes at once, one connection each, ${duration}s"
loaders=()
for route in home next log checkin roster small client; do
    wrk -t1 -c1 -d"${duration}s" --latency -s "$work/$route.lua" "$base" >"$work/$route.out" &
    loaders+=($!)
done
wait "${loaders[@]}"
total=0
printf '   %-30s %10s %10s %10s %8s\n' route "req/s" p50 p99 errors
for route in home next log checkin roster small client; do
    rate=$(awk '/Requests\/sec/ { print $2 }' "$work/$route.out")
    p50=$(awk '/ 50%/ { print $2 }' "$work/$route.out")
    p99=$(awk '/ 99%/ { print $2 }' "$work/$route.out")
    errors=$(awk '/Non-2xx/ { print $5 }' "$work/$route.out")
    case $route in
    home) name="GET /home" ;; next) name="GET /api/v1/next-session" ;;
    log) name="POST /api/v1/sessions" ;; checkin) name="PATCH /api/v1/sessions/{id}" ;;
    roster) name="GET /clients (500 clients)" ;; small) name="GET /clients (10 or 11)" ;;
    client) name="GET /clients/{id}" ;;
    esac
    printf '   %-30s %10s %10s %10s %8s\n' "$name" "$rate" "$p50" "$p99" "${errors:-0}"
    total=$(python3 -c "print(round($total + ${rate:-0}, 1))")
done
echo "   all routes: $total req/s"
echo "== sequential scans during the load (PostgreSQL's counters; tables over 1,000 rows)"
psql_db -F ' ' -c "select s.relname, s.seq_scan, coalesce(s.idx_scan, 0) from pg_stat_user_tables s join pg_class c on c.oid = s.relid where c.reltuples > 1000 order by s.relname" |
    awk '{ printf "   %-20s %8d sequential %10d by index\n", $1, $2, $3 }'
echo "server memory: $(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$server/status") at peak, the statuses of $(wc -l <"$work/clinicians.txt") clinicians' rosters kept"
