#!/usr/bin/env bash
# Measures the real binary on a 100k-session database: `footlog week --json` against the same
# weekly aggregation run by the sqlite3 tool on the same file (the bare limit), and peak RSS.
# Usage: bash benches/cli_compare.sh [SESSIONS]   (needs sqlite3 and python3; GNU time for RSS)
#   ROUNDS=N      interleaved rounds (default 60)
#   FOOTLOG_BIN=… the footlog binary to measure (default: this tree's release build)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin footlog --example gen_data
bin="${FOOTLOG_BIN:-target/release/footlog}"
db="$work/footlog.db"
export FOOTLOG_NOW="2026-11-23 20:30" TZ=UTC
target/release/examples/gen_data "$n" > "$work/data.json"
target/release/footlog --db "$db" import "$work/data.json" >/dev/null
echo "sessions: $(sqlite3 "$db" 'SELECT count(*) FROM sessions')"

# The same 52 weeks (Mon–Sun) that `footlog week --weeks 52 --until 2026-11-23` shows.
sql="SELECT date(local_date, '-' || ((CAST(strftime('%w', local_date) AS INTEGER) + 6) % 7) || ' days') AS week,
            count(*) FROM sessions
     WHERE deleted_at IS NULL AND local_date BETWEEN '2025-11-24' AND '2026-11-29'
     GROUP BY week ORDER BY week"
# Interleaved rounds (footlog, then sqlite3, each round), so a shared machine's load falls on
# both alike; medians of wall time and of CPU time (user + system, which the load disturbs less).
python3 - "$bin" "$db" "$sql" "${ROUNDS:-60}" <<'PY'
import os, resource, statistics, subprocess, sys, time
bin, db, sql, rounds = sys.argv[1:]
cmds = {
    "footlog week --json": [bin, "--db", db, "week", "--weeks", "52", "--until", "2026-11-23", "--json"],
    "sqlite3 aggregation": ["sqlite3", db, sql],
}
times = {k: [] for k in cmds}
for r in range(int(rounds) + 5):
    for k, c in cmds.items():
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if r >= 5:  # the first rounds warm the page cache
            times[k].append((wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime))
med = {k: [statistics.median(x[i] for x in v) * 1000 for i in (0, 1)] for k, v in times.items()}
(fw, fc), (sw, sc) = med["footlog week --json"], med["sqlite3 aggregation"]
print(f"median wall: footlog week --json {fw:.2f} ms; sqlite3 {sw:.2f} ms; ratio {fw/sw:.2f}")
print(f"median CPU:  footlog week --json {fc:.2f} ms; sqlite3 {sc:.2f} ms; ratio {fc/sc:.2f}")
PY
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$bin" --db "$db" week --weeks 52 --json 2>&1 >/dev/null | grep "Maximum resident"
    /usr/bin/time -v "$bin" --db "$db" stats --json 2>&1 >/dev/null | grep "Maximum resident"
fi
