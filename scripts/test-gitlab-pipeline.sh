#!/usr/bin/env bash
# Runs .gitlab-ci.yml for real with gitlab-ci-local (shell executor, one isolated copy per job) on
# a clone of HEAD: build, test and package run Maven and produce function.zip; migrate-staging
# runs the archive's migration handler against a real PostgreSQL (Debian's, on a free loopback
# port); deploy-staging updates the API function and smoke-tests it. AWS cannot exist here: the
# jobs call a recording `aws` stub (scripts/pipeline-stubs/aws) whose `lambda invoke` runs the
# real handler, and the smoke test reaches a stand-in for API Gateway (api-gateway.py).
# Then the same migrate + deploy jobs against a database the migration cannot apply: the
# pipeline must fail at migrate-staging and never reach deploy-staging.
#
# GITLAB_PIPELINE_TESTS=smoke (.ci/run, where make test has just run every preferences test of the
# same commit): the test job runs one unit test and one integration test of each module instead of
# all of them (the pipeline ~150 s instead of ~240 s here); every job still runs, on the real Maven build and archive.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
started=$SECONDS
WORK="$ROOT/target/test-pipelines/gitlab"
rm -rf "$WORK"; mkdir -p "$WORK"
# shellcheck source=checks.sh
. scripts/checks.sh
BIN="$(scripts/node-tools.sh)"
JAVA_HOME="${JAVA_HOME_25:-$(scripts/java-home.sh)}"
for tool in rsync unzip runuser python3 curl; do
  command -v "$tool" >/dev/null || { echo "test-gitlab-pipeline: $tool is missing (make tools installs it)" >&2; exit 2; }
done
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[[ -x "$PG_BIN/initdb" ]] || { echo "test-gitlab-pipeline: PostgreSQL server binaries missing (make tools)" >&2; exit 2; }

