#!/usr/bin/env bash
# Durable state saves (fsync) against the rename-only baseline, 3 rounds of 200 saves each, on the file
# system that holds LABCONSOLE_HOME (default ~/.labconsole). Needs a build: ./mvnw -B -o -q -DskipTests package -pl app -am
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${LABCONSOLE_HOME:-$HOME/.labconsole}"
mkdir -p "$home"
cd "$root"
java -cp "app/target/classes:app/target/lib/*:inference-runtime/target/classes" benchmarks/java/StateSaveBench.java "$home" 2>/dev/null
