#!/usr/bin/env bash
# The first screen of the real app in a real terminal: tmux 100x30, started the same way as an
# `echo READY` baseline, in interleaved rounds; prints each variant's median and spread and its
# median over the baseline. Variants: later start (today's backup is taken) and first start of the
# day (the backups folder is emptied before each start) at each size. Then the CPU time of an
# idle app over 20 s (utime+stime from /proc/PID/stat).
#
# Usage: bash benches/first_screen.sh [SIZES...]          (default: 1000 100000)
#   ROUNDS=N      rounds (default 15)
#   FOOTLOG_BIN=… the footlog binary to measure (default: this tree's release build)
#   BEFORE_BIN=…  a second binary (e.g. one built from main) measured in the same interleaved
#                 rounds; each binary's databases are made by its own `import` of the same export
#   IDLE_SIZE=N   the size for the idle measurement (default 100000; 0 skips it)
# Needs tmux and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 100000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
cargo build --release --quiet --bin footlog --example gen_data
bin="${FOOTLOG_BIN:-$PWD/target/release/footlog}"
work="$(mktemp -d)"
sock="footlog-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/config"
bins=("$bin")
[ -n "${BEFORE_BIN:-}" ] && bins+=("$BEFORE_BIN")
for n in "${sizes[@]}"; do
    mkdir -p "$work/$n"
    target/release/examples/gen_data "$n" > "$work/$n/data.json"
    for i in "${!bins[@]}"; do
        "${bins[$i]}" --db "$work/$n/db$i/footlog.db" import "$work/$n/data.json" > /dev/null
    done
    rm "$work/$n/data.json"
done
for b in "${bins[@]}"; do echo "binary: $b ($("$b" --version 2>/dev/null || echo '?'))"; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$(IFS=:; echo "${bins[*]}")" "$work" "$sock" "${ROUNDS:-15}" "${IDLE_SIZE:-100000}" "${sizes[@]}" <<'PY'
import os, random, shutil, statistics, subprocess, sys, time

bins, work, sock, rounds, idle_size, *sizes = sys.argv[1:]
bins = bins.split(":")
rounds, idle_size = int(rounds), int(idle_size)
env = dict(os.environ, XDG_CONFIG_HOME=f"{work}/config", FOOTLOG_NOW="2026-11-23 20:30", TZ="UTC")

def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", sock, *args], env=env, check=check,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout

# One session that stays up, so no start measures the tmux server starting.
tmux("new-session", "-d", "-s", "keep", "-x", "100", "-y", "30", "sleep 100000")

def start(cmd, marker):
    """Seconds from starting `cmd` in a fresh 100x30 window until `marker` is on its screen."""
    t0 = time.perf_counter()
    tmux("new-session", "-d", "-s", "m", "-x", "100", "-y", "30", cmd)
    while marker not in tmux("capture-pane", "-p", "-t", "m", check=False):
        if time.perf_counter() - t0 > 30:
            raise SystemExit(f"timed out waiting for {marker!r} from {cmd}")
    t = time.perf_counter() - t0
    tmux("kill-session", "-t", "m", check=False)
    return t

def app(n, i=0):
    return f"exec {bins[i]} --db {work}/{n}/db{i}/footlog.db"

def first_of_day(n, i):
    shutil.rmtree(f"{work}/{n}/db{i}/backups", ignore_errors=True)

variants = [("echo READY (baseline)", "exec sh -c 'echo READY; exec sleep 100'", "READY", None)]
for i in range(len(bins)):
    tag = "" if len(bins) == 1 else ("after: " if i == 0 else "before: ")
    for n in sizes:
        variants.append((f"{tag}later start, {int(n):,} sessions", app(n, i), "This week:", None))
        variants.append((f"{tag}first start of the day, {int(n):,} sessions", app(n, i),
                         "This week:", lambda n=n, i=i: first_of_day(n, i)))
        # Today's backup taken once, so "later start" never takes one.
        start(app(n, i), "This week:")
times = {v[0]: [] for v in variants}
for _ in range(rounds):
    order = variants[:]
    random.shuffle(order)
    for name, cmd, marker, before in order:
        if before:
            before()
        times[name].append(start(cmd, marker))

base = statistics.median(times[variants[0][0]])
print(f"\n{rounds} interleaved rounds, tmux 100x30; ms (median, fastest – slowest, median over baseline)")
for name, *_ in variants:
    t = [x * 1000 for x in times[name]]
    med = statistics.median(t)
    q = statistics.quantiles(t, n=4) if len(t) >= 4 else [min(t), med, max(t)]
    over = "" if name.startswith("echo") else f"   {med - base * 1000:+.1f} ms over baseline"
    print(f"{name:53} {med:8.1f}  ({min(t):.1f} – {max(t):.1f}; IQR {q[0]:.1f} – {q[2]:.1f}){over}")

def idle(i):
    """The app at its first screen, then nothing: CPU time over 20 s."""
    tmux("new-session", "-d", "-s", "idle", "-x", "100", "-y", "30", app(idle_size, i))
    while "This week:" not in tmux("capture-pane", "-p", "-t", "idle", check=False):
        time.sleep(0.05)
    pid = tmux("list-panes", "-t", "idle", "-F", "#{pane_pid}").strip()
    tick = os.sysconf("SC_CLK_TCK")
    def cpu():
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        on_cpu_ns = int(open(f"/proc/{pid}/schedstat").read().split()[0])
        return (int(f[11]) + int(f[12])) / tick, on_cpu_ns / 1e9
    time.sleep(1)
    (u0, s0) = cpu()
    time.sleep(20)
    (u1, s1) = cpu()
    tmux("kill-session", "-t", "idle", check=False)
    print(f"idle app ({bins[i]}), {idle_size:,} sessions, 20 s: utime+stime {u1 - u0:.2f} s "
          f"(/proc/PID/stat, {tick} ticks/s); time on CPU {(s1 - s0) * 1000:.1f} ms (/proc/PID/schedstat)")

if idle_size and str(idle_size) in sizes:
    print()
    for i in range(len(bins)):
        idle(i)
PY
