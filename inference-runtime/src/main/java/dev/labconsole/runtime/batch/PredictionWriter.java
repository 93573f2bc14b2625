package dev.labconsole.runtime.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.labconsole.runtime.model.Prediction;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/** Writes predictions one row at a time, as JSON Lines or CSV. */
public final class PredictionWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private final OutputFormat format;
    private boolean headerWritten;

    public PredictionWriter(Writer out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    public void write(String text, Prediction prediction) throws IOException {
        if (format == OutputFormat.JSONL) {
            out.write(toJson(text, prediction));
            out.write('\n');
            return;
        }
        if (!headerWritten) {
            out.write("text,label,score");
            for (String label : prediction.scores().keySet()) {
                out.write(',');
                out.write(csvField(label));
            }
            out.write('\n');
            headerWritten = true;
        }
        out.write(csvField(text));
        out.write(',');
        out.write(csvField(prediction.label()));
        out.write(',');
        out.write(Float.toString((float) prediction.score()));
        for (double probability : prediction.scores().values()) {
            out.write(',');
            out.write(Float.toString((float) probability));
        }
        out.write('\n');
    }

    /** One prediction as the JSON object the command line prints and {@code --output} files hold. */
    public static String toJson(String text, Prediction prediction) {
        java.io.StringWriter buffer = new java.io.StringWriter(128 + text.length());
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeStringField("text", text);
            json.writeStringField("label", prediction.label());
            json.writeNumberField("score", (float) prediction.score());
            json.writeObjectFieldStart("scores");
            for (Map.Entry<String, Double> entry : prediction.scores().entrySet()) {
                json.writeNumberField(entry.getKey(), entry.getValue().floatValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
        return buffer.toString();
    }

    static String csvField(String value) {
        boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** Writes many rows; {@code texts} and {@code predictions} are parallel lists. */
    public void writeAll(List<String> texts, List<Prediction> predictions) throws IOException {
        for (int i = 0; i < texts.size(); i++) {
            write(texts.get(i), predictions.get(i));
        }
    }
}
