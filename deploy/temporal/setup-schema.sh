#!/bin/sh
# One-shot Temporal persistence setup, run by the `temporal-schema` compose service
# (image temporalio/admin-tools, which ships temporal-sql-tool and the versioned schema
# files under /etc/temporal/schema), and by the cluster tests (test/cluster) with the tool
# and schema files `npm run setup:temporal-server` puts in .tools.
#
# Why this exists: the temporalio/auto-setup image, which used to do this inside the
# server container on every boot, is deprecated. Temporal's current compose samples run
# the schema tool once in a separate container and start temporalio/server only after it
# exits 0 (depends_on: condition: service_completed_successfully). We do the same.
#
# Every step is idempotent, so this runs on each `docker compose up`:
#   - create-database ignores "database already exists";
#   - setup-schema -v 0.0 only creates the schema_version bookkeeping tables
#     (IF NOT EXISTS) and never lowers a recorded version;
#   - update-schema applies only the versioned migrations newer than the recorded one,
#     which is also how a Temporal upgrade (new admin-tools/server tag) migrates the DB.
#
# Connection settings come from the environment (temporal-sql-tool reads them natively):
#   SQL_PLUGIN (postgres12), SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (empty for trust auth).
# The password is deliberately never put on the command line.
# Also: TEMPORAL_DB / TEMPORAL_VISIBILITY_DB (database names), TEMPORAL_SQL_TOOL (the tool's
# path, default temporal-sql-tool on PATH), TEMPORAL_SCHEMA_DIR (the release's
# schema/postgresql/v12 folder, default the admin-tools image's).
set -eu

: "${SQL_PLUGIN:=postgres12}"
: "${SQL_HOST:?SQL_HOST is required (the PostgreSQL service name)}"
: "${SQL_PORT:=5432}"
: "${SQL_USER:?SQL_USER is required}"
: "${SQL_PASSWORD:=}"
: "${TEMPORAL_DB:=temporal}"
: "${TEMPORAL_VISIBILITY_DB:=temporal_visibility}"
export SQL_PLUGIN SQL_HOST SQL_PORT SQL_USER SQL_PASSWORD

: "${TEMPORAL_SQL_TOOL:=temporal-sql-tool}"
: "${TEMPORAL_SCHEMA_DIR:=/etc/temporal/schema/postgresql/v12}"
SCHEMA_ROOT=$TEMPORAL_SCHEMA_DIR

# depends_on already waits for the PostgreSQL healthcheck; this loop only covers the
# short window in which DNS or the TCP listener is not yet visible from this container.
# (Skipped where nc is missing: the schema tool then reports an unreachable server itself.)
attempt=1
until ! command -v nc >/dev/null 2>&1 || nc -z -w 5 "$SQL_HOST" "$SQL_PORT"; do
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL at $SQL_HOST:$SQL_PORT is not reachable, giving up" >&2
    exit 1
  fi
  echo "waiting for PostgreSQL at $SQL_HOST:$SQL_PORT ($attempt/30)"
  attempt=$((attempt + 1))
  sleep 2
done

sql_tool() {
  "$TEMPORAL_SQL_TOOL" --plugin "$SQL_PLUGIN" --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"
}

# $1 = database name, $2 = versioned schema directory
setup_database() {
  echo "setting up database $1 from $2"
  sql_tool --db "$1" create-database
  sql_tool --db "$1" setup-schema -v 0.0
  sql_tool --db "$1" update-schema -d "$2"
}

setup_database "$TEMPORAL_DB" "$SCHEMA_ROOT/temporal/versioned"
setup_database "$TEMPORAL_VISIBILITY_DB" "$SCHEMA_ROOT/visibility/versioned"

echo "Temporal schema is up to date"
