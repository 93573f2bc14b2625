/**
 * The HTTP server the lab's container runs: {@code /health}, {@code /predict}, {@code /metrics} and
 * {@code /docs}, on the JDK's own HTTP server so the image needs nothing else.
 */
package dev.labconsole.runtime.server;
