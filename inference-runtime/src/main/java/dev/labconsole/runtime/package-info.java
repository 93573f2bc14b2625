/**
 * The local inference runtime: loads a text-classification model, predicts, and serves it over HTTP.
 *
 * <p>Nothing here knows about the console, the AWS lab or JavaFX; the console and the container
 * the lab deploys both use it as it is.
 */
package dev.labconsole.runtime;
