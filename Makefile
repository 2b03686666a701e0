# podplay: build, serve, test and benchmark. Tool versions and why: ../shared/toolchain.md.
#
#   make toolchain  install what is missing (apt chromium + chromedriver, wasm32 target, trunk,
#                   wasm-bindgen-cli at Cargo.lock's version, npm ci for wasm-opt + playwright-core)
#   make serve      dev server on http://127.0.0.1:8080 (rebuilds on change)
#   make dist       release build into dist/ (relative URLs: works from any sub-path)
#   make single     one self-contained HTML file from dist/ (target/podplay-single.html) for file://
#   make test       everything CI runs; the last line is `N passed, M failed`
#   make bench      native benchmark (podplay bench) and browser benchmark + dist transfer size
#   make soak       100,000 random command sequences against the engine invariants
#   make fuzz       10,000,000 seeded hostile inputs (YAML, console, container shell, share links)
#                   on two threads; FUZZ_FROM=S FUZZ_COUNT=N for a slice, exit 1 on any panic or hang

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# trunk: skip its update check (it ignores Trunk.toml), plain logs, and it rejects NO_COLOR=1.
export TRUNK_SKIP_VERSION_CHECK := true
export TRUNK_COLOR := never
unexport NO_COLOR
# wasm-opt (binaryen 132) from npm; cargo-installed tools (trunk, wasm-bindgen) in ~/.cargo/bin.
export PATH := $(CURDIR)/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

.PHONY: help toolchain fetch serve dist single test bench soak fuzz

help:
	@sed -n 's/^#   //p' Makefile

toolchain:
	scripts/toolchain.sh

# trunk runs cargo with --offline (Trunk.toml: offline = true), so crates must be fetched first.
fetch: toolchain
	cargo fetch

serve: fetch
	trunk serve --address 127.0.0.1 --port 8080

dist: fetch
	trunk build --release --dist dist

# No second build: the CSS, the JS glue and the wasm (base64) of dist/ are inlined.
single: dist
	node scripts/single.mjs dist target/podplay-single.html

test:
	scripts/test-all.sh

# Every part runs even if one fails; the target fails if any did. The size report (first, before
# the engine-bench build replaces them) reads the wasm files cargo built for dist/ (they still have their names), optimized as Trunk does but
# keeping the names (-g). The last lines are every figure beside its target.
WASM_OPT_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
bench: dist
	@rc=0; mkdir -p target/bench; rm -f target/bench/*.log; \
	for m in podplay-first podplay; do \
	  echo "==> size report: $$m (scripts/size-report.mjs)"; \
	  wasm-opt -Oz -g $(WASM_OPT_FEATURES) target/wasm32-unknown-unknown/release/$$m.wasm -o target/bench/$$m-named.wasm \
	    && node scripts/size-report.mjs target/bench/$$m-named.wasm 20 || rc=1; \
	done; \
	echo '==> native: cargo run --release --bin podplay -- bench'; \
	cargo run --release --bin podplay -- bench | tee target/bench/native.log || rc=1; \
	echo '==> browser: trunk build --features engine-bench into target/dist-bench'; \
	trunk build --release --features engine-bench --dist target/dist-bench || rc=1; \
	echo '==> browser: node tests/e2e/bench.mjs'; \
	BENCH_ENGINE_DIST=target/dist-bench node tests/e2e/bench.mjs | tee target/bench/browser.log || rc=1; \
	echo '==> budgets (every figure against its target)'; \
	grep -h '^budget:' target/bench/native.log target/bench/browser.log || rc=1; \
	echo "$$(grep -h '^budget:.*: met$$' target/bench/*.log | wc -l) met, $$(grep -h '^budget:.*: MISSED$$' target/bench/*.log | wc -l) missed"; \
	exit $$rc

# 100,000 random command sequences against the engine's invariants (release build; tens of
# minutes on two cores). `make test` runs 1,000.
soak:
	PODPLAY_CASES=100000 cargo test --release --test engine_properties -- --nocapture

# Seeded hostile inputs (podplay fuzz): seeds FUZZ_FROM.. FUZZ_FROM+FUZZ_COUNT, each reproducible
# alone with `podplay fuzz --from S --count 1 --target T --print`. The fuzz profile is optimized
# but lets a panic unwind, so that each is caught and reported with its seed. `make test` runs
# 20,000 with the debug build.
FUZZ_FROM ?= 0
FUZZ_COUNT ?= 10000000
fuzz:
	cargo run --profile fuzz --bin podplay -- fuzz --from $(FUZZ_FROM) --count $(FUZZ_COUNT) --threads 2
