/**
 * Beyond the lab: the service scales its task count with traffic (Application Auto Scaling, target
 * tracking on requests per task or CPU), and a new model version rolls out as a new task definition
 * revision that can be rolled back.
 */
package dev.labconsole.lab.scale;
