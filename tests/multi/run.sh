#!/usr/bin/env bash
# Several servers, one database: two `resilift serve` processes on one PostgreSQL database
# behind HAProxy (Debian's package, installed here if missing). Clients write through the load
# balancer with an Idempotency-Key on every POST and retry until they get an answer; one server
# is killed with SIGKILL mid-load. The test passes when every write was acknowledged, none was
# lost and none was stored twice, and a browser session signed in after the kill works
# through the server that is left.
#
#   bash tests/multi/run.sh            (RESILIFT_TEST_PG_URL names a database to copy from;
#                                       default postgres://postgres@127.0.0.1:5432/postgres)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${RESILIFT_BIN:-$root/target/release/resilift}"
[[ -x "$bin" ]] || { echo "multi: build the release binary first (cargo build --release -p resilift)" >&2; exit 2; }
if ! command -v haproxy >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
fi
admin_url="${RESILIFT_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
base_url="${admin_url%/*}"
db="resilift_multi_$(date +%s)_$$"
psql "$admin_url" -qc "CREATE DATABASE $db"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
a=$(port); b=$(port); front=$(port)
# The load balancer is the only proxy the servers trust for the client's address.
printf '[server]\nregistrations_per_hour = 1000\ntrusted_proxies = ["127.0.0.1"]\n' >"$work/resilift.toml"
start() {
    RESILIFT_DATABASE_URL="$base_url/$db" "$bin" --config "$work/resilift.toml" serve --addr "127.0.0.1:$1" >"$work/server-$1.log" 2>&1 &
    pids+=($!)
    echo $!
}
server_a=$(start "$a")
server_b=$(start "$b")
for p in "$a" "$b"; do
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.1; done
done
sed -e "s/@FRONT@/$front/" -e "s/@A@/$a/" -e "s/@B@/$b/" "$root/deploy/haproxy.cfg" >"$work/haproxy.cfg"
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)
disown -a
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$front/healthz" >/dev/null && break; sleep 0.1; done

python3 - "$front" "$server_a" <<'PY'
import http.client, json, os, signal, sys, threading, time, uuid, datetime
front, victim = int(sys.argv[1]), int(sys.argv[2])
WRITERS, PER_WRITER = 8, 40
def call(method, path, body=None, token=None, key=None, cookie=None, csrf=None):
    conn = http.client.HTTPConnection("127.0.0.1", front, timeout=10)
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    if key: headers["Idempotency-Key"] = key
    if cookie: headers["Cookie"] = cookie
    if csrf: headers["X-CSRF-Token"] = csrf
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse(); data = r.read()
    try:
        answer = json.loads(data) if data else None
    except ValueError:  # the load balancer's own error page
        answer = None
    return r.status, answer, r.getheader("set-cookie")
def retrying(method, path, body, token):
    """A client that retries with the same key until the write is acknowledged."""
    key = str(uuid.uuid4())
    # A write whose server died after storing it but before keeping its answer is "still being
    # handled" for 30 s, then "already done": keep asking for a minute.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, answer, _ = call(method, path, body, token, key)
        except (OSError, http.client.HTTPException):
            time.sleep(0.05); continue
        if status in (200, 201):
            return "stored"
        if status == 409 and answer and answer.get("code") == "already_done":
            return "stored"
        if status in (409, 429, 502, 503, 504):  # pending, busy, or the server behind died
            time.sleep(0.5); continue
        failures.append(f"{path} answered {status}: {answer}")
        return "failed"
    failures.append(f"{path} never acknowledged")
    return "failed"

password = "a long enough secret"
email = "multi@example.org"
assert call("POST", "/api/v1/accounts", {"email": email, "password": password, "role": "lifter"})[0] == 201
token = call("POST", "/api/v1/tokens", {"email": email, "password": password})[1]["token"]
today = datetime.date.today()
acknowledged = []
failures = []
lock = threading.Lock()
def writer(n):
    for i in range(PER_WRITER):
        day = today - datetime.timedelta(days=(n * PER_WRITER + i) % 365)
        body = {"date": str(day), "exercise": "kettlebell", "completed": True,
                "sets": [{"load": 16, "reps": 8, "rpe": 7}], "leg_symptoms": "none", "faults": [],
                "pain": {"before": 1, "during_max": 1, "after": 1, "next_morning": 1}}
        if retrying("POST", "/api/v1/sessions", body, token) == "stored":
            with lock: acknowledged.append((n, i))
threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
for t in threads: t.start()
while len(acknowledged) < WRITERS * PER_WRITER // 3: time.sleep(0.01)
os.kill(victim, signal.SIGKILL)
killed_at = len(acknowledged)
for t in threads: t.join()
stored, cursor = 0, None
while True:
    path = "/api/v1/sessions?limit=200" + (f"&cursor={cursor}" if cursor else "")
    status, page, _ = call("GET", path, token=token)
    assert status == 200, (status, page)
    stored += len(page["items"]); cursor = page["next"]
    if not cursor: break
expected = WRITERS * PER_WRITER
print(f"multi: {expected} writes through HAProxy, one of two servers killed after {killed_at}: {len(acknowledged)} acknowledged, {stored} stored")
assert not failures, failures[:5]
assert len(acknowledged) == expected, "a write was never acknowledged"
assert stored == expected, f"{stored} stored for {expected} acknowledged writes: lost or doubled"

# A browser session made through one server works through the other (only one is left now),
# and the wrong-password count is shared: it is kept in the database.
status, me, cookie = call("POST", "/api/v1/sign-in", {"email": email, "password": password})
assert status == 200, (status, me)
cookie = cookie.split(";")[0]
assert call("GET", "/api/v1/me", cookie=cookie)[0] == 200
PY
echo "multi: ok"
