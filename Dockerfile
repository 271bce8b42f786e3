# Builds and runs the Sharefab app. docker-compose.yml points it at a MongoDB replica set via MONGODB_URI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

# The sandbox payment provider (docker compose service payment-sandbox): docker build --target sandbox .
FROM eclipse-temurin:17-jre AS sandbox
WORKDIR /app
COPY --from=build /src/payment-sandbox/target/payment-sandbox-*-exec.jar /app/payment-sandbox.jar
EXPOSE 8090
ENTRYPOINT ["java", "-jar", "/app/payment-sandbox.jar"]

# The app (the default target).
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 sharefab && mkdir -p /app/data && chown sharefab /app/data
WORKDIR /app
COPY --from=build /src/app/target/sharefab.jar /app/sharefab.jar
USER sharefab
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/sharefab.jar"]
