#!/bin/bash
# The topic set-up job (compose.yaml `kafka-topics`): creates every topic of libs/contracts
# `AllTopics` with `TopicPartitions` (dead-letter twins: DEAD_LETTER_PARTITIONS), idempotently.
# deploy/manifests.unit.spec.ts checks every `create <topic> <partitions>` line against the
# contracts. Settings (ADR 0502):
# - replication factor: REPLICATION_FACTOR (1 on this single broker; 3 in production, k8s/)
# - retention: time-based deletion, 30 days for the main topics and 90 days for the
#   dead-letter twins. Kafka is a transport, not the record: each service's event store is the
#   source of truth and its outbox relay can publish everything again (docs/operations.md).
# - never compacted: messages are keyed by application id, and compaction would keep only the
#   last message of each application.
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
REPLICATION_FACTOR="${REPLICATION_FACTOR:-1}"
MIN_INSYNC_REPLICAS="${MIN_INSYNC_REPLICAS:-1}"
MAIN_RETENTION_MS=2592000000        # 30 days
DEAD_LETTER_RETENTION_MS=7776000000 # 90 days
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

create() {
  local topic="$1" partitions="$2" retention="$MAIN_RETENTION_MS"
  [[ "$topic" == *.dlq ]] && retention="$DEAD_LETTER_RETENTION_MS"
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" \
    --config cleanup.policy=delete --config "retention.ms=$retention" \
    --config "min.insync.replicas=$MIN_INSYNC_REPLICAS"
  # --if-not-exists leaves an existing topic alone. More partitions re-map application ids to
  # partitions (per-application order at stake): grow them deliberately (docs/operations.md).
  local current
  current="$("$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topic "$topic" \
    | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n 1)"
  if [[ -n "$current" && "$current" != "$partitions" ]]; then
    echo "WARNING: $topic has $current partitions, the contracts say $partitions" >&2
  fi
}

create lienthong.intake.events 12
create lienthong.routing.events 12
create lienthong.civil-registry.events 6
create lienthong.social-protection.events 6
create lienthong.civil-registry.requests 6
create lienthong.social-protection.requests 6
create lienthong.intake.events.dlq 1
create lienthong.routing.events.dlq 1
create lienthong.civil-registry.events.dlq 1
create lienthong.social-protection.events.dlq 1
create lienthong.civil-registry.requests.dlq 1
create lienthong.social-protection.requests.dlq 1

"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --list
