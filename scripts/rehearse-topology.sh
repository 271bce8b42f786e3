#!/usr/bin/env bash
# Rehearses docker-compose.yml's load-balanced topology on one machine without a Docker engine (docs/scaling.md,
# "Rehearsed without Docker"): the repo's nginx/nginx.conf, run by the machine's nginx, in front of two app nodes
# (java -jar sharefab.jar) that share one store, then a node killed with SIGKILL. Prints PASS, FAIL or SKIP per
# step, a closing "N passed, N failed" line, and exits non-zero when a step failed. Stops everything it started.
#
#   scripts/rehearse-topology.sh            after: mvn -o -B -q -DskipTests package   (~2-3 min on 2 busy cores)
#
# Needs: java 17+, nginx (Debian: apt-get install nginx-light; run as root, as Debian's nginx writes its temp files
# under /var/lib/nginx), node 18+ (fetch; WebSocket is global on Node 22, behind --experimental-websocket on Node
# 20.10+), curl. docker-compose (or the docker CLI's compose plugin) for the compose step, python3 with PyYAML for the
# healthcheck step; each is skipped when missing.
# Environment: SHAREFAB_JAR (default app/target/sharefab.jar), REHEARSAL_LB_PORT (18080), REHEARSAL_APP1_PORT
# (18081), REHEARSAL_APP2_PORT (18082), REHEARSAL_KEEP=1 keeps the work directory (logs, nginx config) afterwards.
#
# What stands in for what (compose -> here):
#   mongo replica set  -> app-1's embedded store (mongo-java-server, in memory); app-2 reaches it over TCP through
#                         MONGODB_URI, as the two-node ITs do (app/src/test/.../cluster). So app-2 is the node killed:
#                         killing app-1 would take the store with it, which a replica set does not do.
#   keycloak           -> the development issuer (dev profile): both nodes sign and check with one key kept in their
#                         shared data directory, tokens from POST /dev/tokens through the load balancer.
#   lb (nginx image)   -> nginx from the machine, on a copy of nginx/nginx.conf in which only the upstream addresses
#                         (app-1:8080, app-2:8080 -> 127.0.0.1:<port>) and the listen port change, plus an access log
#                         that names the upstream of each request. No /etc/hosts entries.
#   healthcheck        -> the app's compose healthcheck command, run as compose would run it, against app-1's port.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=${SHAREFAB_JAR:-$root/app/target/sharefab.jar}
lb_port=${REHEARSAL_LB_PORT:-18080}
app1_port=${REHEARSAL_APP1_PORT:-18081}
app2_port=${REHEARSAL_APP2_PORT:-18082}
client=$root/scripts/rehearse-topology-client.mjs
base=http://127.0.0.1:$lb_port

work=$(mktemp -d "${TMPDIR:-/tmp}/sharefab-rehearsal.XXXXXX")
chmod 755 "$work"
passed=0 failed=0 skipped=0
app1_pid= app2_pid=

