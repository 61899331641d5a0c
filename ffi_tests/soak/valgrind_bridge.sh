#!/usr/bin/env bash
# Runs a small subset of the bridge tests under valgrind memcheck: any invalid read/write, use of
# uninitialised memory or definite leak whose stack is not CPython's/numpy's/pyarrow's own (see
# valgrind-python.supp) fails the run. `make soak` runs it; takes a few minutes.
#
#   ffi_tests/soak/valgrind_bridge.sh [pytest -k expression]
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
K=${1:-"zero_copy or copied"}
LOG=${VALGRIND_LOG:-target/valgrind-bridge.log}
mkdir -p "$(dirname "$LOG")"

command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

# PYTHONMALLOC=malloc: every Python allocation goes through malloc, so memcheck sees them all.
# Empty addopts drops --memray (its allocator hooks would hide allocations from valgrind); the
# plugin stays loaded only so that `@pytest.mark.limit_memory` is a known mark.
# -p no:cacheprovider: no .pytest_cache writes from a run that is only a check.
status=0
PYTHONMALLOC=malloc OPENBLAS_NUM_THREADS=1 valgrind \
    --tool=memcheck \
    --error-exitcode=99 \
    --errors-for-leak-kinds=definite \
    --leak-check=full \
    --show-leak-kinds=definite \
    --num-callers=40 \
    --suppressions=ffi_tests/soak/valgrind-python.supp \
    --log-file="$LOG" \
    "$PY" -m pytest -o addopts="" -p no:cacheprovider -q \
    ffi_tests/bridge/test_bridge.py -k "$K" || status=$?

grep -E "ERROR SUMMARY|definitely lost" "$LOG" || true
if [ "$status" -ne 0 ]; then
    echo "valgrind_bridge: FAILED (exit $status); see $LOG" >&2
    exit 1
fi
echo "valgrind_bridge: clean"