pg_pid="" api_pid=""
cleanup() {
  [[ -n "$api_pid" ]] && kill "$api_pid" 2>/dev/null || true
  [[ -n "$pg_pid" ]] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# --- a real PostgreSQL: one database the migration applies to, one it cannot -----------------
PG_PORT=$(free_port); DB_PASSWORD="$(openssl rand -hex 12)"
mkdir -p "$WORK/pg"; chown postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres -A trust >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-k $WORK/pg -p $PG_PORT -c listen_addresses=127.0.0.1" start >/dev/null
pg_pid=started
psql() { runuser -u postgres -- "$PG_BIN/psql" -h "$WORK/pg" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql -c "CREATE ROLE preferences LOGIN PASSWORD '$DB_PASSWORD'"
psql -c "CREATE DATABASE preferences OWNER preferences"
psql -c "CREATE DATABASE preferences_broken OWNER preferences"
# A schema that is not empty and has no migration history (a table from elsewhere): Flyway refuses
# to migrate it, as it would in production.
psql -d preferences_broken -c "SET ROLE preferences; CREATE TABLE preference (legacy int)"

# --- the stand-ins for AWS (stub CLI) and API Gateway --------------------------------------
STUB_HOME="$WORK/aws"; mkdir -p "$STUB_HOME/functions"
SMOKE_TOKEN="$(openssl rand -hex 16)"; API_PORT=$(free_port)
python3 scripts/pipeline-stubs/api-gateway.py "$API_PORT" "$SMOKE_TOKEN" "$WORK/api-gateway.log" &
api_pid=$!
function_config() { # database: the migration function's configuration, as Lambda would hold it
  printf '%s\n' DB_HOST=127.0.0.1 "DB_PORT=$PG_PORT" "DB_NAME=$1" DB_USER=preferences "DB_PASSWORD=$DB_PASSWORD" \
    >"$STUB_HOME/functions/preferences-migrate-staging.env"
  echo dev.day2.preferences.lambda.MigrationHandler::migrate >"$STUB_HOME/functions/preferences-migrate-staging.handler"
}
function_config preferences

# --- the pipeline, on a clone of HEAD (gitlab-ci-local copies tracked files only) ----------
git clone -q --shared "$ROOT" "$WORK/repo"
git -C "$WORK/repo" remote remove origin # gitlab-ci-local reads project data from a remote URL; none is a fallback
GCL=("$BIN/gitlab-ci-local" --force-shell-executor --shell-isolation --no-artifacts-to-source
  --variable BUILD_AS_ROOT=true
  --variable "JAVA_HOME=$JAVA_HOME"
  --variable "MAVEN_OPTS=-Dmaven.repo.local=${MAVEN_REPO:-$HOME/.m2/repository}"
  --variable "PATH=$ROOT/scripts/pipeline-stubs:$JAVA_HOME/bin:$PATH"
  --variable "STUB_JAVA=$JAVA_HOME/bin/java"
  --variable "AWS_STUB_HOME=$STUB_HOME"
  --variable AWS_REGION=eu-west-1
  --variable ARTIFACT_BUCKET=day2-staging-artifacts
  --variable PREFERENCES_API_FUNCTION=preferences-api-staging
  --variable PREFERENCES_MIGRATE_FUNCTION=preferences-migrate-staging
  --variable "PREFERENCES_URL=http://127.0.0.1:$API_PORT"
  --variable "PREFERENCES_SMOKE_TOKEN=$SMOKE_TOKEN")
case "${GITLAB_PIPELINE_TESTS:-all}" in
  all) ;;
  smoke)
    GCL+=(--variable "TEST_SELECTION=-Dtest=PreferenceApiTest,LambdaHandlerTest -Dit.test=PackagedJarIT,PackagedFunctionIT -Dit.failIfNoSpecifiedTests=false")
    echo "test-gitlab-pipeline: the test job runs a smoke selection (GITLAB_PIPELINE_TESTS=smoke)" ;;
  *) echo "test-gitlab-pipeline: GITLAB_PIPELINE_TESTS is all or smoke, not '$GITLAB_PIPELINE_TESTS'" >&2; exit 2 ;;
esac
# The access-key identity (masked variables in GitLab); values are placeholders for the stub.
KEY=(--variable AWS_ACCESS_KEY_ID=AKIASTUBSTUBSTUBSTUB --variable AWS_SECRET_ACCESS_KEY=stub-secret)

echo "test-gitlab-pipeline: the whole pipeline (build, test, package, migrate-staging, deploy-staging)"
gcl_start=$SECONDS
(cd "$WORK/repo" && "${GCL[@]}" "${KEY[@]}") >"$WORK/pipeline.log" 2>&1 && rc=0 || rc=$?
pipeline_s=$((SECONDS - gcl_start))
ARTIFACTS="$WORK/repo/.gitlab-ci-local/artifacts"
if ((rc != 0)); then # CI keeps only this script's output: show why, not just that, it failed
  echo "test-gitlab-pipeline: the pipeline failed (exit $rc); its errors and last lines:"
  grep -E '\[ERROR\]|FAILURE|Tests run:.*(Failures: [1-9]|Errors: [1-9])|exited with|Job failed|job failed' \
    "$WORK/pipeline.log" | head -60 | sed 's/^/    /' || true
  tail -40 "$WORK/pipeline.log" | sed 's/^/    | /'
fi
check "pipeline passes (log: ${WORK#"$ROOT"/}/pipeline.log)" test "$rc" = 0
check "build, test, package, migrate-staging, deploy-staging all ran" \
  bash -c "for j in build test package migrate-staging deploy-staging; do grep -q \"^\$j .*finished in\" '$WORK/pipeline.log' || grep -q \"\$j.*Job succeeded\" '$WORK/pipeline.log' || { echo \"\$j did not run\"; exit 1; }; done"
