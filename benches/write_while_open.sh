#!/usr/bin/env bash
# `footlog log` with the app closed against `footlog log` while another program holds the database
# open with a non-empty -wal (as the open app does), at each size: the door for writes must cost
# the same either way (its damage check does not read the whole file). Interleaved rounds on the
# same file; prints each variant's median wall time and median CPU time (user + sys).
#
# Usage: bash benches/write_while_open.sh [SIZES...]     (default: 100000 1000000)
#   ROUNDS=N      rounds (default 15)
#   FOOTLOG_BIN=… the footlog binary to measure (default: this tree's release build)
#   DB_DIR=…      a folder holding <size>.db files made by gen_db earlier, copied instead of made
# Needs python3. Databases come from examples/gen_db (1M sessions take about a minute to make).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100000 1000000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
cargo build --release --quiet --bin footlog --example gen_db
bin="${FOOTLOG_BIN:-$PWD/target/release/footlog}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for n in "${sizes[@]}"; do
    if [ -n "${DB_DIR:-}" ] && [ -f "$DB_DIR/$n.db" ]; then
        cp "$DB_DIR/$n.db" "$work/$n.db"
    else
        target/release/examples/gen_db "$n" "$work/$n.db"
    fi
done
echo "binary: $bin"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$bin" "$work" "${ROUNDS:-15}" "${sizes[@]}" <<'PY'
import os, resource, sqlite3, statistics, subprocess, sys, time

bin, work, rounds, *sizes = sys.argv[1:]
rounds = int(rounds)
env = dict(os.environ, FOOTLOG_NOW="2026-11-23 20:30", TZ="UTC")

def run(db):
    """Wall and CPU seconds of one `footlog log` into `db`."""
    t0 = time.perf_counter()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([bin, "--db", db, "log", "--before", "6", "--after", "2"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise SystemExit(f"footlog log failed: {p.stderr}")
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

def wal(db):
    try:
        return os.path.getsize(db + "-wal")
    except FileNotFoundError:
        return 0

for n in sizes:
    db = f"{work}/{n}.db"
    closed, open_ = [], []
    for _ in range(rounds):
        # Closed: no -wal beside the database (every footlog that closed last merged it).
        assert wal(db) == 0, "a -wal was left behind"
        closed.append(run(db))
        # Open: another connection keeps changes in the -wal and stays open, as the app does.
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("UPDATE settings SET value = value WHERE key = 'week_start'")
        holder.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench', 'x')")
        assert wal(db) > 0, "the holder left no -wal"
        open_.append(run(db))
        holder.execute("DELETE FROM settings WHERE key = 'bench'")
        holder.close()
    med = lambda xs, i: statistics.median(x[i] for x in xs) * 1000
    c, o = med(closed, 0), med(open_, 0)
    print(f"{n:>8} sessions: log, app closed {c:6.1f} ms (cpu {med(closed, 1):5.1f}); "
          f"app open (-wal held) {o:6.1f} ms (cpu {med(open_, 1):5.1f}); difference {o - c:+.1f} ms")
PY
