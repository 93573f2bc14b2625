package dev.labconsole.cli;

import dev.labconsole.runtime.batch.BatchPrediction;
import dev.labconsole.runtime.batch.InputException;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.runtime.batch.InputFile;
import dev.labconsole.runtime.batch.OutputFormat;
import dev.labconsole.runtime.batch.PredictionWriter;
import dev.labconsole.runtime.batch.TextLimits;
import dev.labconsole.runtime.model.DjlSettings;
import dev.labconsole.runtime.model.Prediction;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.ModelLocator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code predict}: classify one text, or every text of a file into JSON Lines. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Classify text locally with the bundled sentiment model or your own.",
            "Examples:",
            "  labconsole predict --text \"a gripping, beautifully acted film\"",
            "  labconsole predict --input reviews.csv --output predictions.jsonl --model s3://bucket/models/m/"
        })
final class PredictCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--text", paramLabel = "TEXT", description = "The text to classify.")
        String text;

        @Option(names = "--input", paramLabel = "FILE",
                description = "A .txt (one text per line) or .csv/.tsv with a 'text' or 'sentence' column.")
        Path input;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--output", paramLabel = "FILE.jsonl",
            description = "Where --input's predictions go: .jsonl (one JSON object per row) or .csv.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "The predictions file's format: jsonl or csv (default: from --output's extension).")
    OutputFormat format;

    /** jsonl or csv in any case; anything else is refused naming the two. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat candidate : OutputFormat.values()) {
                if (candidate.name().equalsIgnoreCase(value.trim())) {
                    return candidate;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a format: use jsonl"
                    + " (one JSON object per line) or csv");
        }
    }

    @Option(names = "--model", paramLabel = "URI",
            description = "A model folder, .zip/.tar.gz archive or s3://bucket/prefix/ (default: the bundled model).")
    String model;

    @Option(names = "--json", description = "Print the prediction as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Everything the user typed is checked before the model is loaded: bad input fails fast.
        InputFile input = null;
        // Relative names are the caller's, not the checkout's the launcher runs in.
        model = CallerPaths.resolveModel(model);
        Path inputFile = CallerPaths.resolve(source.input);
        output = CallerPaths.resolve(output);
        if (source.text != null) {
            TextLimits.check(source.text, "--text");
        } else {
            if (output == null) {
                throw new InputException("--input needs --output FILE.jsonl (or .csv) for the predictions");
            }
            for (Path folder = output.getParent(); folder != null; folder = folder.getParent()) {
                if (Files.exists(folder) && !Files.isDirectory(folder)) {
                    throw new InputException("--output " + output + ": " + folder + " is a file, not a folder; give"
                            + " a path in an existing folder, such as predictions.jsonl");
                }
            }
            if (Files.isDirectory(output)) {
                throw new InputException("--output " + output + " is a folder; give a file name such as predictions.jsonl");
            }
            if (format == null) {
                format = OutputFormat.named(output).orElseThrow(() -> new InputException("--output "
                        + output.getFileName() + ": name it .jsonl (one JSON object per line) or .csv, so the file"
                        + " says what it holds, or give --format jsonl or --format csv"));
            }
            if (output.equals(inputFile) || Files.exists(output) && Files.exists(inputFile)
                    && Files.isSameFile(output, inputFile)) {
                throw new InputException("--output is the input file " + inputFile.getFileName() + ": the predictions"
                        + " would replace the texts; give another name such as predictions.jsonl");
            }
            input = InputFile.read(inputFile);
            if (input.skippedBlank() > 0) {
                err.printf("skipping %d blank line(s) in %s%n", input.skippedBlank(), inputFile);
            }
        }

        if (source.text != null && format != null) {
            throw new InputException("--format is for --input's predictions file; with --text use --json instead");
        }

        long start = System.nanoTime();
        LabStateStore.createPrivate(DjlSettings.labConsoleHome());
        try (TextClassifier classifier = ModelLocator.standard().load(model, new ProgressPrinter(err)::bytes)) {
            if (input == null) {
                printOne(out, classifier.classify(source.text));
                return ExitCode.OK;
            }
            ProgressPrinter progress = new ProgressPrinter(err);
            BatchPrediction.Summary summary = new BatchPrediction(classifier)
                    .run(input.rows(), output, format, progress::texts, () -> false);
            progress.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "classified %,d texts in %.2f s (%,.0f texts/s, model load included) -> %s%n",
                    summary.count(), seconds, summary.count() / seconds, summary.output());
            return ExitCode.OK;
        }
    }

    private void printOne(PrintWriter out, Prediction prediction) {
        if (json) {
            out.println(PredictionWriter.toJson(source.text, prediction));
            return;
        }
        String scores = prediction.scores().entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%s %.3f", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", "));
        out.printf(Locale.ROOT, "%s (%.3f)   [%s]   %.2f ms%n", prediction.label(), prediction.score(), scores,
                prediction.latency().toNanos() / 1e6);
    }
}
