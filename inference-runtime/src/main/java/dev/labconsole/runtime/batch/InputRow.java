package dev.labconsole.runtime.batch;

/**
 * One text read from an input file.
 *
 * @param line the 1-based line in the file where the text starts, for messages
 * @param text the text
 */
public record InputRow(int line, String text) {
}
