/**
 * The command line: {@code predict}, {@code serve} and the lab commands, with exit codes 0 (done),
 * 1 (failed) and 2 (bad input, nothing was called).
 */
package dev.labconsole.cli;
