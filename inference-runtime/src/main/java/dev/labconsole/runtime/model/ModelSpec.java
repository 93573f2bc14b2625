package dev.labconsole.runtime.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A model folder as described by its {@code model.properties}.
 *
 * <p>The convention (documented in {@code docs/model-folder.md}):
 * <pre>
 * model.properties  engine=PyTorch|OnnxRuntime, model=&lt;file&gt;, tokenizer=huggingface|none,
 *                   tokenizer.file=tokenizer.json, tokenizer.addSpecialTokens=true|false,
 *                   maxLength=128, labels=labels.txt, activation=softmax|none,
 *                   [input=..., output=...], name, version, description
 * model file        TorchScript (.pt) taking (input_ids, attention_mask) and returning logits [B, C],
 *                   or ONNX (.onnx): ids and mask in, or raw strings in when tokenizer=none
 * labels.txt        one label per line, in the order of the model's outputs
 * tokenizer.json    a HuggingFace tokenizer, when tokenizer=huggingface
 * </pre>
 *
 * @param folder where the files are
 * @param name the model's name, for display
 * @param version the model's version, for display
 * @param description one sentence about the model
 * @param engine which DJL engine runs it
 * @param modelFile the model file inside {@code folder}
 * @param tokenizer how text becomes input
 * @param tokenizerFile the tokenizer file inside {@code folder} (HuggingFace only)
 * @param addSpecialTokens whether the tokenizer adds its special tokens ([CLS], [SEP], ...)
 * @param maxLength the most tokens the model reads; longer texts are truncated
 * @param labels the labels, in the order of the model's outputs
 * @param inputName the model's input name, for models taking raw strings
 * @param outputName the output holding probabilities or logits, for models with several outputs
 * @param outputsAreProbabilities true when the model already returns probabilities
 *     ({@code activation=none}); otherwise its logits go through a softmax
 */
public record ModelSpec(
        Path folder,
        String name,
        String version,
        String description,
        Engine engine,
        Path modelFile,
        TokenizerKind tokenizer,
        Path tokenizerFile,
        boolean addSpecialTokens,
        int maxLength,
        List<String> labels,
        String inputName,
        String outputName,
        boolean outputsAreProbabilities) {

    public static final String PROPERTIES_FILE = "model.properties";
    private static final int MAX_LABELS = 1000;

    public ModelSpec {
        labels = List.copyOf(labels);
    }

    /** Reads and checks {@code folder/model.properties} and the files it names. */
    public static ModelSpec read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ModelException("model folder " + folder + " does not exist or is not a folder");
        }
        Path propertiesFile = folder.resolve(PROPERTIES_FILE);
        if (!Files.isRegularFile(propertiesFile)) {
            throw new ModelException("model folder " + folder + " has no " + PROPERTIES_FILE
                    + ": a model folder holds model.properties, the model file and labels.txt"
                    + " (see docs/model-folder.md)");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ModelException("cannot read " + propertiesFile + ": " + FileProblems.why(e), e);
        } catch (IllegalArgumentException e) {
            throw new ModelException(propertiesFile + " is not a properties file (lines of key=value): fix it or"
                    + " write it again as docs/model-folder.md shows", e);
        }

        Engine engine = Engine.fromName(required(properties, "engine", propertiesFile));
        Path modelFile = existingFile(folder, required(properties, "model", propertiesFile), "model");
        if (!modelFile.getFileName().toString().endsWith(engine.fileExtension())) {
            throw new ModelException("model file " + modelFile.getFileName() + " does not fit engine "
                    + engine.djlName() + ", which reads " + engine.fileExtension() + " files");
        }
        TokenizerKind tokenizer = TokenizerKind.fromName(properties.getProperty("tokenizer", "huggingface"));
        if (tokenizer == TokenizerKind.NONE && engine != Engine.ONNX_RUNTIME) {
            throw new ModelException("tokenizer=none needs engine=OnnxRuntime: only ONNX models take raw strings");
        }
        Path tokenizerFile = tokenizer == TokenizerKind.HUGGINGFACE
                ? existingFile(folder, properties.getProperty("tokenizer.file", "tokenizer.json"), "tokenizer")
                : null;
        int maxLength = positiveInt(properties, "maxLength", 128, 8192);
        Path labelsFile = existingFile(folder, properties.getProperty("labels", "labels.txt"), "labels");
        List<String> labels = readLabels(labelsFile);

        return new ModelSpec(
                folder,
                properties.getProperty("name", folder.getFileName() == null ? "model" : folder.getFileName().toString()),
                properties.getProperty("version", "unversioned"),
                properties.getProperty("description", ""),
                engine,
                modelFile,
                tokenizer,
                tokenizerFile,
                Boolean.parseBoolean(properties.getProperty("tokenizer.addSpecialTokens", "true")),
                maxLength,
                labels,
                properties.getProperty("input", "text"),
                properties.getProperty("output"),
                activationIsNone(properties.getProperty("activation", "softmax")));
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new ModelException(file + " does not say " + key + "=...");
        }
        return value.trim();
    }

    private static Path existingFile(Path folder, String fileName, String what) {
        Path file = folder.resolve(fileName.trim()).normalize();
        if (!file.startsWith(folder.normalize())) {
            throw new ModelException(what + " file '" + fileName + "' points outside the model folder");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelException("the " + what + " file " + fileName + " is missing from " + folder);
        }
        return file;
    }

    private static int positiveInt(Properties properties, String key, int defaultValue, int max) {
        String value = properties.getProperty(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1 || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ModelException(key + "=" + value + " in model.properties: use a whole number from 1 to " + max);
        }
    }

    private static boolean activationIsNone(String activation) {
        return switch (activation.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "softmax" -> false;
            case "none" -> true;
            default -> throw new ModelException("activation=" + activation
                    + " in model.properties: use softmax (the model returns logits) or none (it returns probabilities)");
        };
    }

    private static List<String> readLabels(Path labelsFile) {
        List<String> labels;
        try {
            labels = Files.readAllLines(labelsFile, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new ModelException("cannot read labels from " + labelsFile + ": " + FileProblems.why(e)
                    + "; labels.txt lists one label per line in UTF-8", e);
        }
        if (labels.size() < 2 || labels.size() > MAX_LABELS) {
            throw new ModelException(labelsFile + " must list between 2 and " + MAX_LABELS
                    + " labels, one per line; it has " + labels.size());
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw new ModelException(labelsFile + " lists a label twice");
        }
        return labels;
    }
}
