/** The Test page: GET /health and POST /predict against the load balancer, with latency. */
package dev.labconsole.ui.endpoint;
