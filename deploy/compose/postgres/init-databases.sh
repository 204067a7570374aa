#!/bin/sh
# Runs once, on an empty data directory (docker-entrypoint-initdb.d). One database per
# service, each owned by its own login role: no service can read another's database (DESIGN.md).
# Databases: lienthong_intake, lienthong_routing, lienthong_civil_registry, lienthong_ops_console, lienthong_social_protection.
set -eu
: "${LIENTHONG_DB_PASSWORD:?set LIENTHONG_DB_PASSWORD}"

create_database() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=name="$1" --set=password="$LIENTHONG_DB_PASSWORD" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_database lienthong_intake
create_database lienthong_routing
create_database lienthong_civil_registry
create_database lienthong_notification
create_database lienthong_ops_console
create_database lienthong_social_protection
