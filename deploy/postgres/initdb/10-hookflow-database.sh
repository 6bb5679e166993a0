#!/bin/sh
# Creates hookflow's own role and database next to Temporal's on the shared PostgreSQL.
#
# Mounted into /docker-entrypoint-initdb.d of the `postgresql` service, so the official
# postgres image runs it exactly once: when the data volume is first initialised. (If you
# attach an existing volume, create the role and database yourself with the same SQL.)
#
# hookflow gets a dedicated, non-superuser role that owns only the `hookflow` database:
# its migrations can create tables there, but it cannot touch Temporal's `temporal` and
# `temporal_visibility` databases, which belong to the superuser the schema tool uses.
#
# The password is passed as a psql variable (:'name' quotes it as a SQL literal), so
# quotes or backslashes in HOOKFLOW_DB_PASSWORD cannot break or inject into the SQL.
# No `set -u`/`exit` here: the entrypoint may source this file instead of executing it.
: "${HOOKFLOW_DB_PASSWORD:?HOOKFLOW_DB_PASSWORD must be set on the postgresql service}"

psql -v ON_ERROR_STOP=1 \
  --username "$POSTGRES_USER" \
  --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  --set app_password="$HOOKFLOW_DB_PASSWORD" <<'SQL'
CREATE ROLE hookflow LOGIN PASSWORD :'app_password';
CREATE DATABASE hookflow OWNER hookflow;
REVOKE ALL ON DATABASE hookflow FROM PUBLIC;
SQL
