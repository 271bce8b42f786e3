#!/usr/bin/env bash
# Lays the app jar out for a fast start: Spring Boot's extracted layout plus an AppCDS archive of the classes the
# start loads (docs/benchmarks.md, "App start to ready"). The Dockerfile runs it at image build; scripts/run-fast.sh
# runs it once per jar on a developer's machine. Same steps, same flags in both places.
#
#   scripts/cds-archive.sh <jar> <destination>
#
# Writes <destination>/sharefab.jar, <destination>/lib/ and a class cache made by a training run:
#   JDK 25 and later: <destination>/sharefab.aot, an AOT cache (JEP 483/514/515: classes loaded *and linked*, plus
#                     method profiles), run with  java -XX:AOTCache=<destination>/sharefab.aot -jar <destination>/sharefab.jar
#   JDK 17 to 24:     <destination>/sharefab.jsa, an AppCDS archive (classes loaded), run with
#                     java -XX:SharedArchiveFile=<destination>/sharefab.jsa -jar <destination>/sharefab.jar
# The `java` used is $JAVA_HOME/bin/java when JAVA_HOME is set, else the one on the PATH; run with the same one.
# Either cache records the absolute paths and the size and time of every jar it was trained on: it serves only that
# layout, at that place, on the JVM that wrote it. A JVM that finds it stale starts without it, slowly, and says so
# only with -Xlog:cds (17) or a warning (25). So: extract and train where the app will run, and never move the result.
#
# The training run starts the application context on the embedded default (a throwaway data directory, a free
# port, no external MongoDB, payment provider or token issuer, whatever the environment says) and exits once the
# context is refreshed (spring.context.exit=onRefresh); the JVM writes the cache as it exits.
set -euo pipefail
jar=${1:?usage: cds-archive.sh <jar> <destination>}
dest=${2:?usage: cds-archive.sh <jar> <destination>}

java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
feature=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')

mkdir -p "$dest"
if [[ -n "$(ls -A "$dest")" ]]; then
    echo "cds-archive: $dest is not empty" >&2
    exit 1
fi
dest=$(cd "$dest" && pwd)
if (( ${feature%%.*} >= 25 )); then
    cache="$dest/sharefab.aot"
    record=-XX:AOTCacheOutput="$cache"
else
    cache="$dest/sharefab.jsa"
    record=-XX:ArchiveClassesAtExit="$cache"
fi
"$java_bin" -Djarmode=tools -jar "$jar" extract --destination "$dest" > /dev/null

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
status=0
SHAREFAB_DATA_DIR="$data" "$java_bin" "$record" -Dspring.context.exit=onRefresh \
    -jar "$dest/sharefab.jar" --server.port=0 --sharefab.mongodb.uri= --sharefab.mongodb.embedded=disk \
    --sharefab.payment.provider-url= --sharefab.identity.issuer= --sharefab.identity.jwk-set-uri= \
    > "$dest/cds-training.log" 2>&1 || status=$?
if [[ $status -ne 0 || ! -s "$cache" ]]; then
    tail -n 40 "$dest/cds-training.log" >&2
    echo "cds-archive: the training run failed (exit $status) or wrote no cache; log: $dest/cds-training.log" >&2
    exit 1
fi
echo "cds-archive: $cache ($(du -m "$cache" | cut -f1) MB, Java $feature)" >&2
