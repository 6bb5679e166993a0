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
#   TEMPORAL_CLI         the `temporal` CLI to run (default: `temporal` on PATH)
# and hookflow's own connection variables, with the same meaning as for the API and the
# worker (docs/configuration.md): TEMPORAL_TLS, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY,
# TEMPORAL_TLS_CA (each a file path or the PEM text), TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY.
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is required}"
: "${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE is required}"
: "${NAMESPACE_RETENTION:=72h}"
: "${SEARCH_ATTRIBUTES:?SEARCH_ATTRIBUTES is required}"

MAX_ATTEMPTS=${MAX_ATTEMPTS:-60}
SLEEP_SECONDS=${SLEEP_SECONDS:-2}

: "${TEMPORAL_CLI:=temporal}"

# hookflow's connection variables as the CLI's flags. Each certificate or key is a file path
# or the PEM text itself; PEM text is written to a private temporary file, and the CLI gets
# --tls-*-path for all three (CLI v1.5.1 refuses --tls-ca-data as "path with data").
pem_dir=
cleanup() { if [ -n "$pem_dir" ]; then rm -rf "$pem_dir"; fi; }
trap cleanup EXIT
pem_path() { # $1 = variable name, $2 = value: prints a readable file path
  case "$2" in
    -----BEGIN*)
      (umask 077 && printf '%s\n' "$2" >"$pem_dir/$1.pem")
      printf '%s' "$pem_dir/$1.pem"
      ;;
    *)
      if [ ! -r "$2" ]; then
        echo "$1: cannot read the file '$2'; give a file path or the PEM text" >&2
        exit 1
      fi
      printf '%s' "$2"
      ;;
  esac
}
case "${TEMPORAL_TLS:-}" in
  true | on | 1 | yes) tls=true ;;
  false | off | 0 | no) tls=false ;;
  '') if [ -n "${TEMPORAL_TLS_CERT:-}${TEMPORAL_TLS_KEY:-}${TEMPORAL_TLS_CA:-}${TEMPORAL_TLS_SERVER_NAME:-}${TEMPORAL_API_KEY:-}" ]; then tls=true; else tls=false; fi ;;
  *) echo "TEMPORAL_TLS must be true or false (on/off), got '$TEMPORAL_TLS'" >&2; exit 1 ;;
esac

if [ "$tls" = true ]; then
  if [ -n "${TEMPORAL_TLS_CERT:-}${TEMPORAL_TLS_KEY:-}${TEMPORAL_TLS_CA:-}" ]; then pem_dir=$(mktemp -d); fi
  if [ -n "${TEMPORAL_TLS_CERT:-}" ]; then cert_path=$(pem_path TEMPORAL_TLS_CERT "$TEMPORAL_TLS_CERT"); fi
  if [ -n "${TEMPORAL_TLS_KEY:-}" ]; then key_path=$(pem_path TEMPORAL_TLS_KEY "$TEMPORAL_TLS_KEY"); fi
  if [ -n "${TEMPORAL_TLS_CA:-}" ]; then ca_path=$(pem_path TEMPORAL_TLS_CA "$TEMPORAL_TLS_CA"); fi
fi

# Every CLI call names the server and its credentials explicitly.
temporal_cli() {
  set -- "$@" --address "$TEMPORAL_ADDRESS" --disable-config-env --disable-config-file
  if [ "$tls" = true ]; then
    set -- "$@" --tls
    if [ -n "${cert_path:-}" ]; then set -- "$@" --tls-cert-path "$cert_path"; fi
    if [ -n "${key_path:-}" ]; then set -- "$@" --tls-key-path "$key_path"; fi
    if [ -n "${ca_path:-}" ]; then set -- "$@" --tls-ca-path "$ca_path"; fi
    if [ -n "${TEMPORAL_TLS_SERVER_NAME:-}" ]; then set -- "$@" --tls-server-name "$TEMPORAL_TLS_SERVER_NAME"; fi
  fi
  if [ -n "${TEMPORAL_API_KEY:-}" ]; then set -- "$@" --api-key "$TEMPORAL_API_KEY"; fi
  # The CLI reads some of the same names itself (TEMPORAL_TLS_CERT as a path, say): it gets
  # only the flags above.
  (
    unset TEMPORAL_TLS TEMPORAL_TLS_CERT TEMPORAL_TLS_KEY TEMPORAL_TLS_CA TEMPORAL_TLS_SERVER_NAME TEMPORAL_API_KEY
    exec "$TEMPORAL_CLI" "$@"
  )
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
