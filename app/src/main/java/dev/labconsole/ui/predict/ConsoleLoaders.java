package dev.labconsole.ui.predict;

import dev.labconsole.runtime.model.DjlSettings;
import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.ModelLocator;
import dev.labconsole.runtime.source.S3Clients;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;

/** The loaders the window uses. */
public final class ConsoleLoaders {

    private ConsoleLoaders() {
    }

    /** Loads models as the command line does: any source, cached under the console's home. */
    public static ClassifierLoader standard() {
        ModelLocator locator = ModelLocator.standard();
        return (uri, progress) -> TextClassifier.load(ModelSpec.read(locator.resolve(uri, progress)));
    }

    /**
     * Loads models as {@link #standard()} does, except that an {@code s3://} model is read through the
     * window's connection when there is one: the credentials pasted from AWS Academy, or the emulator
     * in practice mode, rather than whatever the environment holds.
     *
     * @param connectedS3 the connected lab's S3 client, if connected; it stays open (the lab owns it)
     */
    public static ClassifierLoader through(Supplier<Optional<S3Client>> connectedS3) {
        ModelLocator locator = new ModelLocator(DjlSettings.labConsoleHome().resolve("models"),
                () -> connectedS3.get().<S3Client>map(Borrowed::new).orElseGet(S3Clients::fromEnvironment));
        return (uri, progress) -> TextClassifier.load(ModelSpec.read(locator.resolve(uri, progress)));
    }

    // The locator closes the client it is given once a download ends; the lab's client must outlive it.
    private static final class Borrowed extends DelegatingS3Client {
        Borrowed(S3Client lab) {
            super(lab);
        }

        @Override
        public void close() {
            // Not ours to close.
        }
    }
}