cleanup() {
    [[ -f $work/nginx.pid ]] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null
    for pid in $app2_pid $app1_pid; do
        kill "$pid" 2>/dev/null
    done
    for pid in $app2_pid $app1_pid; do
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null
    done
    if [[ ${REHEARSAL_KEEP:-} == 1 ]]; then
        echo "work directory kept: $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }
skip() { echo "SKIP  $1"; skipped=$((skipped + 1)); }
detail() { sed 's/^/      /'; }

finish() {
    echo
    echo "rehearse-topology: $passed passed, $failed failed, $skipped skipped"
    echo "$passed passed, $failed failed"
    [[ $failed -eq 0 ]]
    exit $?
}

# Fatal: the steps after this one cannot run.
abort() {
    fail "$1"
    [[ -f ${2:-} ]] && tail -n 30 "$2" | detail
    finish
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

await_ready() { # port seconds
    local deadline=$((SECONDS + $2))
    while ((SECONDS < deadline)); do
        curl -sf -o /dev/null "http://127.0.0.1:$1/actuator/health/readiness" && return 0
        sleep 1
    done
    return 1
}

# --- prerequisites -------------------------------------------------------------------------------------------------
[[ -f $jar ]] || abort "prerequisites: no $jar; build it first: mvn -o -B -q -DskipTests package"
for tool in java nginx node curl; do
    command -v "$tool" > /dev/null || abort "prerequisites: $tool not found (nginx: apt-get install nginx-light)"
done
node_cmd=(node)
if ! node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2> /dev/null; then
    node_cmd=(node --experimental-websocket)
    node --experimental-websocket -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2> /dev/null \
        || abort "prerequisites: this node ($(node --version)) has no WebSocket client (Node 20.10+ needed)"
fi
for port in "$lb_port" "$app1_port" "$app2_port"; do
    port_free "$port" || abort "prerequisites: port $port is taken (set REHEARSAL_*_PORT)"
done
echo "rehearse-topology: $jar, nginx $(nginx -v 2>&1 | sed 's/.*\///'), node $(node --version), work directory $work"

# --- 1. compose file -----------------------------------------------------------------------------------------------
compose=()
if command -v docker-compose > /dev/null; then
    compose=(docker-compose)
elif docker compose version > /dev/null 2>&1; then
    compose=(docker compose)
fi
if ((${#compose[@]})); then
    if (cd "$root" && "${compose[@]}" -f docker-compose.yml config > "$work/compose.yml" 2> "$work/compose.err"); then
        pass "compose: '${compose[*]} -f docker-compose.yml config' validates the file (no engine needed)"
    else
        fail "compose: '${compose[*]} config' rejects docker-compose.yml"
        detail < "$work/compose.err"
    fi
else
    skip "compose: neither docker-compose nor the docker CLI's compose plugin is installed"
fi

# --- 2. nginx configuration ----------------------------------------------------------------------------------------
conf=$work/nginx.conf
sed -e "s/server app-1:8080 /server 127.0.0.1:$app1_port /" \
    -e "s/server app-2:8080 /server 127.0.0.1:$app2_port /" \
    -e "s/listen 8080;/listen 127.0.0.1:$lb_port;/" \
    -e 's/^http {$/http {\n    log_format rehearsal "$request_method $uri $status upstream=$upstream_addr upstream_status=$upstream_status";\n    access_log '"${work//\//\\/}"'\/access.log rehearsal;/' \
    "$root/nginx/nginx.conf" > "$conf"
changed=$(diff "$root/nginx/nginx.conf" "$conf" | grep -c '^>')
nginx_args=(-p "$work" -c "$conf" -g "pid $work/nginx.pid; error_log $work/nginx-error.log;")
if [[ $changed -ne 5 ]]; then
    fail "nginx: nginx/nginx.conf no longer has the lines this script rewrites (upstream app-1:8080, app-2:8080, listen 8080)"
    diff "$root/nginx/nginx.conf" "$conf" | detail
elif nginx -t "${nginx_args[@]}" > "$work/nginx-t.log" 2>&1; then
    pass "nginx: nginx -t accepts nginx/nginx.conf (upstreams rewritten to 127.0.0.1:$app1_port and :$app2_port, listen :$lb_port)"
else
    abort "nginx: nginx -t rejects the configuration" "$work/nginx-t.log"
fi

# --- 3. two app nodes on one store ---------------------------------------------------------------------------------
mkdir -p "$work/data"
common=(-Xmx384m -jar "$jar" --spring.profiles.active=dev "--sharefab.data-dir=$work/data")
SHAREFAB_NODE_ID=app-1 java "${common[@]}" --server.port="$app1_port" --sharefab.mongodb.embedded=memory \
    > "$work/app-1.log" 2>&1 &
app1_pid=$!
await_ready "$app1_port" 180 || abort "app-1: not ready on :$app1_port within 180 s" "$work/app-1.log"
store=$(grep -o 'listening at mongodb://[0-9.]*:[0-9]*' "$work/app-1.log" | head -n 1 | sed 's/listening at //')
[[ -n $store ]] || abort "app-1: no embedded store address in its log" "$work/app-1.log"
# app-2 after app-1 is ready, as in compose: it reads the keys app-1 wrote into the shared data directory.
MONGODB_URI=$store SHAREFAB_NODE_ID=app-2 java "${common[@]}" --server.port="$app2_port" > "$work/app-2.log" 2>&1 &
app2_pid=$!
await_ready "$app2_port" 180 || abort "app-2: not ready on :$app2_port within 180 s" "$work/app-2.log"
pass "nodes: app-1 (:$app1_port, embedded store $store) and app-2 (:$app2_port, MONGODB_URI=$store) ready"

# The app's healthcheck, exactly as compose runs it: exec form as given, CMD-SHELL through /bin/sh.
if [[ -f $work/compose.yml ]] && python3 -c 'import yaml' 2> /dev/null; then
    mapfile -t test < <(python3 -c '
import sys, yaml
for part in yaml.safe_load(open(sys.argv[1]))["services"]["app-1"]["healthcheck"]["test"]:
    print(part.replace("\n", " "))' "$work/compose.yml")
    case ${test[0]:-} in
        CMD) probe=("${test[@]:1}") ;;
        CMD-SHELL) probe=(/bin/sh -c "${test[*]:1}") ;;
        *) probe=() ;;
    esac
    probe=("${probe[@]//127.0.0.1\/8080/127.0.0.1/$app1_port}")
    if ((${#probe[@]})) && timeout 5 "${probe[@]}" > "$work/healthcheck.log" 2>&1; then
        pass "healthcheck: app-1's compose healthcheck (${test[0]} ${test[1]:-}) passes against a ready node"
    else
        fail "healthcheck: app-1's compose healthcheck (${test[*]:0:2}) fails against a ready node"
        detail < "$work/healthcheck.log"
    fi
else
    skip "healthcheck: needs the compose step's output and python3 with PyYAML"
fi

# --- 4. through the load balancer ----------------------------------------------------------------------------------
nginx "${nginx_args[@]}" 2> "$work/nginx-start.log" || abort "nginx: did not start" "$work/nginx-start.log"
for _ in $(seq 20); do [[ -s $work/nginx.pid ]] && break; sleep 0.2; done

ok=0
for _ in 1 2 3 4; do
    curl -s "$base/actuator/health/readiness" | grep -q '"status":"UP"' && ok=$((ok + 1))
done
[[ $ok -eq 4 ]] && pass "readiness: GET /actuator/health/readiness through nginx: 4 of 4 UP" \
    || fail "readiness: GET /actuator/health/readiness through nginx: $ok of 4 UP"

answer=$(curl -s -X POST "$base/graphql" -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d '{"query":"{ platform { version serverTime } }"}')
if grep -q '"serverTime"' <<< "$answer" && ! grep -q '"errors"' <<< "$answer"; then
    pass "query: POST /graphql through nginx: $answer"
else
    fail "query: POST /graphql through nginx: $answer"
fi

if "${node_cmd[@]}" "$client" setup "$base" "$work/state.json" > "$work/setup.log" 2>&1; then
    pass "mutations: dev token (POST /dev/tokens), registerFirm, publishListing through nginx"
    detail < "$work/setup.log"
else
    fail "mutations: setup through nginx"
    detail < "$work/setup.log"
fi

: > "$work/access-ws.mark"
if "${node_cmd[@]}" "$client" subscribe "$base" "$work/state.json" 2 > "$work/subscribe.log" 2>&1; then
    # nginx logs a WebSocket when it closes: the 101 lines name the node each subscription was upgraded to.
    nodes=$(grep -a 'GET /graphql 101' "$work/access.log" | sed 's/.*upstream=\([^ ]*\).*/\1/' | sort -u | paste -sd, -)
    pass "subscription: 2 graphql-transport-ws subscriptions upgraded by nginx (nodes $nodes) each received the update of a mutation sent through nginx"
    detail < "$work/subscribe.log"
else
    fail "subscription: over nginx's WebSocket upgrade"
    detail < "$work/subscribe.log"
fi

served=$(sed 's/.*upstream=\([^ ,]*\).*/\1/' "$work/access.log" | sort | uniq -c | awk '{print $2 " x" $1}' | paste -sd' ' -)
if grep -q "upstream=127.0.0.1:$app1_port" "$work/access.log" && grep -q "upstream=127.0.0.1:$app2_port" "$work/access.log"; then
    pass "balancing: nginx sent requests to both nodes ($served)"
else
    fail "balancing: nginx sent requests to one node only ($served)"
fi

# --- 5. a node killed ----------------------------------------------------------------------------------------------
kill -9 "$app2_pid"
wait "$app2_pid" 2> /dev/null
app2_pid=
lines_before=$(wc -l < "$work/access.log")
if "${node_cmd[@]}" "$client" burst "$base" "$work/state.json" 10 > "$work/burst.log" 2>&1; then
    retried=$(tail -n +"$((lines_before + 1))" "$work/access.log" | grep -c 'upstream=[^ ]*, ')
    pass "kill: app-2 killed (SIGKILL); 10 queries and 10 mutations through nginx all answered ($retried passed on by nginx from the dead node to app-1)"
else
    fail "kill: requests through nginx after app-2 was killed"
    detail < "$work/burst.log"
fi
ok=0
for _ in 1 2 3; do
    curl -s "$base/actuator/health/readiness" | grep -q '"status":"UP"' && ok=$((ok + 1))
done
[[ $ok -eq 3 ]] && pass "kill: readiness through nginx after the kill: 3 of 3 UP" \
    || fail "kill: readiness through nginx after the kill: $ok of 3 UP"
if "${node_cmd[@]}" "$client" subscribe "$base" "$work/state.json" 1 > "$work/subscribe-after.log" 2>&1; then
    pass "kill: a new subscription through nginx receives a mutation's update after the kill"
else
    fail "kill: a subscription through nginx after the kill"
    detail < "$work/subscribe-after.log"
fi

finish
