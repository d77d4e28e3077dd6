#!/bin/bash
# Entry point of the PostgreSQL stand-in: configured like the postgres image (POSTGRES_USER, POSTGRES_PASSWORD,
# POSTGRES_DB, PGDATA), it runs the PostgreSQL binaries the project's embedded-infra uses (zonky's build).
# First start: initdb with the password, password logins from the network, the database created in single-user mode.
set -euo pipefail
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
user="${POSTGRES_USER:-postgres}"
database="${POSTGRES_DB:-$user}"
data="${PGDATA:-/var/lib/postgresql/data}"
if [[ ! -s "$data/PG_VERSION" ]]; then
  password_file="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" > "$password_file"
  initdb -D "$data" -U "$user" --pwfile="$password_file" --auth=scram-sha-256 --encoding=UTF8 >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >> "$data/pg_hba.conf"
  if [[ "$database" != postgres ]]; then
    echo "CREATE DATABASE \"$database\" OWNER \"$user\";" | postgres --single -D "$data" postgres >/dev/null
  fi
fi
exec postgres -D "$data" -c listen_addresses='*' -c unix_socket_directories=/tmp
