# syntax=docker/dockerfile:1
# danube-source-mqtt: MQTT source connector for Danube.
#
#   docker build -t danube-source-mqtt:local --build-arg VCS_REF="$(git rev-parse HEAD)" .
#   docker run --rm -e DANUBE_SERVICE_URL=http://danube-broker:6650 -e CONNECTOR_NAME=mqtt-source-1 \
#     -e MQTT_BROKER_HOST=mosquitto -e MQTT_CLIENT_ID=danube-mqtt-1 \
#     -e MQTT_TOPICS="sensors/#,devices/+/telemetry" -e MQTT_DANUBE_TOPIC=/iot/data danube-source-mqtt:local
#
# Multi-arch (linux/amd64 + linux/arm64) with docker buildx, release labels, memory: docs/DEPLOYMENT.md.

# Release metadata for the OCI labels. VERSION follows the Maven project version (a test keeps them
# equal); VCS_REF is the git commit, passed in because .git is not part of the build context.
ARG VERSION=0.1.0-SNAPSHOT
ARG VCS_REF=unknown
ARG SOURCE_URL=

# ---- build: the runnable (shaded) jar, with the project's own Maven wrapper --------------------
# The jar is the same on every platform (it carries native epoll for x86_64 and aarch64), so it is
# built once on the builder's own platform, without CPU emulation, also for a multi-arch image.
FROM --platform=$BUILDPLATFORM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Dependencies first, in a layer that only a pom change invalidates: editing a source file does not
# download the world again. The reactor needs every module's pom; the project's own modules
# (io.dsm) are built below, not downloaded.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY common/pom.xml common/
COPY danube-proto/pom.xml danube-proto/
COPY danube-client/pom.xml danube-client/
COPY danube-testkit/pom.xml danube-testkit/
COPY test-support/pom.xml test-support/
COPY mqtt-client/pom.xml mqtt-client/
COPY connector-config/pom.xml connector-config/
COPY connector-runtime/pom.xml connector-runtime/
COPY connector/pom.xml connector/
COPY danube-source-mqtt/pom.xml danube-source-mqtt/
COPY danube-sink-mqtt/pom.xml danube-sink-mqtt/
COPY danube-cli/pom.xml danube-cli/
COPY bench/pom.xml bench/
RUN ./mvnw -B -ntp -q -pl danube-source-mqtt -am \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:go-offline -DexcludeGroupIds=io.dsm
# Sources: everything .dockerignore lets through.
COPY . .
ARG VCS_REF
# Tests run in CI, not in the image build; formatting is checked there too. The commit goes into
# the jar's build info (--version, the start-up log, danube_connector_build_info).
RUN ./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true -Ddsm.build.commit="${VCS_REF}" \
      -pl danube-source-mqtt -am package \
 && cp danube-source-mqtt/target/danube-source-mqtt.jar /danube-source-mqtt.jar

# ---- run: JRE only, unprivileged user ------------------------------------------------------------
FROM eclipse-temurin:17-jre
ARG VERSION
ARG VCS_REF
ARG SOURCE_URL
LABEL org.opencontainers.image.title="danube-source-mqtt" \
      org.opencontainers.image.description="MQTT source connector for Danube: MQTT topic filters to Danube topics, at-least-once" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 connector \
 && useradd --system --uid 10001 --gid connector --no-create-home --shell /usr/sbin/nologin connector
WORKDIR /app
COPY --from=build /danube-source-mqtt.jar /app/danube-source-mqtt.jar
# The JVM flags: the same file bin/danube-source-mqtt uses (heap, metaspace, code cache and direct
# memory caps, ExitOnOutOfMemoryError, UTF-8). The arithmetic against the memory limit is in
# docs/DEPLOYMENT.md. JAVA_OPTS, when set, replaces them, as with the launcher.
COPY danube-source-mqtt/src/dist/jvm.options /app/jvm.options

# Configuration is read from the environment (or a TOML file named by CONNECTOR_CONFIG_PATH).
# Required, no default - set them at run time:
#   DANUBE_SERVICE_URL   Danube broker URL, e.g. http://danube-broker:6650
#   CONNECTOR_NAME       unique connector name (metrics label, Danube producer-name prefix)
#   MQTT_BROKER_HOST     MQTT broker host
#   MQTT_CLIENT_ID       MQTT client id; unique per running replica (see docs/DEPLOYMENT.md)
#   MQTT_TOPICS          comma-separated topic filters, unless the TOML file has [[mqtt.routes]]
# Optional, with their real defaults (a test compares them with the connector's settings table):
#   MQTT_BROKER_PORT=1883 (8883 with TLS)   MQTT_QOS=1                  MQTT_USE_TLS=false
#   MQTT_KEEP_ALIVE_SECS=60                 MQTT_CLEAN_SESSION=true     MQTT_PROTOCOL_VERSION=3
#   MQTT_INCLUDE_METADATA=true              MQTT_MAX_PACKET_SIZE=10485760
#   RELIABLE_DISPATCH=true                  MQTT_DANUBE_TOPIC: derived per filter
#   MQTT_USERNAME / MQTT_PASSWORD (or MQTT_PASSWORD_FILE)
#   MAX_IN_FLIGHT=64 (QoS 1/2 messages awaiting Danube; not 1000)   QOS0_BUFFER=10000
#   DRAIN_TIMEOUT_SECS=30   STALL_TIMEOUT_SECS=60   LOG_LEVEL=info   LOG_FORMAT=text
# The HTTP port for /metrics, /health (liveness) and /ready (readiness); the HEALTHCHECK uses it.
ENV METRICS_PORT=9090
EXPOSE 9090
# glibc malloc: two arenas instead of 8 per core (with the native-heap trim in jvm.options about
# 20 MiB less resident memory, docs/PERFORMANCE.md).
ENV MALLOC_ARENA_MAX=2

USER 10001:10001

# bash's /dev/tcp instead of curl: the JRE image has no HTTP client, and installing one for a probe
# would grow the image. Healthy = /health answers 200.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${METRICS_PORT} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# sh only to pick the flags; exec makes java PID 1, so SIGTERM (docker stop, Kubernetes) reaches
# the connector, which drains in-flight messages and exits 0.
ENTRYPOINT ["/bin/sh", "-c", "exec java ${JAVA_OPTS:-@/app/jvm.options} -jar /app/danube-source-mqtt.jar \"$@\"", "danube-source-mqtt"]
CMD ["run"]
