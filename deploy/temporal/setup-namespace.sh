#!/bin/sh
# One-shot registration of hookflow's Temporal namespace and custom search attributes,
# run by the `temporal-namespace` compose service (image temporalio/admin-tools, which
# ships the `temporal` CLI) once the server is healthy.
#
# Why this exists: a server started from temporalio/server (unlike the deprecated
# auto-setup image or `temporal server start-dev`) has no `default` namespace and no
# custom search attributes. hookflow tags every delivery workflow with TenantId,
# EndpointId, EventType, EventId and DeliveryStatus so they can be filtered in the Web UI and
# through visibility queries; starting a workflow with an unregistered attribute fails.
#
# Idempotent: an existing namespace is left alone, and `search-attribute create` accepts
# attributes that already exist with the same type.
#
# Environment:
#   TEMPORAL_ADDRESS     host:port of the Temporal frontend
#   TEMPORAL_NAMESPACE   namespace to create (hookflow's TEMPORAL_NAMESPACE)
#   NAMESPACE_RETENTION  workflow history retention for a newly created namespace
#   SEARCH_ATTRIBUTES    whitespace-separated Name=Type pairs, e.g. "TenantId=Keyword"
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is required}"
: "${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE is required}"
: "${NAMESPACE_RETENTION:=72h}"
: "${SEARCH_ATTRIBUTES:?SEARCH_ATTRIBUTES is required}"

MAX_ATTEMPTS=${MAX_ATTEMPTS:-60}
SLEEP_SECONDS=${SLEEP_SECONDS:-2}

# Every CLI call names the server explicitly rather than relying on the CLI's own
# environment/config-file lookup.
temporal_cli() {
  temporal "$@" --address "$TEMPORAL_ADDRESS"
}

# retry <description> <command...>: run the command until it succeeds or attempts run out.
retry() {
  what=$1
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "$what: still failing after $MAX_ATTEMPTS attempts, giving up" >&2
      return 1
    fi
    echo "$what: not ready yet ($attempt/$MAX_ATTEMPTS)"
    attempt=$((attempt + 1))
    sleep "$SLEEP_SECONDS"
  done
}

# The compose healthcheck only proves the gRPC port is open; the cluster can still be
# bootstrapping its system namespaces for a few seconds after that.
retry "cluster health" temporal_cli operator cluster health

ensure_namespace() {
  if temporal_cli operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
    echo "namespace $TEMPORAL_NAMESPACE already exists"
    return 0
  fi
  temporal_cli operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$NAMESPACE_RETENTION"
}
retry "namespace $TEMPORAL_NAMESPACE" ensure_namespace

# Build "--name A --type T --name B --type U ..." in the positional parameters
# (POSIX sh has no arrays).
set --
for pair in $SEARCH_ATTRIBUTES; do
  name=${pair%%=*}
  type=${pair#*=}
  if [ -z "$name" ] || [ "$name" = "$pair" ] || [ -z "$type" ]; then
    echo "bad SEARCH_ATTRIBUTES entry '$pair' (expected Name=Type)" >&2
    exit 1
  fi
  set -- "$@" --name "$name" --type "$type"
done

# A freshly created namespace takes a few seconds to reach every frontend's namespace
# cache, during which this call answers "namespace not found": hence the retry.
retry "search attributes" temporal_cli operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" "$@"

temporal_cli operator search-attribute list --namespace "$TEMPORAL_NAMESPACE"
echo "namespace $TEMPORAL_NAMESPACE is ready for hookflow"
