# The two commands that matter: `make run` and `make test` (what CI runs).
CARGO ?= cargo

.PHONY: run test deps fmt lint unit build cli

## run: the CLI's connection check against a local demo tenant
run: deps
	$(CARGO) run --quiet -p haiilo-scim-cli -- check --demo

## test: everything CI runs (formatting, lints, all test suites)
test: deps fmt lint unit

deps:
	@scripts/install-deps.sh

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

unit:
	$(CARGO) test --workspace --locked

## cli: build the haiilo-scim binary (release) into target/release/haiilo-scim
cli:
	$(CARGO) build --release -p haiilo-scim-cli --locked
