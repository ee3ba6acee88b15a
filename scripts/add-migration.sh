#!/usr/bin/env bash
# Adds a migration with the same name to both providers' sets, so they never drift apart.
# Usage: scripts/add-migration.sh <MigrationName>
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/WebCrm.Data -v q -nologo
for pair in "SqliteCrmDbContext:Sqlite" "PostgreSqlCrmDbContext:PostgreSql"; do
  context="${pair%%:*}"; folder="${pair##*:}"
  dotnet ef migrations add "$name" --project src/WebCrm.Data --startup-project src/WebCrm.Data \
    --context "$context" --output-dir "Migrations/$folder"
done
