/**
 * The "Scale and roll out" page, beyond the lab: the service's autoscaling (bounds, metric, the cost at
 * its maximum) and model versions rolled out as new task definition revisions, watched, and rolled back.
 */
package dev.labconsole.ui.scale;
