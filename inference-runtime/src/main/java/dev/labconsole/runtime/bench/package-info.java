/**
 * Benchmarks of the runtime, run by {@code benchmarks/run.sh}: single-text latency percentiles and
 * batch throughput, printed as JSON so the script can put them beside the Python baseline.
 */
package dev.labconsole.runtime.bench;
