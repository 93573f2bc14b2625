package dev.labconsole.runtime.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the texts of an input file: {@code .txt} (one text per line), {@code .csv} (RFC 4180, with
 * a {@code text} or {@code sentence} column) or {@code .tsv} (tab-separated, no quoting, as GLUE
 * ships SST-2).
 *
 * <p>The whole file is read and checked before anything is predicted: bytes that are not UTF-8,
 * a missing text column or an over-long text stop the run with the line at fault, and nothing is
 * written. Blank lines and empty cells are skipped and counted, not fatal.
 *
 * @param rows the texts, in file order
 * @param skippedBlank how many blank lines or empty text cells were skipped
 */
public record InputFile(List<InputRow> rows, int skippedBlank) {

    public InputFile {
        rows = List.copyOf(rows);
    }

    /** Reads and checks {@code file}; the format follows its extension. */
    public static InputFile read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        char separator;
        if (name.endsWith(".csv")) {
            separator = ',';
        } else if (name.endsWith(".tsv")) {
            separator = '\t';
        } else if (name.endsWith(".txt")) {
            separator = 0;
        } else {
            throw new InputException(file + ": use a .txt file (one text per line) or a .csv/.tsv with a text column");
        }
        try (Reader reader = new StringReader(decodeStrictly(Files.readAllBytes(file), file))) {
            InputFile input = separator == 0 ? readLines(reader) : readTable(reader, separator, file);
            if (input.rows().isEmpty()) {
                throw new InputException(file + " holds no texts");
            }
            return input;
        } catch (NoSuchFileException e) {
            throw new InputException("input file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + dev.labconsole.runtime.model.FileProblems.why(e)
                    + "; give a readable .txt, .csv or .tsv file", e);
        }
    }

    /**
     * Decodes UTF-8, refusing malformed bytes instead of replacing them with '?' silently; on
     * failure the message names the first bad line, found by decoding line by line.
     */
    private static String decodeStrictly(byte[] bytes, Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException whole) {
            int line = 1;
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    try {
                        decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                    } catch (CharacterCodingException e) {
                        break;
                    }
                    line++;
                    start = i + 1;
                }
            }
            throw new InputException(file + " is not UTF-8 text: line " + line
                    + " holds bytes that are not UTF-8; save the file as UTF-8 and try again", whole);
        }
    }

    private static InputFile readLines(Reader reader) throws IOException {
        BufferedReader lines = new BufferedReader(reader);
        List<InputRow> rows = new ArrayList<>();
        int skipped = 0;
        int number = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            number++;
            if (number == 1) {
                line = stripBom(line);
            }
            if (line.isBlank()) {
                skipped++;
                continue;
            }
            TextLimits.check(line, "line " + number);
            rows.add(new InputRow(number, line));
        }
        return new InputFile(rows, skipped);
    }

    private static InputFile readTable(Reader reader, char separator, Path file) throws IOException {
        DelimitedReader table = new DelimitedReader(reader, separator, separator == ',');
        List<String> header = table.next();
        if (header == null) {
            throw new InputException(file + " is empty");
        }
        int column = -1;
        for (int i = 0; i < header.size(); i++) {
            String name = stripBom(header.get(i)).trim().toLowerCase(Locale.ROOT);
            if (name.equals("text") || (name.equals("sentence") && column < 0)) {
                column = i;
            }
        }
        if (column < 0) {
            throw new InputException(file + " has no 'text' or 'sentence' column; its header is "
                    + String.join(separator == ',' ? "," : " | ", header)
                    + ". Name the column holding the texts 'text'.");
        }
        List<InputRow> rows = new ArrayList<>();
        int skipped = 0;
        List<String> record;
        while (true) {
            int line = table.line();
            record = table.next();
            if (record == null) {
                break;
            }
            String text = column < record.size() ? record.get(column) : "";
            if (text.isBlank()) {
                skipped++;
                continue;
            }
            TextLimits.check(text, "line " + line);
            rows.add(new InputRow(line, text));
        }
        return new InputFile(rows, skipped);
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
