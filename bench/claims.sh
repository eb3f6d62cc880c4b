#!/usr/bin/env bash
# Queue benchmark: claims/s and claim latency (p50/p99) with 1, 8 and 32 claimers over 10,000 trials, and the
# scheduler's overhead per trial, on the embedded PostgreSQL 17. Usage: bench/claims.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./dse arch >/dev/null   # builds the jars if needed
exec java -Dlogback.configurationFile=dse-cli-logback.xml -cp "dse-api/target/lib/*" bench/ClaimBench.java
