#!/usr/bin/env python3
"""Second-opinion FHIR validation of JSON resources (normally Bundles) with
fhir.resources 8.3.0, R4B models (pydantic v2).

    python validate.py FILE... [--expect-invalid FILE]...

Output and exit status follow validate.mjs:
    ok FILE
    INVALID FILE: <FHIRPath expression>: <message>; ...
    ok FILE (invalid as expected): <issues>           (--expect-invalid, and it is invalid)
    UNEXPECTED-PASS FILE: expected validation errors  (--expect-invalid, but it passed)
Exit status 0 only when every file met its expectation; 2 on usage errors.

This checks structure, cardinality, primitive formats (regexes, e.g. a dateTime
with a time needs a timezone; strings must not be empty) and choice-type
exclusivity. It checks neither FHIRPath invariants nor terminology bindings, and
pydantic's lax mode accepts "4" for an integer; validate.mjs covers those.
"""

import json
import sys


def usage(msg):
    sys.stderr.write(f"{msg}\nusage: validate.py FILE... [--expect-invalid FILE]...\n")
    sys.exit(2)


def parse_args(argv):
    jobs = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--expect-invalid":
            if i + 1 >= len(argv):
                usage("--expect-invalid needs a FILE")
            jobs.append((argv[i + 1], True))
            i += 2
            continue
        if a in ("-h", "--help"):
            usage("Validates FHIR JSON files with fhir.resources (R4B models).")
        if a.startswith("--"):
            usage(f"unknown option {a}")
        jobs.append((a, False))
        i += 1
    if not jobs:
        usage("no files given")
    return jobs


def loc_to_fhirpath(root, loc):
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "__root__":
            continue
        else:
            path += f".{part}"
    return path


def one_line(text):
    """Escapes line breaks and other control characters so each file stays on one line."""
    return "".join(json.dumps(c)[1:-1] if ord(c) < 0x20 else c for c in text)


def short(value, limit=60):
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def validate_file(path):
    from pydantic import ValidationError
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        data = json.loads(text)
    except (OSError, ValueError) as err:
        return [("(file)", f"cannot read JSON: {err}")]
    if not isinstance(data, dict):
        return [("(file)", "top-level JSON value is not an object")]
    root = data.get("resourceType")
    if not isinstance(root, str):
        return [("(root)", "missing resourceType")]

    try:
        model = Bundle if root == "Bundle" else get_fhir_model_class(root)
    except Exception as err:  # unknown resourceType
        return [(root, f"{type(err).__name__}: {err}")]

    try:
        model.model_validate_json(text)
    except ValidationError as err:
        issues = []
        for e in err.errors():
            msg = e.get("msg", "validation error")
            if "input" in e and e.get("type") != "missing" and not isinstance(e["input"], (dict, list)):
                msg += f" (got {short(e['input'])})"
            issues.append((loc_to_fhirpath(root, e.get("loc", ())), msg))
        return issues or [(root, str(err))]
    except Exception as err:  # fhir_core raises e.g. KeyError for an unknown nested resourceType
        return [(root, f"{type(err).__name__}: {err}")]
    return []


def main():
    jobs = parse_args(sys.argv[1:])
    failed = False
    for path, expect_invalid in jobs:
        issues = validate_file(path)
        text = "; ".join(one_line(f"{expr}: {msg}") for expr, msg in issues)
        if expect_invalid:
            if issues:
                print(f"ok {path} (invalid as expected): {text}")
            else:
                failed = True
                print(f"UNEXPECTED-PASS {path}: expected validation errors, found none")
        elif issues:
            failed = True
            print(f"INVALID {path}: {text}")
        else:
            print(f"ok {path}")
    sys.stdout.flush()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
