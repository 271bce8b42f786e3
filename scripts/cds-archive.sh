#!/usr/bin/env bash
# Lays the app jar out for a fast start: Spring Boot's extracted layout plus an AppCDS archive of the classes the
# start loads (docs/benchmarks.md, "App start to ready"). The Dockerfile runs it at image build; scripts/run-fast.sh
# runs it once per jar on a developer's machine. Same steps, same flags in both places.
#
#   scripts/cds-archive.sh <jar> <destination>
#
# Writes <destination>/sharefab.jar, <destination>/lib/ and <destination>/sharefab.jsa, then runs with
#   java -XX:SharedArchiveFile=<destination>/sharefab.jsa -jar <destination>/sharefab.jar
# On JDK 17 the archive records the absolute paths and the size and time of every jar it was trained on: it serves
# only that layout, at that place, on the JVM that wrote it. A JVM that finds it stale starts without it, slowly,
# and says so only with -Xlog:cds. So: extract and train where the app will run, and never move the result.
#
# The training run starts the application context on the embedded default (a throwaway data directory, a free
# port, no external MongoDB, payment provider or token issuer, whatever the environment says) and exits once the
# context is refreshed (spring.context.exit=onRefresh); -XX:ArchiveClassesAtExit writes the classes it loaded.
set -euo pipefail
jar=${1:?usage: cds-archive.sh <jar> <destination>}
dest=${2:?usage: cds-archive.sh <jar> <destination>}

mkdir -p "$dest"
if [[ -n "$(ls -A "$dest")" ]]; then
    echo "cds-archive: $dest is not empty" >&2
    exit 1
fi
dest=$(cd "$dest" && pwd)
java -Djarmode=tools -jar "$jar" extract --destination "$dest" > /dev/null

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
status=0
SHAREFAB_DATA_DIR="$data" java -XX:ArchiveClassesAtExit="$dest/sharefab.jsa" -Dspring.context.exit=onRefresh \
    -jar "$dest/sharefab.jar" --server.port=0 --sharefab.mongodb.uri= --sharefab.mongodb.embedded=disk \
    --sharefab.payment.provider-url= --sharefab.identity.issuer= --sharefab.identity.jwk-set-uri= \
    > "$dest/cds-training.log" 2>&1 || status=$?
if [[ $status -ne 0 || ! -s "$dest/sharefab.jsa" ]]; then
    tail -n 40 "$dest/cds-training.log" >&2
    echo "cds-archive: the training run failed (exit $status) or wrote no archive; log: $dest/cds-training.log" >&2
    exit 1
fi
echo "cds-archive: $dest/sharefab.jsa ($(du -m "$dest/sharefab.jsa" | cut -f1) MB)" >&2