check "package: preferences-function.zip with its checksum" \
  bash -c "cd '$ARTIFACTS/package' && sha256sum -c preferences-function.zip.sha256 && unzip -l preferences-function.zip | grep -q 'lib/'"
check "package: the archive is the build job's, not a rebuild" \
  cmp "$ARTIFACTS/build/services/preferences/lambda/target/function.zip" "$ARTIFACTS/package/preferences-function.zip"
check "test: the unit and integration tests ran and passed" \
  bash -c "n=\$(grep -E '^test .*Tests run: [0-9]+, Failures: 0, Errors: 0' '$WORK/pipeline.log' | grep -vc 'Time elapsed'); [[ \$n -ge 3 ]] && grep -q '^test .*BUILD SUCCESS' '$WORK/pipeline.log'"
# The schema version the shipped migrations lead to (the highest V<n>__*.sql), not a number edited
# by hand with every new migration.
SCHEMA_VERSION=$(find "$ROOT/services/preferences/src/main/resources/db/migration" -name 'V*__*.sql' -printf '%f\n' |
  sed -E 's/^V([0-9]+)__.*/\1/' | sort -n | tail -1)
check "migrate-staging: the handler migrated the real database (schema version $SCHEMA_VERSION)" \
  bash -c "[[ \$(runuser -u postgres -- $PG_BIN/psql -h $WORK/pg -p $PG_PORT -U postgres -d preferences -qAt -c 'select max(version) from flyway_schema_history') == $SCHEMA_VERSION ]]"
check "migrate-staging: the invocation result says so" \
  contains "$(cat "$ARTIFACTS/migrate-staging/migrate-result.json" 2>/dev/null)" "\"schemaVersion\":\"$SCHEMA_VERSION\""
check "deploy-staging: live alias moved to the published version 1" \
  test "$(cat "$STUB_HOME/functions/preferences-api-staging.alias-live" 2>/dev/null)" = 1
check "deploy-staging: smoke test sent the bearer token" \
  contains "$(cat "$WORK/api-gateway.log" 2>/dev/null)" "GET /v1/users/pipeline-smoke-test/preferences token-ok"
check "deploy-staging: smoke test read the consent history" \
  contains "$(cat "$WORK/api-gateway.log" 2>/dev/null)" "GET /v1/users/pipeline-smoke-test/preference-history token-ok"
cut -f1-2 "$STUB_HOME/calls.log" | sort | uniq -c >"$WORK/aws-calls.txt"
check "the AWS calls are exactly the ones infra/aws's GitLab policy allows (and sts)" \
  bash -c "diff <(cut -f1-2 '$STUB_HOME/calls.log' | sort -u) <(printf '%s\t%s\n' lambda invoke lambda update-alias lambda update-function-code lambda wait s3 cp sts get-caller-identity)"
check "the archive the functions run is the one package built" \
  cmp "$ARTIFACTS/package/preferences-function.zip" "$STUB_HOME/functions/preferences-api-staging.zip"

echo "test-gitlab-pipeline: a migration that fails must stop the pipeline before deploy"
function_config preferences_broken
: >"$STUB_HOME/calls.log"
(cd "$WORK/repo" && "${GCL[@]}" "${KEY[@]}" migrate-staging deploy-staging) >"$WORK/broken.log" 2>&1 && rc=0 || rc=$?
check "the pipeline fails" test "$rc" != 0
check "migrate-staging fails with the migration's one-line reason" \
  bash -c "grep -q 'migration failed (Unhandled)' '$WORK/broken.log' && grep -q '\"errorMessage\":\"migrate: failed on ' '$WORK/broken.log'"
check "deploy-staging never ran: no new API version, alias still 1" \
  bash -c "! grep -q 'preferences-api-staging' '$STUB_HOME/calls.log' && [[ \$(cat '$STUB_HOME/functions/preferences-api-staging.alias-live') == 1 ]]"

echo "test-gitlab-pipeline: pipeline ${pipeline_s} s, total $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
((failed == 0))
