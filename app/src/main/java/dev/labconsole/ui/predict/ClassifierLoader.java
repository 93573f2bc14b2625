package dev.labconsole.ui.predict;

import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.DownloadProgress;

/** Loads a classifier from what the user typed as a model; the page's only way to reach the runtime's loading. */
@FunctionalInterface
public interface ClassifierLoader {
    TextClassifier load(String modelUri, DownloadProgress progress);
}
