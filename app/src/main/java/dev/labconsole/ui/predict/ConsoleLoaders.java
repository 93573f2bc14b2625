package dev.labconsole.ui.predict;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabModelSource;
import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.ModelLocator;
import java.util.function.Supplier;

/** The loaders the window uses. */
public final class ConsoleLoaders {

    private ConsoleLoaders() {
    }

    /** Loads models as the command line does: any source, cached under the console's home. */
    public static ClassifierLoader standard() {
        return from(ModelLocator.standard());
    }

    /**
     * Loads models as {@link #standard()} does, except that an {@code s3://} model is read through the
     * connected lab's account (see {@link LabModelSource}).
     *
     * @param engine the connected lab's engine, or null before connecting
     */
    public static ClassifierLoader through(Supplier<LabEngine> engine) {
        return from(LabModelSource.locator(engine));
    }

    private static ClassifierLoader from(ModelLocator locator) {
        return (uri, progress) -> TextClassifier.load(ModelSpec.read(locator.resolve(uri, progress)));
    }
}
