package dev.labconsole.ui.cleanup;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.RunResult;
import dev.labconsole.ui.LabSession;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** State and commands of the Clean up page; knows nothing of controls. */
public final class CleanupViewModel {

    private final LabSession session;
    private final ObservableList<LabResource> resources = FXCollections.observableArrayList();
    private final ObservableList<String> progress = FXCollections.observableArrayList();
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canDestroy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper("");

    public CleanupViewModel(LabSession session) {
        this.session = session;
        session.inventoryProperty().addListener((o, was, now) -> show(now));
        show(session.inventoryProperty().get());
        canDestroy.bind(Bindings.createBooleanBinding(() -> session.connectedProperty().get() && !busy.get()
                && confirmation.get() != null && confirmation.get().trim().equals(session.form().labProperty().get()),
                confirmation, busy, session.connectedProperty(), session.form().labProperty()));
        session.onEvents(this::onEvents);
    }

    private void show(List<LabResource> found) {
        resources.setAll(found);
        double hourly = found.stream().mapToDouble(LabResource::hourlyUsd).sum();
        total.set(found.size() + " resource(s), " + String.format(Locale.ROOT, "$%.3f per hour", hourly));
    }

    private void onEvents(List<LabEvent> events) {
        if (!busy.get()) {
            return;
        }
        for (LabEvent e : events) {
            if (e.kind() == LabEvent.Kind.DONE || e.kind() == LabEvent.Kind.FAILED
                    || e.kind() == LabEvent.Kind.RESOURCE || e.kind() == LabEvent.Kind.WAITING) {
                progress.add(e.message());
            }
        }
    }

    /** Lists what exists again. */
    public void refresh() {
        session.refreshCost();
    }

    /** Tears the lab down in the background, then shows what is left. */
    public void destroy() {
        if (!canDestroy.get()) {
            return;
        }
        busy.set(true);
        progress.clear();
        status.set("Deleting everything of " + session.form().labProperty().get() + "...");
        session.runner().run(() -> session.withEngine(LabEngine::destroy), (RunResult result) -> {
            busy.set(false);
            confirmation.set("");
            List<LabResource> left = result.leftovers();
            status.set(left.isEmpty() ? "0 resources left" : left.size() + " resource(s) left: "
                    + String.join(", ", left.stream().map(r -> r.kind() + " " + r.id()).toList()));
            session.refreshCost();
        }, failure -> {
            busy.set(false);
            status.set("Clean up stopped: " + failure.getMessage());
        });
    }

    public ObservableList<LabResource> resources() {
        return resources;
    }

    public ObservableList<String> progress() {
        return progress;
    }

    public StringProperty confirmationProperty() {
        return confirmation;
    }

    public ReadOnlyStringProperty labProperty() {
        return session.form().labProperty();
    }

    public ReadOnlyBooleanProperty canDestroyProperty() {
        return canDestroy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty totalProperty() {
        return total.getReadOnlyProperty();
    }
}
