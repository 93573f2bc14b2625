/**
 * The Monitoring page (lab section 6): live charts of the load balancer's and the service's CloudWatch
 * metrics over a chosen range, and the lab's alarms with their state.
 */
package dev.labconsole.ui.monitor;
