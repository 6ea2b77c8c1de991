#!/usr/bin/env bash
# Sync's numbers against a real TaskChampion sync server on loopback (footlog-sync-testserver:
# taskchampion-sync-server-core behind a small HTTP loop), release builds, each device a separate
# database: a long history's first sync up (`sync setup --new`) and first sync down (`sync setup
# --join` on an empty device), one change sent and received, a device with its own history
# joining one with another, and the wall-clock time and peak memory (GNU time) of each.
#
# Usage: bash benches/sync_numbers.sh [SESSIONS] [JOIN_SESSIONS]   (defaults: 5000 2000)
# Needs python3, sqlite3, tmux and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-5000}"
j="${2:-2000}"
cargo build --release --quiet --bin footlog --bin footlog-sync-testserver --example gen_data
bin="$PWD/target/release/footlog"
work="$(mktemp -d)"
target/release/footlog-sync-testserver > "$work/url" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url="$(head -1 "$work/url")"
export FOOTLOG_NOW="2026-11-23 20:30" TZ=UTC
timed() { # label, then the command; prints "label: S s, M MB"
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" > "$work/out" 2> "$work/err" || {
        cat "$work/err" >&2; return 1; }
    read -r secs kb < "$work/t"
    printf '%-52s %6.2f s %6d MB\n' "$label:" "$secs" $((kb / 1024))
}
target/release/examples/gen_data "$n" 1 > "$work/a.json"
"$bin" --db "$work/a.db" import "$work/a.json" > /dev/null
# Ten years of nightly notes at most (the generator writes more): the newest 3,650 stay.
sqlite3 "$work/a.db" "DELETE FROM sleep_notes WHERE id NOT IN \
    (SELECT id FROM sleep_notes ORDER BY night DESC LIMIT 3650)"
"$bin" --db "$work/a.db" export > "$work/a.json"
echo "history: $(sqlite3 "$work/a.db" 'SELECT count(*) FROM sessions') sessions," \
    "$(sqlite3 "$work/a.db" 'SELECT count(*) FROM sleep_notes') sleep notes"
timed "first sync up (setup --new, $n sessions)" "$bin" --db "$work/a.db" sync setup --server "$url" --new
head -1 "$work/out" > "$work/key"
timed "first sync down (setup --join, empty device)" sh -c "'$bin' --db '$work/b.db' sync setup --server '$url' --join < '$work/key'"
"$bin" --db "$work/a.db" log --before 6 --after 2 --note "one change" > /dev/null
timed "one change sent (sync)" "$bin" --db "$work/a.db" sync
timed "one change received (sync)" "$bin" --db "$work/b.db" sync
timed "nothing to do (sync)" "$bin" --db "$work/b.db" sync
# Two devices with histories of their own.
target/release/examples/gen_data "$j" 2 > "$work/c.json"
target/release/examples/gen_data "$j" 3 > "$work/d.json"
"$bin" --db "$work/c.db" import "$work/c.json" > /dev/null
"$bin" --db "$work/d.db" import "$work/d.json" > /dev/null
timed "device with $j sessions starts a history (setup --new)" "$bin" --db "$work/c.db" sync setup --server "$url" --new
head -1 "$work/out" > "$work/key2"
timed "device with $j sessions joins one with $j (setup --join)" sh -c "'$bin' --db '$work/d.db' sync setup --server '$url' --join < '$work/key2'"
timed "the first device receives the joiner's records (sync)" "$bin" --db "$work/c.db" sync
"$bin" --db "$work/d.db" sync > /dev/null
canon() { # the export with its lists sorted (sessions that start in the same second may list in
          # another order on each device)
    "$bin" --db "$1" export | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: sorted(v, key=lambda x: json.dumps(x, sort_keys=True)) if isinstance(v, list) else v for k, v in d.items()}, sort_keys=True))'
}
if [ "$(canon "$work/c.db")" = "$(canon "$work/d.db")" ]; then
    echo "both devices hold the same records"
else
    echo "the devices' records differ"; exit 1
fi
# The app's first screen with sync set up (it starts syncing only after that frame) against the
# same history without sync, tmux 100x30, interleaved rounds.
"$bin" --db "$work/plain.db" import "$work/a.json" > /dev/null
python3 - "$bin" "$work" "${ROUNDS:-11}" <<'PY'
import os, random, statistics, subprocess, sys, time
bin, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
sock = f"footlog-sync-bench-{os.getpid()}"
env = dict(os.environ, XDG_CONFIG_HOME=f"{work}/config")
def tmux(*a, check=True):
    return subprocess.run(["tmux", "-L", sock, *a], env=env, check=check,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
tmux("new-session", "-d", "-s", "keep", "-x", "100", "-y", "30", "sleep 100000")
def start(db):
    t0 = time.perf_counter()
    tmux("new-session", "-d", "-s", "m", "-x", "100", "-y", "30", f"exec {bin} --db {db}")
    while "This week:" not in tmux("capture-pane", "-p", "-t", "m", check=False):
        if time.perf_counter() - t0 > 30:
            raise SystemExit("timed out")
    t = time.perf_counter() - t0
    tmux("kill-session", "-t", "m", check=False)
    return t
dbs = {"first screen, sync set up": f"{work}/a.db", "first screen, no sync": f"{work}/plain.db"}
for db in dbs.values():
    start(db)  # today's backup taken once
times = {k: [] for k in dbs}
for _ in range(rounds):
    for k in random.sample(list(dbs), len(dbs)):
        times[k].append(start(dbs[k]) * 1000)
for k, t in times.items():
    print(f"{k + ':':52} {statistics.median(t):6.1f} ms median ({min(t):.1f} – {max(t):.1f}), {rounds} rounds")
tmux("kill-server", check=False)
PY
