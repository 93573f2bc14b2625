package dev.labconsole.lab;

import dev.labconsole.runtime.source.ModelLocator;
import dev.labconsole.runtime.source.S3Clients;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the window's "Predict locally" finds a model: as the command line does, except that an
 * {@code s3://} model is read through the lab's connection when there is one (the credentials pasted
 * from AWS Academy, or the emulator in practice mode) rather than whatever the environment holds.
 */
public final class LabModelSource {

    private LabModelSource() {
    }

    /**
     * A locator caching under the console's home.
     *
     * @param engine the connected lab's engine, or null before connecting
     */
    public static ModelLocator locator(Supplier<LabEngine> engine) {
        return ModelLocator.standard(() -> {
            LabEngine current = engine.get();
            return current == null ? S3Clients.fromEnvironment() : new Borrowed(current.context().aws().s3());
        });
    }

    // The locator closes the client it is given once a download ends; the lab's client must outlive it.
    private static final class Borrowed extends DelegatingS3Client {
        Borrowed(S3Client lab) {
            super(lab);
        }

        @Override
        public void close() {
            // The lab's engine closes its own clients.
        }
    }
}
