/**
 * The lab service's container image: the project's own model server ({@code serve}) built as an OCI
 * image with Jib's library (no Docker daemon, no Dockerfile) and pushed to a registry or written as
 * an archive. Knows nothing of the lab engine, AWS clients or the window: the lab layer hands it a
 * destination and credentials, the command line and the window watch its progress.
 */
package dev.labconsole.image;
