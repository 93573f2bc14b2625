/**
 * The HTTP server the lab's container runs: {@code /health}, {@code /predict}, {@code /metrics} and
 * {@code /docs}, on Jetty 12's core API with limits and deadlines for every phase of a request
 * ({@link dev.labconsole.runtime.server.ServerLimits}), since it faces the internet behind a public
 * load balancer.
 */
package dev.labconsole.runtime.server;
