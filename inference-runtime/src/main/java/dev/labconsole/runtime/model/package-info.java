/**
 * Text classifiers: the model-folder convention ({@link dev.labconsole.runtime.model.ModelSpec}), the
 * DJL translators and the thread-safe {@link dev.labconsole.runtime.model.TextClassifier}.
 */
package dev.labconsole.runtime.model;
