/**
 * Benchmarks of the window run as programs, not tests: the FX-thread stall benchmark
 * ({@code benchmarks/fx-stall.sh}). Nothing here is asserted; the figures go to {@code benchmarks/results/}.
 */
package dev.labconsole.ui.bench;
