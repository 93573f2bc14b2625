/**
 * The "Predict locally" page: choose a model (bundled, folder, archive, s3://), classify a text
 * or a file, see label, probabilities and latency.
 */
package dev.labconsole.ui.predict;
