#!/usr/bin/env bash
# Measures the real binary on a 100k-session database: `footlog week --json` against the same
# weekly aggregation run by the sqlite3 tool on the same file (the bare limit), and peak RSS.
# Usage: bash benches/cli_compare.sh [SESSIONS]   (needs hyperfine and sqlite3; GNU time for RSS)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin footlog --example gen_data
bin=target/release/footlog
db="$work/footlog.db"
export FOOTLOG_NOW="2026-11-23 20:30" TZ=UTC
target/release/examples/gen_data "$n" > "$work/data.json"
"$bin" --db "$db" import "$work/data.json" >/dev/null
echo "sessions: $(sqlite3 "$db" 'SELECT count(*) FROM sessions')"

# The same 52 weeks (Mon–Sun) that `footlog week --weeks 52 --until 2026-11-23` shows.
sql="SELECT date(local_date, '-' || ((CAST(strftime('%w', local_date) AS INTEGER) + 6) % 7) || ' days') AS week,
            count(*) FROM sessions
     WHERE deleted_at IS NULL AND local_date BETWEEN '2025-11-24' AND '2026-11-29'
     GROUP BY week ORDER BY week"
hyperfine -N --warmup 5 --runs 50 --export-json "$work/h.json" \
    "$bin --db $db week --weeks 52 --until 2026-11-23 --json" \
    "sqlite3 $db \"$sql\""
python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
f, s = r[0]["median"], r[1]["median"]
print(f"median footlog week --json: {f*1000:.2f} ms; sqlite3: {s*1000:.2f} ms; ratio {f/s:.2f}")
PY
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$bin" --db "$db" week --weeks 52 --json 2>&1 >/dev/null | grep "Maximum resident"
    /usr/bin/time -v "$bin" --db "$db" stats --json 2>&1 >/dev/null | grep "Maximum resident"
fi
