# The two commands a newcomer needs: `make demo` and `make test`. Both install their Debian
# dependencies first (scripts/install-deps.sh is quiet when everything is there).
.PHONY: all deps configure build demo test bench fuzz asan clean format

PRESET ?= dev
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then cmake --preset $(PRESET) >/dev/null; fi

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD_DIR)/ossimg

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: deps
	@cmake --preset release >/dev/null && cmake --build build/release -j $(JOBS) --target ossimg_bench
	@build/release/ossimg_bench

asan: deps
	@cmake --preset asan-ubsan >/dev/null && cmake --build build/asan-ubsan -j $(JOBS)
	@cd build/asan-ubsan && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
		ctest --output-on-failure -j $(JOBS)

# Runs every fuzzer for FUZZ_SECONDS each (default 60) under ASan+UBSan; see README.
fuzz: deps
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	@rm -rf build
