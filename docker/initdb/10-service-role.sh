#!/bin/sh
# Runs once, when the cluster database is first created (the postgres image's /docker-entrypoint-initdb.d): the role the
# API and the workers connect as, without superuser rights, owning the service's database and its schema.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v pw="$DSE_DB_PASSWORD" <<'SQL'
CREATE ROLE dse LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'pw';
CREATE DATABASE dse OWNER dse;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname dse -c 'ALTER SCHEMA public OWNER TO dse'
