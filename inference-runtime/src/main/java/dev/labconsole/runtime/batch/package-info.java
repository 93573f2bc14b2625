/**
 * Texts in bulk: the limits every entry point enforces, reading {@code .txt}/{@code .csv}/{@code .tsv}
 * input files, and batch prediction into JSON Lines or CSV written all-or-nothing.
 */
package dev.labconsole.runtime.batch;
