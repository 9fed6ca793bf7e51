# OneDoor: the two README commands (make run, make test) and their parts.
# Every target installs what it needs (scripts/deps.sh) and skips work that is already done.
SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc)
DATA ?= data
PORT ?= 8080
HOST ?= 127.0.0.1

WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts \
               web/tsconfig.json web/package.json

.PHONY: run test build deps native server web test-native test-asan test-e2e test-fuzz fuzz fuzz-build bench clean

# Only what the server needs: the `onedoor` binary and the web app (not the tests or benchmarks).
run: deps server web
	./$(BUILD)/onedoor serve --data $(DATA) --demo --host $(HOST) --port $(PORT)

test: deps build test-native test-asan test-e2e test-fuzz
	@echo "onedoor: all tests passed"

build: deps native web

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

native: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

server: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target onedoor

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build --silent
	@touch $@

web: web/dist/index.html

# The API tests that run a second time on PostgreSQL (the store contract suites and the
# multi-node tests run on it always).
PG_API_TESTS = ^(Access|AccessApi|ApiKeyApi|AppealApi|ApplicationApi|AppointmentApi|CalendarApi|HallApi|HallPublic|HallStateSize|HallSettingsApi|HallWebSocket|HallWebhook|LedgerApi|MattersApi|Open311Api|PhotoApi|RateLimitApi|SessionApi|SimApi|StoreDown|UsersApi)\.

# The whole C++ suite (SQLite, and PostgreSQL where it applies), then the API tests once more with
# PostgreSQL under the server; one throwaway PostgreSQL cluster serves both runs.
test-native: native
	scripts/with_pg.sh sh -c 'cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300 && \
	  ONEDOOR_TEST_DB=postgresql ctest --output-on-failure -j $(JOBS) --timeout 300 -R "$(PG_API_TESTS)"'

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DONEDOOR_SANITIZE=ON -DONEDOOR_BENCH=OFF >/dev/null

# The whole C++ suite once more under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ../scripts/with_pg.sh ctest --output-on-failure -j $(JOBS) --timeout 600

# libFuzzer targets (tests/fuzz): clang with ASan+UBSan, its own tree, only the sources each needs.
$(FUZZ_BUILD)/build.ninja:
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONEDOOR_FUZZ=ON >/dev/null

fuzz-build: $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

# Each target for 5 minutes (new inputs in $(FUZZ_BUILD)/corpus, crashes in $(FUZZ_BUILD)/crashes).
fuzz: deps fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) 300 $(JOBS)

# Each target over its corpus plus 20 s of new inputs, two at a time (under 3 minutes in all).
test-fuzz: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) 20 2

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test-e2e: native web tests/e2e/node_modules/.package-lock.json
	cd tests/e2e && ONEDOOR_BIN=$(CURDIR)/$(BUILD)/onedoor node --test --test-concurrency=1 run.mjs

bench: deps build
	scripts/bench.sh $(BUILD)/onedoor
	BENCH_ONLY=pg scripts/bench.sh $(BUILD)/onedoor
	scripts/soak_bench.sh $(BUILD)/onedoor

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) web/dist
