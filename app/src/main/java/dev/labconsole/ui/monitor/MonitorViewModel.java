package dev.labconsole.ui.monitor;

import dev.labconsole.lab.monitor.LabAlarms;
import dev.labconsole.lab.monitor.LabMetrics;
import dev.labconsole.lab.monitor.MetricRange;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Monitoring page; knows nothing of controls. Metrics and alarms are read in the
 * background; a snapshot is replaced, never merged, so the charts never mix an old range with a new one.
 */
public final class MonitorViewModel {

    /** Where the page's data comes from: the session's engine in the window, anything in tests. */
    public interface Source {
        /** The metrics reader for the current connection (it keeps its last minute's answer). */
        LabMetrics metrics();

        /** The lab's alarms for the current connection. */
        LabAlarms alarms();

        /** The resources the alarms would watch, as recorded now. */
        LabMetrics.Resources resources();
    }

    private final BackgroundRunner runner;
    private final Source source;
    private final ObjectProperty<MetricRange> range = new SimpleObjectProperty<>(MetricRange.HOUR_1);
    private final ReadOnlyObjectWrapper<LabMetrics.Snapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ObservableList<LabAlarms.Alarm> alarms = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper alarmStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    public MonitorViewModel(BackgroundRunner runner, Source source) {
        this.runner = runner;
        this.source = source;
        range.addListener((obs, old, now) -> refresh());
    }

    /** Reads the metrics for the chosen range and the alarms' states (at most one CloudWatch call a minute). */
    public void refresh() {
        MetricRange asked = range.get();
        snapshot.set(null);
        status.set("Reading CloudWatch...");
        runner.run(() -> source.metrics().fetch(asked), read -> {
            if (asked != range.get()) {
                return; // the student chose another range meanwhile; its own read is on the way
            }
            snapshot.set(read);
            status.set(describe(read));
        }, failure -> status.set("Could not read the metrics: " + FailureText.of(failure)));
        readAlarms(LabAlarms::states, "");
    }

    /** Creates the lab's three alarms (5xx, unhealthy tasks, CPU high). */
    public void createAlarms() {
        readAlarms(a -> a.create(source.resources()), "Alarms created: they change state here; on AWS, CloudWatch"
                + " evaluates them every minute.");
    }

    /** Deletes the lab's alarms (teardown deletes them too). */
    public void deleteAlarms() {
        readAlarms(a -> {
            a.delete();
            return a.states();
        }, "Alarms deleted.");
    }

    private void readAlarms(Function<LabAlarms, List<LabAlarms.Alarm>> work, String done) {
        busy.set(true);
        Callable<List<LabAlarms.Alarm>> call = () -> work.apply(source.alarms());
        runner.run(call, found -> {
            busy.set(false);
            alarms.setAll(found);
            alarmStatus.set(!done.isEmpty() ? done : found.isEmpty() ? "No alarms yet: Create alarms watches the"
                    + " service for 5xx answers, unhealthy tasks and high CPU." : summary(found));
        }, failure -> {
            busy.set(false);
            alarms.clear();
            alarmStatus.set("Could not read the alarms: " + FailureText.of(failure));
        });
    }

    private static String summary(List<LabAlarms.Alarm> found) {
        long firing = found.stream().filter(a -> "ALARM".equals(a.state())).count();
        return firing == 0 ? found.size() + " alarms, none firing." : firing + " of " + found.size() + " alarms firing.";
    }

    private static String describe(LabMetrics.Snapshot read) {
        String notes = read.notes().isEmpty() ? "" : " " + String.join(". ", read.notes().stream()
                .map(n -> Character.toUpperCase(n.charAt(0)) + n.substring(1)).toList()) + ".";
        if (read.series().isEmpty()) {
            return "Nothing to chart yet." + notes;
        }
        if (read.empty()) {
            return "No data in the last " + read.range().label() + ": metrics appear about a minute after the load"
                    + " balancer gets traffic (try Test, or a load test)." + notes;
        }
        return "Last " + read.range().label() + ", one point per " + read.range().period().toMinutes() + " min;"
                + " read at " + java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                        .withZone(java.time.ZoneId.systemDefault()).format(read.fetchedAt())
                + " (CloudWatch is asked at most once a minute)." + notes;
    }

    public ObjectProperty<MetricRange> rangeProperty() {
        return range;
    }

    /** The last metrics read for the chosen range; null while reading. */
    public ReadOnlyObjectProperty<LabMetrics.Snapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ObservableList<LabAlarms.Alarm> alarms() {
        return FXCollections.unmodifiableObservableList(alarms);
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty alarmStatusProperty() {
        return alarmStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
