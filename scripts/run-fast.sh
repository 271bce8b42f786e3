#!/usr/bin/env bash
# Starts the built app the way the container image does: Boot's extracted layout and a class cache made by
# scripts/cds-archive.sh once per jar and reused while the jar (and the JVM) stay the same. On JDK 25 the cache is an
# AOT cache (classes loaded and linked, method profiles): ready in about 4.4 s; on JDK 17 an AppCDS archive: about
# 5.6 s; plain `java -jar app/target/sharefab.jar` takes 10-13 s (docs/benchmarks.md, "App start to ready").
#
#   scripts/run-fast.sh [app arguments...]        e.g. scripts/run-fast.sh --spring.profiles.active=dev
#   scripts/run-fast.sh --prepare                 only make the layout and cache; print the java command line
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/run-fast.sh     the same on JDK 25 (as the image runs)
#
# Environment: JAVA_HOME (the JVM to run on; else `java` on the PATH), SHAREFAB_JAR (default app/target/sharefab.jar),
# SHAREFAB_FAST_DIR (where layouts are kept, default sharefab-fast/ next to the jar), JAVA_OPTS (more JVM options,
# appended; they may override the memory flags). The first start after a build adds the training run (15-35 s). The
# layouts are keyed by the jar's SHA-256 and the JVM's path, so a rebuild or another JDK gets a fresh one; older ones
# are removed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar=${SHAREFAB_JAR:-app/target/sharefab.jar}
[[ -f "$jar" ]] || { echo "run-fast: no $jar; build it first: mvn -B -q -DskipTests package" >&2; exit 1; }
java_bin=$(readlink -f "$(command -v "${JAVA_HOME:+$JAVA_HOME/bin/}java")")
cache=${SHAREFAB_FAST_DIR:-$(dirname "$jar")/sharefab-fast}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)                     # absolute: the archive is checked against the paths it was trained on
key=$( { sha256sum < "$jar"; echo "$java_bin"; } | sha256sum | cut -c1-16)
dir=$cache/$key

exec 9> "$cache/.lock"
flock 9                                         # one preparation at a time; others wait and then reuse it
if [[ ! -f "$dir/.done" ]]; then
    echo "run-fast: preparing $dir (extract and the class cache's training run, once per build and JVM)" >&2
    rm -rf "$dir"
    for old in "$cache"/*/; do [[ -d "$old" ]] && rm -rf "$old"; done
    "$here/cds-archive.sh" "$jar" "$dir"        # trains in place: the cache cannot be moved
    touch "$dir/.done"
fi
flock -u 9

# The same options as the Dockerfile's ENTRYPOINT and JAVA_TOOL_OPTIONS. Memory: the heap may grow to 75 % of the
# machine's (or container's) memory, so the app holds the load benchmark's mix (it ran with 1 GB); it starts at
# 32 MB and grows only as needed, which keeps the idle footprint small.
if [[ -f "$dir/sharefab.aot" ]]; then
    cache_option=-XX:AOTCache="$dir/sharefab.aot"
else
    cache_option=-XX:SharedArchiveFile="$dir/sharefab.jsa"
fi
cmd=("$java_bin" "$cache_option" -XX:MaxRAMPercentage=75 -Xms32m ${JAVA_OPTS:-} -jar "$dir/sharefab.jar")
if [[ "${1:-}" == "--prepare" ]]; then
    printf '%q ' "${cmd[@]}"; echo
    exit 0
fi
exec "${cmd[@]}" "$@"
