/**
 * Lab Console: the entry point that opens the window or runs a command.
 *
 * <p>Layers, one direction only (checked by {@code ArchitectureTest}): {@code ui -> lab -> aws} and
 * {@code cli -> lab}; the inference runtime is a library all of them may use.
 */
package dev.labconsole;
