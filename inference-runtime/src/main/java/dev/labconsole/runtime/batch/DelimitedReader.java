package dev.labconsole.runtime.batch;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads records of comma- or tab-separated values. With {@code quoted}, fields follow RFC 4180:
 * double quotes around a field allow separators, newlines and doubled quotes inside it.
 */
final class DelimitedReader {

    private final PushbackReader in;
    private final char separator;
    private final boolean quoted;
    private int line = 1;

    DelimitedReader(Reader in, char separator, boolean quoted) {
        this.in = new PushbackReader(in, 1);
        this.separator = separator;
        this.quoted = quoted;
    }

    /** The 1-based line the next record starts on. */
    int line() {
        return line;
    }

    /** The next record's fields, or null at the end of the input. */
    List<String> next() throws IOException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        in.unread(c);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean fieldStart = true;
        while (true) {
            c = in.read();
            if (c < 0) {
                if (inQuotes) {
                    throw new InputException("a quoted field that starts before line " + line + " is never closed");
                }
                fields.add(field.toString());
                return fields;
            }
            char ch = (char) c;
            if (inQuotes) {
                if (ch == '"') {
                    int after = in.read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        inQuotes = false;
                        if (after >= 0) {
                            in.unread(after);
                        }
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
                continue;
            }
            if (quoted && ch == '"' && fieldStart) {
                inQuotes = true;
                fieldStart = false;
            } else if (ch == separator) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
            } else if (ch == '\n') {
                line++;
                fields.add(field.toString());
                return fields;
            } else if (ch == '\r') {
                int after = in.read();
                if (after != '\n' && after >= 0) {
                    in.unread(after);
                }
                line++;
                fields.add(field.toString());
                return fields;
            } else {
                field.append(ch);
                fieldStart = false;
            }
        }
    }
}
