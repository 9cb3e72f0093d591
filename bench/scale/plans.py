"""Reduces PostgreSQL's auto_explain log to one plan per distinct statement.

    python3 bench/scale/plans.py POSTGRESQL_LOG ACCOUNTS DATABASE_URL > bench/scale-plans.txt

Statements are told apart by their text with quoted literals masked. For each: how many times it
ran, its slowest run, and the plan of that slowest run. The head says which tables any plan read
from start to end (a sequential scan) and how many rows each of those tables holds, because a
sequential scan on an empty table is the planner's right choice and not a scan that grows.
"""
import re
import subprocess
import sys

log, accounts, database = sys.argv[1], sys.argv[2], sys.argv[3]
entries = re.split(r"^\S+ \S+ \S+ \[\d+\] \S+ LOG:  ", open(log, encoding="utf-8", errors="replace").read(), flags=re.M)
plans = {}
for entry in entries:
    match = re.match(r"duration: ([\d.]+) ms  plan:\n\s*Query Text: (.*?)\n(.*)", entry, flags=re.S)
    if not match:
        continue
    duration, text, plan = float(match[1]), match[2].strip(), match[3]
    plan = "\n".join(line[1:] if line.startswith("\t") else line for line in plan.rstrip().splitlines()
                     if not re.match(r"^\S+ \S+ \S+ \[", line))
    key = re.sub(r"'[^']*'", "'…'", re.sub(r"\s+", " ", text))
    count, slowest, _, _ = plans.get(key, (0, -1.0, "", ""))
    if duration > slowest:
        plans[key] = (count + 1, duration, text, plan)
    else:
        plans[key] = (count + 1, slowest, plans[key][2], plans[key][3])

scanned = sorted({t for _, _, _, plan in plans.values() for t in re.findall(r"Seq Scan on (\w+)", plan)})
sizes = {}
for table in scanned:
    rows = subprocess.run(["psql", database, "-qAt", "-c", f"select count(*) from {table}"],
                          capture_output=True, text=True).stdout.strip()
    sizes[table] = rows or "?"
print(f"{len(plans)} distinct statements over one pass of every route, {accounts} accounts.")
print("Sequential scans: " + (", ".join(f"{t} ({sizes[t]} rows)" for t in scanned) or "none") + ".")
print("Every other table is read through an index (below, each statement's slowest plan).")
print()
for key, (count, slowest, text, plan) in sorted(plans.items(), key=lambda kv: -kv[1][1]):
    print(f"-- ran {count}×, slowest {slowest:.3f} ms")
    print(text)
    print(plan)
    print()
