package dev.labconsole.ui.predict;

import dev.labconsole.runtime.model.ModelSpec;
import dev.labconsole.runtime.model.TextClassifier;
import dev.labconsole.runtime.source.ModelLocator;

/** The loaders the window uses. */
public final class ConsoleLoaders {

    private ConsoleLoaders() {
    }

    /** Loads models as the command line does: any source, cached under the console's home. */
    public static ClassifierLoader standard() {
        ModelLocator locator = ModelLocator.standard();
        return (uri, progress) -> TextClassifier.load(ModelSpec.read(locator.resolve(uri, progress)));
    }
}
