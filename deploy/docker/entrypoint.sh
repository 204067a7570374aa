#!/bin/sh
# Entrypoint of the service image (deploy/Dockerfile, ADR 0501).
#   lienthong-service <intake|routing|civil-registry|social-protection|notification|ops-console|counter>   runs that service
#   lienthong-service                                                    runs "$SERVICE"
#   lienthong-service healthcheck           exit 0 when GET /health/live answers 200
# `exec`: node replaces this shell (PID 1 in the container), so SIGTERM reaches the
# service, which drains (SHUTDOWN_TIMEOUT_MS) and exits.
set -eu

service="${1:-${SERVICE:-}}"
case "$service" in
  healthcheck)
    exec node -e '
      const req = require("node:http").get(
        { host: "127.0.0.1", port: Number(process.env.PORT || 8080), path: "/health/live", timeout: 2500 },
        (res) => process.exit(res.statusCode === 200 ? 0 : 1),
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => process.exit(1));
    '
    ;;
  intake | routing | civil-registry | social-protection | notification | ops-console | counter)
    exec node --enable-source-maps "/app/dist/services/${service}/src/main.js"
    ;;
  "")
    echo "lienthong-service: name the service, as an argument or SERVICE: intake, routing, civil-registry, social-protection, notification, ops-console or counter" >&2
    exit 64
    ;;
  *)
    echo "lienthong-service: unknown service '${service}' (intake, routing, civil-registry, social-protection, notification, ops-console, counter)" >&2
    exit 64
    ;;
esac
