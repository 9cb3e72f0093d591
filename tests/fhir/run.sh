#!/usr/bin/env bash
# Validate FHIR JSON exports with two independent validators.
#
#   bash tests/fhir/run.sh DIR|FILE...
#
# Every *.json directly inside each DIR (and every FILE given) must be valid for
# both @medplum/core (validate.mjs) and fhir.resources R4B (validate.py); the
# deliberately broken fixture broken-bundle.json must be rejected by both.
# Installs what is missing first: npm ci in tests/fhir, and a venv with
# fhir.resources at $FHIR_VENV (default <repo>/target/fhir-venv).
# Exit status: 0 when everything met expectations, 1 otherwise, 2 on usage errors.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${FHIR_VENV:-$ROOT/target/fhir-venv}"
FHIR_RESOURCES_VERSION="8.3.0"

if [ "$#" -eq 0 ]; then
  echo "usage: $0 DIR|FILE..." >&2
  exit 2
fi

# ---- inputs (resolved before any cd) ----------------------------------------
files=()
for arg in "$@"; do
  if [ -d "$arg" ]; then
    found=0
    while IFS= read -r -d '' f; do
      files+=("$f")
      found=1
    done < <(find "$arg" -maxdepth 1 -name '*.json' \( -type f -o -type l \) -print0 | sort -z)
    if [ "$found" -eq 0 ]; then
      echo "run.sh: no *.json files in $arg" >&2
      exit 1
    fi
  elif [ -f "$arg" ]; then
    files+=("$arg")
  else
    echo "run.sh: no such file or directory: $arg" >&2
    exit 2
  fi
done
BROKEN="$HERE/broken-bundle.json"

# ---- installation (quiet; logs shown only on failure) -----------------------
mkdir -p "$ROOT/target"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
quiet() {
  if ! "$@" >"$LOG" 2>&1; then
    echo "run.sh: install step failed: $*" >&2
    cat "$LOG" >&2
    exit 1
  fi
}

install_deps() {
  # npm: (re)install when node_modules is missing or older than the lockfile.
  if [ ! -f "$HERE/node_modules/.package-lock.json" ] \
    || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
    quiet npm ci --prefix "$HERE" --no-audit --no-fund --loglevel=error
  fi
  # Python venv with the pinned fhir.resources.
  if ! "$VENV/bin/python" -c "import sys, fhir.resources as f; sys.exit(f.__version__ != '$FHIR_RESOURCES_VERSION')" >/dev/null 2>&1; then
    if [ ! -x "$VENV/bin/python" ]; then
      quiet python3 -m venv --clear "$VENV"
    fi
    quiet "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      "fhir.resources==$FHIR_RESOURCES_VERSION"
  fi
}

if command -v flock >/dev/null 2>&1; then
  exec 9>"$ROOT/target/fhir-install.lock"
  flock 9
  install_deps
  flock -u 9
else
  install_deps
fi

# ---- validation ---------------------------------------------------------------
status=0
echo "== @medplum/core 5.2.13 (validate.mjs)"
node "$HERE/validate.mjs" "${files[@]}" --expect-invalid "$BROKEN" || status=1
echo "== fhir.resources $FHIR_RESOURCES_VERSION, R4B models (validate.py)"
"$VENV/bin/python" "$HERE/validate.py" "${files[@]}" --expect-invalid "$BROKEN" || status=1
exit "$status"
