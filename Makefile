# Day2 — every command a developer, CI and the docs use. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The build needs JDK 25; the machine's default java may be older. scripts/java-home.sh finds one
# or fails with a message saying what to install.
JAVA_HOME_25 = $(shell scripts/java-home.sh)
MVN = JAVA_HOME="$(JAVA_HOME_25)" ./mvnw -B -ntp
JAVA = "$(JAVA_HOME_25)/bin/java"

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

.PHONY: jdk
jdk: ## check that a JDK 25 is installed (every Java target needs one)
	@scripts/java-home.sh >/dev/null

# Every target that runs something installs the system tools it needs first (idempotent and silent
# when they are present), so `make run` and `make test` are the only two commands a new machine needs.
.PHONY: deps
deps: ## install the missing system tools, silently (make test, run and bench call it)
	@scripts/install-tools.sh --quiet

.PHONY: tools
tools: ## install the system packages the tests use (apt-get; idempotent)
	@scripts/install-tools.sh

.PHONY: build
build: jdk ## compile and package every module, no tests
	$(MVN) -DskipTests -Dspotless.check.skip=true package

.PHONY: test
test: deps lint-shell ## build and run every test: unit, integration (packaged jars), end-to-end
	$(MVN) verify

.PHONY: lint-shell
lint-shell: deps ## shellcheck every shell script in the repository (make test runs it first)
	@git ls-files -z '*.sh' .ci/run | xargs -0 shellcheck -x -P SCRIPTDIR -S warning
	@echo "shellcheck: $$(git ls-files '*.sh' .ci/run | wc -l) scripts, no warnings"

.PHONY: fmt
fmt: jdk ## format the Java sources (verify fails on unformatted code)
	$(MVN) -q spotless:apply

.PHONY: run
run: deps ## run every service locally (embedded Redis/PostgreSQL); Ctrl-C stops all
	@test -f local/target/local.jar || $(MVN) -q -DskipTests -Dspotless.check.skip=true package -pl local -am
	@$(JAVA) -cp 'local/target/local.jar:local/target/lib/*' -Dday2.home="$(CURDIR)" dev.day2.local.Main

.PHONY: drills
drills: deps ## backups, restores and faults under load, one row each (DRILLS=short: the CI variant)
	@for jar in drills/target/drills.jar tools/tileset-builder/target/tileset-builder.jar services/{hello,counter,preferences,tiles}/target/quarkus-app/quarkus-run.jar; do \
	  test -f $$jar || { $(MVN) -q -DskipTests -Dspotless.check.skip=true package -pl drills,tools/tileset-builder,services/hello,services/counter,services/preferences,services/tiles -am && break; }; done
	@$(JAVA) -Djdk.httpclient.allowRestrictedHeaders=host -cp 'drills/target/drills.jar:drills/target/lib/*' -Dday2.home="$(CURDIR)" dev.day2.drills.Drills

.PHONY: logs
logs: ## search make run's JSON logs across services: make logs Q='select(.level=="ERROR")'
	@scripts/logs.sh

BENCH_JARS := tools/tileset-builder/target/tileset-builder.jar $(foreach s,hello wrpi-api wrpi-updater counter preferences tiles,services/$(s)/target/quarkus-app/quarkus-run.jar)
# The services whose AOT cache the training run writes (bench.sh, BENCH_AOT=train).
AOT_CACHES := $(foreach s,hello wrpi-api counter preferences tiles,services/$(s)/target/quarkus-app/app.aot)

.PHONY: bench-jars
bench-jars: jdk
	@for jar in $(BENCH_JARS); do \
	  test -f $$jar || { $(MVN) -q -DskipTests -Dspotless.check.skip=true package -pl tools/tileset-builder,services/hello,services/wrpi-api,services/wrpi-updater,services/counter,services/preferences,services/tiles -am && break; }; done

.PHONY: bench
bench: deps bench-jars ## measure each service against nginx with wrk (see README, Performance); builds and trains what is missing
	@for cache in $(AOT_CACHES); do test "$$cache" -nt "$${cache%/*}/quarkus-run.jar" || { $(MAKE) --no-print-directory aot && break; }; done
	@JAVA_HOME="$(JAVA_HOME_25)" bench/bench.sh

.PHONY: aot
aot: deps bench-jars ## train each service's JDK AOT cache (quarkus-app/app.aot) with a short bench run; make run and bench use it
	@BENCH_AOT=train BENCH_DURATION=$${BENCH_DURATION:-10s} BENCH_WARMUP=$${BENCH_WARMUP:-2s} JAVA_HOME="$(JAVA_HOME_25)" bench/bench.sh

.PHONY: images
images: jdk ## build every service's OCI image with podman and push it to the loopback registry (make registry)
	@JAVA_HOME_25="$(JAVA_HOME_25)" deploy/images/build.sh

.PHONY: registry
registry: ## start the loopback OCI registry make images pushes to (data in .registry/)
	@deploy/images/registry.sh start

.PHONY: release
release: ## pin an environment's images by digest: make release ENV=dev|staging|prod [ROLLBACK=1 | TO=N]
	@test -n "$(ENV)" || { echo "make release: set ENV=dev|staging|prod"; exit 2; }
	@scripts/release.sh $(ENV) $(if $(ROLLBACK),--rollback) $(if $(TO),--to $(TO))

.PHONY: test-pipelines
test-pipelines: jdk ## validate the GitHub workflows, test the release tool, run .gitlab-ci.yml with gitlab-ci-local, check renovate.json
	@JAVA_HOME_25="$(JAVA_HOME_25)" scripts/test-pipelines.sh

.PHONY: test-images
test-images: jdk ## build the images, run hello + wrpi-api + redis with podman, kube play hello
	@JAVA_HOME_25="$(JAVA_HOME_25)" deploy/images/test.sh

.PHONY: test-compose
test-compose: jdk ## bring the compose topology up on free ports with local images, check it end to end, remove it
	@JAVA_HOME_25="$(JAVA_HOME_25)" deploy/compose/test.sh

.PHONY: test-host
test-host: jdk ## the host firewall + fail2ban live in network namespaces; lint the provisioning (deploy/host)
	@JAVA_HOME_25="$(JAVA_HOME_25)" deploy/host/test/test-host.sh

.PHONY: test-host-provision
test-host-provision: jdk ## apply the host provisioning (Ansible) twice to a disposable debootstrap root and check it
	@JAVA_HOME_25="$(JAVA_HOME_25)" deploy/host/test/test-provision.sh

.PHONY: up
up: ## the whole topology in containers (docker compose or podman compose)
	@deploy/compose/up.sh

.PHONY: down
down: ## stop the compose topology (volumes are kept)
	@deploy/compose/down.sh

.PHONY: infra
infra: jdk ## synthesise the AWS platform (infra/aws, CDK) for every environment into infra/aws/cdk.out
	$(MVN) -q -DskipTests -Dspotless.check.skip=true package -pl infra/aws -am
	cd infra/aws && rm -rf cdk.out && JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 \
	  $(JAVA) -Djava.io.tmpdir=target -cp 'target/classes:target/lib/*' dev.day2.infra.Day2App --allow-placeholders

.PHONY: docs
docs: deps ## render docs/requirements.md to docs/build/target/requirements.pdf, diagrams drawn, and check it
	@docs/build/docs.sh

.PHONY: clean
clean: jdk ## remove build output and local run data
	$(MVN) -q clean
	rm -rf .run
