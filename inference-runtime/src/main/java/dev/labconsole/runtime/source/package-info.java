/**
 * Where models come from: the bundled model, a local folder, a {@code .zip}/{@code .tar.gz} archive,
 * or {@code s3://bucket/prefix/}; each resolves to a complete local model folder.
 */
package dev.labconsole.runtime.source;
