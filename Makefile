# The two commands that matter: `make run` and `make test` (what CI runs).
CARGO ?= cargo
# The app's TypeScript bindings feature is on for every cargo step, so tests, lints and
# the binaries share one build.
FEATURES := --features haiilo-scim-assistant/ts

.PHONY: run test deps test-deps ui ui-test rust-test fmt lint e2e package package-test bindings fixtures cli dev bench fuzz

## run: build the UI and the desktop app, and open it (or explain how to use the CLI)
run: deps ui
	$(CARGO) build -p haiilo-scim-assistant
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display here (DISPLAY and WAYLAND_DISPLAY are unset), so the app cannot open."; \
	  echo "The same checks run headless: cargo run -p haiilo-scim-cli -- check --demo"; \
	  echo "(or with your tenant: cargo run -p haiilo-scim-cli -- check --domain acme.haiilo.app --client-id ID)"; \
	else \
	  ./target/debug/haiilo-scim-assistant; \
	fi

## test: everything CI runs: formatting, lints, Rust tests, UI tests, real-app end-to-end,
## and the release package installed, started, checked and removed
test: test-deps fmt ui ui-test lint rust-test e2e package-test

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --with-tests

fmt:
	$(CARGO) fmt --all -- --check

## ui: type-check and build the UI into ui/dist (the app embeds it)
ui:
	npm --prefix ui run check
	npm --prefix ui run build

ui-test:
	npm --prefix ui test
	npm --prefix ui run test:flows
	node tests/i18n/rust-german.mjs

lint:
	$(CARGO) clippy --workspace --all-targets --locked $(FEATURES) -- -D warnings

## rust-test: all Rust tests, including the check that ui/src/lib/bindings is current
rust-test:
	$(CARGO) test --workspace --locked $(FEATURES)

## e2e: the real app under Xvfb via WebDriver (needs the binaries from rust-test)
e2e:
	$(CARGO) build -p haiilo-scim-assistant -p haiilo-scim-cli --locked $(FEATURES)
	tests/e2e/run.sh

## package: the release .deb (target/release/bundle/deb/); prints its path and size
package: deps
	scripts/package.sh

## package-test: installs the .deb from `make package` (as root), starts the installed app
## under Xvfb with a real keychain, runs the demo check in it, then removes the package
## and checks nothing of it is left
package-test: package
	tests/package/run.sh

## fuzz: each property test (core/tests/properties_*.rs) with 100 000 generated inputs, release build
## (`make test` runs the same properties with 256 each; PROPTEST_CASES=N overrides)
fuzz:
	PROPTEST_CASES=$${PROPTEST_CASES:-100000} $(CARGO) test --release --locked -p haiilo-scim-core --test 'properties_*'

## bindings: regenerate ui/src/lib/bindings from the Rust types
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p haiilo-scim-assistant $(FEATURES) bindings_are_up_to_date

## cli: build the haiilo-scim binary (release) into target/release/haiilo-scim
cli:
	$(CARGO) build --release -p haiilo-scim-cli --locked

## dev: the app with the UI served by Vite and reloaded on change
dev: deps
	ui/node_modules/.bin/tauri dev --config '{"build":{"devUrl":"http://127.0.0.1:5173","beforeDevCommand":"npm --prefix ui run dev -- --host 127.0.0.1 --port 5173 --strictPort"}}'

## bench: print figures (binary and package sizes, the check ladder and PingOne verify/apply
## side by side vs one after another with 100 ms latency per request; for the release app:
## launch to first screen and idle memory next to two floors, a bare WebKitGTK window and a bare
## Tauri window (src-tauri/examples/bare_window.rs); and the start screen
## with 200 saved setups (debug build, which takes the test data folder): list_setups and render)
bench: test-deps package
	$(CARGO) build --release --locked -p haiilo-scim-assistant --example bare_window --features tauri/custom-protocol
	$(CARGO) build -p haiilo-scim-assistant --locked $(FEATURES)
	$(CARGO) build --release -p haiilo-scim-cli --locked
	$(CARGO) run --release -p haiilo-scim-cli --example ladder_bench --locked
	$(CARGO) run --release -p haiilo-scim-cli --example pingone_bench --locked
	tests/bench/run.sh

## fixtures: regenerate the UI's test fixtures from Rust (check runs in ui/tests/fixtures/checks, setup views in .../views)
fixtures:
	UPDATE_FIXTURES=1 $(CARGO) test --workspace --locked $(FEATURES) --test ui_fixtures
