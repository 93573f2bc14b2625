/**
 * AWS access for the lab engine: SDK clients pointed at a region, profile or emulator, retries for
 * AWS's eventual consistency, and error messages a student can act on. Knows nothing of the lab's
 * steps, the window or the command line.
 */
package dev.labconsole.aws;
