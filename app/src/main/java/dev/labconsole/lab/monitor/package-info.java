/**
 * The lab's section 6, "check CloudWatch for logs, metrics and any alarms": the load balancer's and the
 * service's metrics over a chosen range ({@link LabMetrics}) and the lab's alarms ({@link LabAlarms}).
 */
package dev.labconsole.lab.monitor;
