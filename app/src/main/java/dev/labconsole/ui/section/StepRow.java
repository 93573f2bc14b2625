package dev.labconsole.ui.section;

import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.StepStatus;
import java.time.Duration;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One step's live line on a section page. */
public final class StepRow {

    private final StepId step;
    private final ReadOnlyObjectWrapper<StepStatus> status = new ReadOnlyObjectWrapper<>(StepStatus.PENDING);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("to do");

    StepRow(StepId step) {
        this.step = step;
    }

    public StepId step() {
        return step;
    }

    /** Follows {@code event} (which concerns this row's step). */
    void apply(LabEvent event) {
        StepStatus next = status.get().after(event);
        status.set(next);
        switch (event.kind()) {
            case STARTED -> detail.set(event.destroying() ? "deleting" : "creating");
            case WAITING, PROGRESS -> detail.set(event.message());
            case DONE -> detail.set((event.destroying() ? "deleted in " : "done in ") + seconds(event.elapsed()));
            case FAILED -> detail.set("failed: " + event.message());
            case SKIPPED -> detail.set("skipped: " + event.message());
            default -> { }
        }
    }

    /** Shows what the state recorded: {@code message} is the recorded failure reason, if any. */
    void reset(StepStatus recorded, String message) {
        status.set(recorded);
        detail.set(switch (recorded) {
            case DONE -> "done";
            case FAILED -> message == null || message.isBlank() ? "failed earlier; Create tries again"
                    : "failed: " + message;
            default -> "to do";
        });
    }

    static String seconds(Duration elapsed) {
        return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }

    public ReadOnlyObjectProperty<StepStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }
}
