package dev.labconsole.ui.image;

import dev.labconsole.lab.LayerProgress;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One layer's line in the panel: what it holds, how far it has been sent. */
public final class LayerRow {

    private final String layer;
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("waiting");

    LayerRow(String layer) {
        this.layer = layer;
    }

    public String layer() {
        return layer;
    }

    void progress(long doneBytes, long totalBytes) {
        fraction.set(totalBytes <= 0 ? 0 : Math.min(1.0, (double) doneBytes / totalBytes));
        detail.set(LayerProgress.megabytes(doneBytes) + " of " + LayerProgress.megabytes(totalBytes));
    }

    void finished(long compressedBytes, boolean uploaded) {
        fraction.set(1);
        detail.set(LayerProgress.megabytes(compressedBytes) + (uploaded ? ", uploaded" : ", already in the registry"));
    }


    public ReadOnlyDoubleProperty fractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }
}
