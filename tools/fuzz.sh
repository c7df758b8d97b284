#!/bin/sh
# make fuzz: one long fuzzing session (docs/security.md).
#   make fuzz SEED=7 CALLS=100000          the whole system-call table
#   make fuzz SEED=7 CALLS=100000 MODE=s   socket mode
# The short run is part of `make test` (tools/testing/test_fuzz.py).
cd "$(dirname "$0")/.."
exec python3 tools/testing/test_fuzz.py --long "${SEED:-1}" "${CALLS:-100000}" "${MODE:-}"
