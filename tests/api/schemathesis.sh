#!/usr/bin/env bash
# The API against its own OpenAPI document, with schemathesis: a real server on loopback, a
# lifter's and a clinician's token, bounded generation (a fixed seed and example count), and the
# gate: no server error, no answer outside its documented schema or status, no schema-violating
# request accepted. (Schema-valid requests that the server refuses for what a schema cannot say,
# such as a day that has not come yet or a wrong password, are expected, so that one check is off.)
#
#   bash tests/api/schemathesis.sh            # uses target/release/resilift
#   RESILIFT_BIN=path/to/resilift bash tests/api/schemathesis.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${RESILIFT_BIN:-$root/target/release/resilift}"
venv="${SCHEMATHESIS_VENV:-$root/target/schemathesis-venv}"
if [ ! -x "$venv/bin/st" ]; then
    echo "==> installing schemathesis into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi

work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
# One address registers and signs in many times here, past the limits a server keeps.
printf '[server]\nregistrations_per_hour = 100000\naddress_failures_free = 100000\nopen_clinician_registration = true\n' >"$work/resilift.toml"
# The form check's pose models, so that a generated clip meets the real analysis (the cached
# package from tests/form_data.py, installed as an operator would).
python3 "$root/tests/form_data.py" "${RESILIFT_FORM_DATA:-$root/target/form-data}" >/dev/null
"$bin" models install --from "${RESILIFT_FORM_DATA:-$root/target/form-data}/pose-0.5.1675469404.tgz" --data-dir "$work/data" >/dev/null
RESILIFT_LOG=warn "$bin" --config "$work/resilift.toml" serve --addr 127.0.0.1:0 --data-dir "$work/data" >"$work/out" 2>"$work/err" &
pid=$!
base=""
for _ in $(seq 1 100); do
    base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/out" | head -n1 || true)"
    [ -n "$base" ] && break
    sleep 0.1
done
[ -n "$base" ] || { echo "the server did not start"; cat "$work/err"; exit 1; }

token() { # email role
    curl -sf -X POST "$base/api/v1/accounts" -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"a long enough secret\",\"role\":\"$2\"}" >/dev/null
    curl -sf -X POST "$base/api/v1/tokens" -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"a long enough secret\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
lifter="$(token schemathesis-lifter@example.org lifter)"
clinician="$(token schemathesis-clinician@example.org clinician)"
curl -sf "$base/api/openapi.json" >"$work/openapi.json"

status=0
# Schemathesis keeps a cache in the folder it runs in: the temporary one, not the repository.
cd "$work"
for who in lifter clinician; do
    secret="$lifter"
    [ "$who" = clinician ] && secret="$clinician"
    echo "==> schemathesis as a $who"
    # One worker: with two, schemathesis 4.32.5 once failed inside its own coverage phase (a
    # KeyError in its source cache), an error of the tool and not of the API.
    PYTHONPATH="$root/tests/api" SCHEMATHESIS_HOOKS=media \
    "$venv/bin/st" run "$work/openapi.json" --url "$base" \
        --checks all --exclude-checks positive_data_acceptance \
        --phases examples,coverage,fuzzing --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" --seed 1 --workers 1 \
        -H "Authorization: Bearer $secret" --no-color >"$work/st-$who.txt" 2>&1 || status=1
    grep -E "generated|failures|passed|^  (❌|✅)" "$work/st-$who.txt" || true
    if [ "$status" -ne 0 ]; then cat "$work/st-$who.txt"; fi
done
if grep -q "panicked" "$work/err"; then
    echo "the server panicked:"; cat "$work/err"; status=1
fi
exit "$status"
