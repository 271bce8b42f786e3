# Builds and runs the Sharefab app. docker-compose.yml points it at a MongoDB replica set via MONGODB_URI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

# The sandbox payment provider (docker compose service payment-sandbox): docker build --target sandbox .
# Runtime JDK 25 for both images, the code is built for release 17 (ADR 14).
FROM eclipse-temurin:25-jre AS sandbox
WORKDIR /app
COPY --from=build /src/payment-sandbox/target/payment-sandbox-*-exec.jar /app/payment-sandbox.jar
EXPOSE 8090
ENTRYPOINT ["java", "-jar", "/app/payment-sandbox.jar"]

# The app (the default target), laid out for a fast start (docs/benchmarks.md, "App start to ready"; ADR 12, ADR 14):
# Boot's extracted layout (no nested-jar class loading) and a JDK 25 AOT cache of the classes the start loads and
# links, with method profiles, written by a training run here at build time (scripts/cds-archive.sh;
# scripts/run-fast.sh does the same on a developer's machine). The cache serves only this layout at this path on this
# JVM, so the extract and the training run happen in this stage, on this base image, where the app runs; a stale cache
# would be ignored with a warning and a slow start.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 sharefab && mkdir -p /app/data && chown sharefab /app/data
WORKDIR /app
COPY scripts/cds-archive.sh /usr/local/bin/sharefab-cds-archive
COPY --from=build /src/app/target/sharefab.jar /tmp/sharefab.jar
RUN sharefab-cds-archive /tmp/sharefab.jar /app/run && rm /tmp/sharefab.jar
USER sharefab
EXPOSE 8080
# Heap: up to 75 % of the container's memory limit, so the app holds load (the load benchmark ran with 1 GB); it
# starts at 32 MB and grows as needed, which keeps the idle footprint small. GC: the JVM's choice for the container
# (G1 with 2+ CPUs and 2+ GB, Serial below). Override with JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Xms32m"
ENTRYPOINT ["java", "-XX:AOTCache=/app/run/sharefab.aot", "-jar", "/app/run/sharefab.jar"]
