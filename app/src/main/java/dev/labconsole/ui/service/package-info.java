/**
 * Why the lab's ECS service is or is not healthy, as the Containers and Test pages show it: the
 * engine's typed findings and the service's own events, read in the background or followed live
 * while Create runs.
 */
package dev.labconsole.ui.service;
