# syntax=docker/dockerfile:1
# danube-source-mqtt: MQTT source connector for Danube.
#
#   docker build -t danube-source-mqtt:local .
#   docker run --rm -e DANUBE_SERVICE_URL=http://danube-broker:6650 -e CONNECTOR_NAME=mqtt-source-1 \
#     -e MQTT_BROKER_HOST=mosquitto -e MQTT_CLIENT_ID=danube-mqtt-1 \
#     -e MQTT_TOPICS="sensors/#,devices/+/telemetry" -e MQTT_DANUBE_TOPIC=/iot/data danube-source-mqtt:local
#
# See docs/DEPLOYMENT.md.

# ---- build: the runnable (shaded) jar, with the project's own Maven wrapper --------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Everything .dockerignore lets through: the reactor needs every module's pom, even when only
# the application and its dependencies are built.
COPY . .
# Tests run in CI, not in the image build; formatting is checked there too.
RUN ./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true -pl danube-source-mqtt -am package \
 && cp danube-source-mqtt/target/danube-source-mqtt.jar /danube-source-mqtt.jar

# ---- run: JRE only, unprivileged user ------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 connector \
 && useradd --system --uid 10001 --gid connector --no-create-home --shell /usr/sbin/nologin connector
WORKDIR /app
COPY --from=build /danube-source-mqtt.jar /app/danube-source-mqtt.jar

# Configuration is read from the environment (or a TOML file named by CONNECTOR_CONFIG_PATH).
# Required, no default - set them at run time:
#   DANUBE_SERVICE_URL   Danube broker URL, e.g. http://danube-broker:6650
#   CONNECTOR_NAME       unique connector name (metrics label, Danube producer-name prefix)
#   MQTT_BROKER_HOST     MQTT broker host
#   MQTT_CLIENT_ID       MQTT client id; unique per running replica (see docs/DEPLOYMENT.md)
#   MQTT_TOPICS          comma-separated topic filters, unless the TOML file has [[mqtt.routes]]
# Optional, with their defaults:
#   MQTT_BROKER_PORT=1883 (8883 with TLS)   MQTT_QOS=1                  MQTT_USE_TLS=false
#   MQTT_DANUBE_TOPIC=derived per filter    MQTT_KEEP_ALIVE_SECS=60     MQTT_CLEAN_SESSION=true
#   MQTT_INCLUDE_METADATA=true              MQTT_MAX_PACKET_SIZE=10485760
#   RELIABLE_DISPATCH=true                  MQTT_USERNAME / MQTT_PASSWORD (or MQTT_PASSWORD_FILE)
#   MAX_IN_FLIGHT=1000  DRAIN_TIMEOUT_SECS=30  LOG_LEVEL=info  LOG_FORMAT=text
# The HTTP port for /metrics, /health (liveness) and /ready (readiness); the HEALTHCHECK uses it.
ENV METRICS_PORT=9090
EXPOSE 9090

USER 10001:10001

# bash's /dev/tcp instead of curl: the JRE image has no HTTP client, and installing one for a probe
# would grow the image. Healthy = /health answers 200.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${METRICS_PORT} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# Container-aware heap (a share of the memory limit), the small-footprint collector, and a crash
# instead of a half-working process on OutOfMemoryError. More flags: JAVA_TOOL_OPTIONS.
# SIGTERM (docker stop, Kubernetes) drains in-flight messages and exits 0.
# Two malloc arenas and periodic trimming of freed native memory: ~20 MiB less RSS (docs/PERFORMANCE.md).
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xss512k", "-XX:TrimNativeHeapInterval=5000", "-jar", "/app/danube-source-mqtt.jar"]
CMD ["run"]
