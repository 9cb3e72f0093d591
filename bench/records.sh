#!/usr/bin/env bash
# The record that travels, at size: a one-year clinical report (52 weekly sessions, monthly
# questionnaires and holds, clinician notes) as a PDF, and the preview of a ten-year Strong
# export (about 50,000 rows, 10 % of them deadlift sets). Each is timed over repeated requests
# against the release server on loopback; p50 and p99 are each request's own time.
#
#   bash bench/records.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-20}"
bin="${RESILIFT_BIN:-./target/release/resilift}"
[[ -n "${RESILIFT_BIN:-}" ]] || cargo build --release -q -p resilift
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
printf '[server]\nregistrations_per_hour = 100000\nopen_clinician_registration = true\n' >"$work/resilift.toml"
"$bin" --config "$work/resilift.toml" serve --addr "127.0.0.1:$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

python3 - "$port" "$repeats" "$work" "$server" <<'PY'
import http.client, json, sys, datetime, time, random, statistics
port, repeats, work, server = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
def memory():
    fields = dict(l.split(':', 1) for l in open(f'/proc/{server}/status') if l.startswith(('VmRSS', 'VmHWM')))
    return ', '.join(f'{k} {v.strip()}' for k, v in sorted(fields.items()))
def call(method, path, body=None, token=None, kind="application/json", raw=False):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": kind}
    if token: headers["Authorization"] = "Bearer " + token
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    conn.request(method, path, data, headers)
    r = conn.getresponse(); out = r.read()
    if raw: return r.status, out
    return r.status, (json.loads(out) if out else None)
def account(email, role):
    call("POST", "/api/v1/accounts", {"email": email, "password": "a long enough secret", "role": role})
    return call("POST", "/api/v1/tokens", {"email": email, "password": "a long enough secret"})[1]["token"]
lifter = account("year@example.org", "lifter")
clinician = account("physio@example.org", "clinician")
today = datetime.date.today()
start = today - datetime.timedelta(days=364)
screening = {"red_flags": [], "health": [], "pain": {"now": 2, "current_episode_onset": None, "previous_episodes": 1, "leg_symptoms": "none"},
             "disc": {"diagnosed": False}, "tests": {"biering_sorensen_s": 95}, "training": {"coached_sessions": 2}}
assert call("POST", "/api/v1/screenings", screening, lifter)[0] == 201
for week in range(52):
    day = start + datetime.timedelta(days=7 * week)
    load = 12 + 4 * (week // 8)
    s = {"date": str(day), "exercise": "kettlebell", "completed": True, "sets": [{"load": load, "reps": 8, "rpe": 7}] * 3,
         "pain": {"before": 2, "during_max": 2 + week % 3, "after": 2, "next_morning": 1 + week % 2}, "leg_symptoms": "none", "faults": []}
    assert call("POST", "/api/v1/sessions", s, lifter)[0] == 201
for month in range(12):
    day = str(start + datetime.timedelta(days=30 * month))
    call("POST", "/api/v1/assessments", {"instrument": "odi", "answers": [2, 1, None, 1, 0, 1, 1, 0, 1, 0], "taken_on": day}, lifter)
    call("POST", "/api/v1/assessments", {"instrument": "nprs", "score": 3 - month % 3, "taken_on": day}, lifter)
    call("POST", "/api/v1/assessments", {"instrument": "biering_sorensen", "seconds": 80 + month * 3, "taken_on": day}, lifter)
code = call("POST", "/api/v1/invites", None, lifter)[1]["code"]
link = call("POST", "/api/v1/links", {"code": code}, clinician)
for n in range(6):
    call("POST", "/api/v1/clients/%s/overrides" % link[1]["lifter_id"], {"note": f"Review {n}: keep going."}, clinician)

def timed(label, fn):
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{label}: p50 {statistics.median(times):.0f} ms, p99 {p99:.0f} ms, max {times[-1]:.0f} ms ({repeats} requests)")

pdf = {}
def report():
    status, body = call("GET", f"/api/v1/me/report.pdf?from={start}&to={today}", token=lifter, raw=True)
    assert status == 200, status
    pdf["bytes"] = body
print(f"seeded; server memory now: {memory()}")
timed("one-year report PDF (52 sessions, 36 assessments, 6 notes)", report)
open(f"{work}/report.pdf", "wb").write(pdf["bytes"])
print(f"  size {len(pdf['bytes']) // 1024} KiB; server memory now: {memory()}")

# Ten years of Strong, four workouts a week, about 12 sets each: about 50,000 rows.
rows = ['"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"']
random.seed(1)
first = today - datetime.timedelta(days=3650)
n = 0
for day in range(0, 3650):
    if day % 7 not in (0, 2, 4, 5): continue
    n += 1
    date = first + datetime.timedelta(days=day)
    stamp = f"{date} 17:30:00"
    names = ["Deadlift (Barbell)", "Bench Press (Barbell)", "Squat (Barbell)", "Bent Over Row (Barbell)"] if day % 7 == 0 else \
            ["Squat (Barbell)", "Overhead Press (Barbell)", "Pull Up", "Romanian Deadlift (Barbell)"]
    for name in names:
        for order in range(1, 7):
            rows.append(f'"{n}";"{stamp}";"Workout {n}";"3600";"{name}";"{order}";"{60 + order * 10 + day % 20}.0";"5";"";"";"";"";""')
text = "\n".join(rows).encode()
print(f"ten-year Strong export: {len(rows) - 1} rows, {len(text) // 1024} KiB")
ids = []
def preview():
    status, body = call("POST", "/api/v1/imports", text, lifter, kind="text/csv")
    assert status == 201, (status, body)
    ids.append(body["id"]); preview.sessions = len(body["sessions"])
timed("preview of the ten-year export", preview)
print(f"  {preview.sessions} deadlift sessions mapped; server memory now: {memory()}")
def confirm():
    i = ids.pop()
    assert call("POST", f"/api/v1/imports/{i}/confirm", None, lifter)[0] == 200
    assert call("DELETE", f"/api/v1/imports/{i}", None, lifter)[0] == 204
timed("confirm then undo of the ten-year import", confirm)
PY
grep -E "VmHWM" "/proc/$server/status"
