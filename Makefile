# nparrow — `make help` lists the targets. Every target sets itself up on a fresh machine
# (Rust + CPython >= 3.11): it creates .venv, installs what it needs and builds the extension
# in release mode; re-running skips whatever has not changed.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)
DEPS_STAMP := $(VENV)/.stamp-deps
BUILD_STAMP := $(VENV)/.stamp-build
# (README.md is the package's long description: the metadata is rebuilt with it)
RUST_SOURCES := $(shell find src -name '*.rs') Cargo.toml Cargo.lock pyproject.toml README.md
TEST_DEPS := "maturin>=1.16,<2" "numpy>=2" "pyarrow>=14" "pytest>=8" "pytest-memray>=1.7" "hypothesis>=6" \
	"rerun-sdk==0.41.0" "ruff==0.17.6" "polars>=1" "duckdb>=1" "arro3-core>=0.4" "nanoarrow>=0.6" \
	"mypy==2.4.1" "pyright==1.1.414" "pytest-xdist>=3.5"
export PYO3_PYTHON := $(abspath $(PY))
export OPENBLAS_NUM_THREADS ?= 1
export RERUN_ANALYTICS ?= 0

.PHONY: help build demo test test-rust test-py lint stubs bench soak wheel clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "nparrow needs CPython >= 3.11"'
	$(PYTHON) -m venv $(VENV)

$(DEPS_STAMP): pyproject.toml Makefile | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check $(TEST_DEPS)
	touch $@

$(BUILD_STAMP): $(RUST_SOURCES) $(DEPS_STAMP)
	@# maturin's status lines are filtered out; a failed build fails make (pipefail), while grep
	@# finding nothing left to print (its exit 1) does not.
	set -o pipefail; $(VENV)/bin/maturin develop --release --quiet 2>&1 \
		| { grep -v '^\(📦\|✏️\|🛠\)' || [ $$? -eq 1 ]; }
	$(PY) -c 'import nparrow._native'
	touch $@

build: $(BUILD_STAMP) ## build the extension (release) into .venv

demo: $(BUILD_STAMP) ## build, then log a synthetic robotics scene to demo.rrd and verify it
	$(PY) scripts/demo.py demo.rrd
	$(VENV)/bin/rerun rrd verify demo.rrd

test: lint test-rust test-py ## everything CI runs: lint, cargo tests, pytest across the FFI boundary

test-rust: $(DEPS_STAMP)
	cargo test --lib --quiet

test-py: $(BUILD_STAMP)
	@# One worker per core, each test file whole on one worker (its tests keep their order).
	$(PY) -m pytest -q -n auto --dist loadfile -m "not limit_memory"
	@# memray sees the system allocator's allocations, not mimalloc's (src/alloc.rs).
	NPARROW_ALLOCATOR=system $(PY) -m pytest -q --memray --hide-memray-summary -m limit_memory

lint: $(BUILD_STAMP) ## cargo fmt --check, clippy -D warnings, ruff, stubs up to date, stubtest, mypy, pyright
	cargo fmt --check
	cargo clippy --lib --tests --quiet -- -D warnings
	$(VENV)/bin/ruff check python ffi_tests benches scripts
	$(VENV)/bin/ruff format --check python ffi_tests benches scripts
	$(PY) scripts/gen_stubs.py --check
	$(PY) -m mypy.stubtest nparrow._native
	$(PY) -m mypy -p nparrow
	$(PY) -m mypy --strict scripts/gen_stubs.py
	@# mypy --strict and pyright on the user scripts and the stubs: ffi_tests/typing/test_typing.py

stubs: $(BUILD_STAMP) ## regenerate the archetype stubs (python/nparrow/archetypes/__init__.pyi)
	$(PY) scripts/gen_stubs.py

# `make bench` measures the shipped code but keeps debug info and symbols for profilers: the
# bench-debug profile (Cargo.toml) is release + `debug = 1`, unstripped. It installs that build
# into .venv, so the next `make build` (stripped release) reinstalls the shipped one.
# foxglove-sdk: the fastest Python robotics logger we know of, measured beside us (issue 16).
BENCH_DEPS := "foxglove-sdk==0.30.3"
bench: $(DEPS_STAMP) ## side by side with foxglove-sdk and rerun-sdk (bench-debug profile); writes benches/RESULTS.md
	$(PY) -m pip install -q --disable-pip-version-check $(BENCH_DEPS)
	set -o pipefail; $(VENV)/bin/maturin develop --profile bench-debug --quiet 2>&1 \
		| { grep -v '^\(📦\|✏️\|🛠\)' || [ $$? -eq 1 ]; }
	rm -f $(BUILD_STAMP)
	$(PY) benches/bench_scenarios.py
	$(PY) benches/bench_peers.py
	$(PY) benches/bench_vs_rerun.py

soak: $(BUILD_STAMP) ## long runs: property tests, 1M-log leak check, valgrind, fuzz
	HYPOTHESIS_PROFILE=soak $(PY) -m pytest -q ffi_tests/bridge/test_properties.py
	NPARROW_SOAK=1 $(PY) -m pytest -q -o addopts="" ffi_tests/soak
	command -v valgrind >/dev/null || (apt-get update -qq && apt-get install -y -qq valgrind)
	PY=$(PY) ffi_tests/soak/valgrind_bridge.sh
	$(PY) -m pip install -q --disable-pip-version-check "atheris>=2.3,<4"
	$(PY) ffi_tests/soak/fuzz_varlen.py -runs=200000
	$(PY) ffi_tests/soak/fuzz_rrd.py -runs=5000 -max_len=2048 -len_control=0

WHEEL_DEPS := "ziglang>=0.13" "auditwheel>=6"
WHEEL_OUT := target/wheels
# zig links against glibc 2.28's symbol versions, so the wheel installs on RHEL 8 / Ubuntu 20.04+
# whatever glibc this machine has. Own target dir: the dev build in target/ stays untouched.
wheel: $(DEPS_STAMP) ## abi3 wheel for manylinux_2_28 (zig, stripped) in target/wheels; auditwheel show
	$(PY) -m pip install -q --disable-pip-version-check $(WHEEL_DEPS)
	rm -f $(WHEEL_OUT)/nparrow-*.whl
	PATH="$(abspath $(VENV))/bin:$$PATH" CARGO_TARGET_DIR=target/wheel $(VENV)/bin/maturin build \
		--release --strip --zig --compatibility manylinux_2_28 -i $(PY) --out $(WHEEL_OUT)
	$(VENV)/bin/auditwheel show $(WHEEL_OUT)/nparrow-*.whl
	$(PY) scripts/check_wheel.py $(WHEEL_OUT)/nparrow-*.whl

clean:
	rm -rf $(VENV) target demo.rrd
