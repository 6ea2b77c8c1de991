#!/usr/bin/env bash
# Pairs `footlog import` of a JSON export (as `footlog export` writes it) against the sqlite3
# tool's own CSV `.import` of the same rows (every column of `sessions` and `sleep_notes`, as
# footlog stores them, with a header line), in interleaved rounds, each into a copy of the same
# empty footlog database; prints medians, spreads and ratios. The reference:
#   sqlite3 .import (schema)  `.import` into temporary tables, then one INSERT … SELECT into
#                             footlog's own tables with every CHECK constraint, index and trigger
#                             on (NULLs restored with nullif(): CSV has no NULL): the same end
#                             state as footlog's import, reached by SQLite alone — the honest floor
# and, for scale only, `sqlite3 .import (bare)`: `.import` into new tables it makes from the
# header (text columns, no constraint, no index, no trigger), the bare cost of loading the rows.
# footlog is timed twice: into a copy of the same empty database, and into a new file (no
# database yet, its usual first import). Reports wall-clock and CPU time (user + system) of
# each, and each one's ratio to the reference. Then measures peak memory (GNU time) of `import`
# and `export`.
#
# Usage: bash benches/exchange_compare.sh [SESSIONS] [ROUNDS]
#   OTHER_BIN=/path/to/footlog  also times another footlog build in the same rounds (before/after);
#                               several builds separated by ':' are timed as "other", "other 2", ...
# Needs sqlite3, python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
rounds="${2:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin footlog --example gen_data
bin="$PWD/target/release/footlog"
export FOOTLOG_NOW="2026-11-23 20:30" TZ=UTC
target/release/examples/gen_data "$n" > "$work/data.json"
echo '[]' > "$work/nothing.json"
"$bin" --db "$work/empty.db" import "$work/nothing.json" >/dev/null
"$bin" --db "$work/ref.db" import "$work/data.json" >/dev/null
sqlite3 -csv -header "$work/ref.db" "SELECT * FROM sessions" > "$work/sessions.csv"
sqlite3 -csv -header "$work/ref.db" "SELECT * FROM sleep_notes" > "$work/sleep.csv"
echo "sessions: $(sqlite3 "$work/ref.db" 'SELECT count(*) FROM sessions')," \
    "sleep notes: $(sqlite3 "$work/ref.db" 'SELECT count(*) FROM sleep_notes');" \
    "JSON $(du -h "$work/data.json" | cut -f1), CSV $(du -ch "$work"/*.csv | tail -1 | cut -f1)"

python3 - "$work" "$bin" "$rounds" "${OTHER_BIN:-}" <<'PY'
import os, shutil, statistics, subprocess, sys, time
work, bin, rounds, other = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
db = os.path.join(work, "target.db")
# (command, whether it starts from a copy of the empty footlog database or from no file)
cmds = {
    "footlog import (new db)": [bin, "--db", db, "import", os.path.join(work, "data.json")],
    "footlog import": [bin, "--db", db, "import", os.path.join(work, "data.json")],
    "sqlite3 .import (bare)": ["sqlite3", db,
                               f".import --csv {work}/sessions.csv csv_sessions",
                               f".import --csv {work}/sleep.csv csv_sleep_notes"],
    "sqlite3 .import (schema)": ["sqlite3", db,
        "PRAGMA temp_store = MEMORY",
        f".import --csv --schema temp {work}/sessions.csv s",
        f".import --csv --schema temp {work}/sleep.csv n",
        "BEGIN",
        "INSERT INTO sessions SELECT id, uuid, started_at, started_utc, local_date, minutes, feet, "
        "tool, areas, nullif(oil, ''), tension_before, tension_after, nullif(pain, ''), "
        "nullif(note, ''), created_at, updated_at, nullif(deleted_at, '') FROM temp.s",
        "INSERT INTO sleep_notes (id, uuid, night, quality, hours, note, created_at, updated_at, "
        "deleted_at, bed, tried, latency_min, awakenings, awake_min, woke, up) "
        "SELECT id, uuid, night, quality, nullif(hours, ''), "
        "nullif(note, ''), created_at, updated_at, nullif(deleted_at, ''), nullif(bed, ''), "
        "nullif(tried, ''), nullif(latency_min, ''), nullif(awakenings, ''), "
        "nullif(awake_min, ''), nullif(woke, ''), nullif(up, '') FROM temp.n",
        "COMMIT"],
}
# OTHER_BIN may name several builds, separated by ':' ("other", "other 2", ...).
for i, path in enumerate(p for p in other.split(":") if p):
    label = "other import (new db)" if i == 0 else f"other {i + 1} import (new db)"
    cmds[label] = [path, "--db", db, "import", os.path.join(work, "data.json")]
times = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
names = list(cmds)
for r in range(rounds):
    # Interleaved, and each round in another order, so drift on a shared machine hits all alike.
    order = names[r % len(names):] + names[:r % len(names)]
    for name in order:
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        if not name.endswith("(new db)"):
            shutil.copy(os.path.join(work, "empty.db"), db)
        t0 = time.perf_counter()
        child = subprocess.Popen(cmds[name], stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        times[name].append(time.perf_counter() - t0)
        cpu[name].append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{name} failed")
# Wall-clock time, then CPU time (user + system of the command): on a machine shared with other
# work the CPU time suffers much less from the sharing.
for label, table in (("wall", times), ("CPU", cpu)):
    ref = statistics.median(table["sqlite3 .import (schema)"])
    print(f"{label}:")
    for name in names:
        t = table[name]
        m = statistics.median(t)
        print(f"  {name:28} median {m*1000:8.1f} ms  (fastest {min(t)*1000:.1f}, slowest {max(t)*1000:.1f}, "
              f"{len(t)} rounds)  ratio to .import (schema) {m/ref:.2f}")
PY

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'; }
rm -f "$work/target.db"*
echo "peak RSS footlog import (new database): $(( $(rss "$bin" --db "$work/target.db" import "$work/data.json") / 1024 )) MB"
echo "peak RSS footlog export (JSON, stdout): $(( $(rss "$bin" --db "$work/ref.db" export) / 1024 )) MB"
echo "peak RSS footlog export (CSV, stdout):  $(( $(rss "$bin" --db "$work/ref.db" export --format csv) / 1024 )) MB"
echo "peak RSS footlog export --output FILE:  $(( $(rss "$bin" --db "$work/ref.db" export --output "$work/out.json") / 1024 )) MB"
IFS=: read -r -a others <<< "${OTHER_BIN:-}"
for o in "${others[@]}"; do
    [ -n "$o" ] || continue
    rm -f "$work/target.db"*
    echo "peak RSS import of $o: $(( $(rss "$o" --db "$work/target.db" import "$work/data.json") / 1024 )) MB"
    echo "peak RSS export of $o: $(( $(rss "$o" --db "$work/ref.db" export) / 1024 )) MB"
done
