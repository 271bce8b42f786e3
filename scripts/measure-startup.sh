#!/usr/bin/env bash
# Start-to-ready time and idle resident memory of the app jar on the embedded default (docs/benchmarks.md).
#
#   scripts/measure-startup.sh [runs] [jar] [-- java options...]
#
# Each run starts `java [options] -jar <jar>` on a fresh data directory and a free port, and prints:
#   started_s   Spring's own "Started SharefabApplication in X seconds" (JVM start to context refreshed)
#   ready_s     wall clock from launching java to the first 200 from /actuator/health/readiness
#   rss_mb      resident set size (ps -o rss) after 20 s idle past readiness
# then the min and median of each. Needs curl.
set -euo pipefail
runs=${1:-5}
jar=${2:-app/target/sharefab.jar}
shift $(( $# >= 2 ? 2 : $# ))
[[ "${1:-}" == "--" ]] && shift
opts=("$@")
idle=${IDLE_SECONDS:-20}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

started=(); ready=(); rss=()
for ((i = 1; i <= runs; i++)); do
    dir=$(mktemp -d)
    port=$(free_port)
    t0=$(date +%s%N)
    SHAREFAB_DATA_DIR="$dir/data" java "${opts[@]}" -jar "$jar" --server.port="$port" > "$dir/log" 2>&1 &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null 2>&1; do
        if ! kill -0 "$pid" 2> /dev/null; then echo "app died, log: $dir/log" >&2; exit 1; fi
        sleep 0.05
    done
    t1=$(date +%s%N)
    sleep "$idle"
    r=$(ps -o rss= -p "$pid" | tr -d ' ')
    s=$(grep -oE 'Started SharefabApplication in [0-9.]+ seconds' "$dir/log" | grep -oE '[0-9.]+ ' | tr -d ' ')
    kill "$pid"; wait "$pid" 2> /dev/null || true
    rm -rf "$dir"
    started+=("$s"); ready+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"); rss+=("$((r / 1024))")
    echo "run $i: started_s=${started[-1]} ready_s=${ready[-1]} rss_mb=${rss[-1]}"
done
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "min %s median %s", v[1], m }'; }
echo "started_s: $(stats "${started[@]}")"
echo "ready_s:   $(stats "${ready[@]}")"
echo "rss_mb:    $(stats "${rss[@]}")"
