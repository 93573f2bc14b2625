package dev.labconsole.ui.service;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.ServiceDiagnosis.Diagnosis;
import dev.labconsole.lab.ServiceDiagnosis.Finding;
import dev.labconsole.lab.ServiceDiagnosis.ServiceEvent;
import dev.labconsole.lab.ServiceDiagnosis.Severity;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import dev.labconsole.ui.LabSession;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the service's health panel; knows nothing of controls. It shows the findings
 * of the engine's diagnosis, read on demand, and while Create waits for the service it follows the
 * findings and ECS events the engine publishes, from their typed payloads.
 */
public final class ServiceHealthViewModel {

    /** The newest events shown; older ones are in the AWS console. */
    static final int EVENT_CAP = 10;

    private final BackgroundRunner runner;
    private final Callable<Optional<Diagnosis>> source;
    private final ObservableBooleanValue practice;
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<ServiceEvent> events = FXCollections.observableArrayList();
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final ObservableList<ServiceEvent> eventsView = FXCollections.unmodifiableObservableList(events);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper reading = new ReadOnlyBooleanWrapper(false);

    /** The panel for the session's lab: diagnoses through its engine, follows its events. */
    public ServiceHealthViewModel(LabSession session) {
        this(session.runner(), () -> session.withEngine(LabEngine::diagnoseService), session.practiceProperty());
        session.onEvents(this::onEvents);
    }

    /** The panel for what {@code source} reads (blocking; it runs in the background). */
    public ServiceHealthViewModel(BackgroundRunner runner, Callable<Optional<Diagnosis>> source,
            ObservableBooleanValue practice) {
        this.runner = runner;
        this.source = source;
        this.practice = practice;
    }

    /** Reads the service's diagnosis in the background. */
    public void diagnose() {
        if (reading.get()) {
            return;
        }
        reading.set(true);
        status.set("Asking ECS and the load balancer...");
        runner.run(source, found -> {
            reading.set(false);
            if (found.isEmpty()) {
                findings.clear();
                events.clear();
                status.set("No service yet: create it on the Containers page.");
            } else {
                show(found.get());
            }
        }, failure -> {
            reading.set(false);
            status.set("Could not read the service: " + FailureText.of(failure));
        });
    }

    /** Follows a burst of the engine's events: the service step's findings and ECS's events, as they come. */
    public void onEvents(List<LabEvent> burst) {
        for (LabEvent event : burst) {
            if (event.step() != StepId.SERVICE || event.payload() == null) {
                continue;
            }
            if (event.payload() instanceof Finding finding) {
                findings.removeIf(f -> f.cause() == finding.cause() && f.evidence().equals(finding.evidence()));
                findings.add(0, finding);
                status.set("While the service starts: " + findings.size()
                        + (findings.size() == 1 ? " finding" : " findings") + " so far.");
            } else if (event.payload() instanceof ServiceEvent serviceEvent) {
                if (events.stream().noneMatch(e -> e.id().equals(serviceEvent.id()))) {
                    events.add(0, serviceEvent);
                    if (events.size() > EVENT_CAP) {
                        events.remove(EVENT_CAP, events.size());
                    }
                }
            } else if (event.payload() instanceof Diagnosis diagnosis) {
                show(diagnosis);
            }
        }
    }

    private void show(Diagnosis diagnosis) {
        findings.setAll(diagnosis.findings());
        events.setAll(diagnosis.events());
        status.set(summary(diagnosis));
    }

    private String summary(Diagnosis d) {
        if (d.desired() == 0) {
            return "The service asks for no tasks: it waits for the image. Push it (Registry page), then Create"
                    + " again on the Containers page.";
        }
        String counts = d.running() + " of " + d.desired() + (d.desired() == 1 ? " task" : " tasks") + " running"
                + (d.rolloutState().isEmpty() ? "" : ", deployment " + d.rolloutState().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' '))
                + (d.failedTasks() > 0 ? ", " + d.failedTasks() + " failed to start" : "");
        if (!d.findings().isEmpty()) {
            long errors = d.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
            return counts + ". " + (errors > 0 ? errors + " to fix, worst first:" : "Worth a look:");
        }
        if (practice.get()) {
            return counts + ". Practice mode: the emulator runs no containers, so nothing can fail here.";
        }
        return counts + (d.steady() ? ". Nothing wrong found." : ". Nothing wrong found yet: tasks may still be"
                + " starting.");
    }

    public ObservableList<Finding> findings() {
        return findingsView;
    }

    public ObservableList<ServiceEvent> events() {
        return eventsView;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readingProperty() {
        return reading.getReadOnlyProperty();
    }
}
