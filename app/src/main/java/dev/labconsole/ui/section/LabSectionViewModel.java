package dev.labconsole.ui.section;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabSelection;
import dev.labconsole.lab.Phase;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.Section;
import dev.labconsole.lab.StepId;
import dev.labconsole.lab.steps.LabSteps;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.ConfigForm;
import dev.labconsole.ui.LabSession;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of one section's page (Storage, Registry, Network, Load balancer, Containers);
 * knows nothing of controls.
 */
public final class LabSectionViewModel {

    private final Section section;
    private final LabSession session;
    private final BackgroundRunner runner;
    private final Set<StepId> steps;
    private final ObservableList<StepRow> rows = FXCollections.observableArrayList();
    private final ObservableList<Requirement> requirements = FXCollections.observableArrayList();
    private final ObservableList<Requirement> advice = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper createProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canCreate = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canCheck = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper cliEquivalent = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<StepId>> missing = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyStringWrapper prerequisites = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper createLabel = new ReadOnlyStringWrapper("Create");
    private final ReadOnlyStringWrapper confirmation = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper attention = new ReadOnlyBooleanWrapper(false);
    private double addsPerHour;
    private final ReadOnlyStringWrapper keyAddress = new ReadOnlyStringWrapper("");

    public LabSectionViewModel(Section section, LabSession session) {
        this.section = section;
        this.session = session;
        this.runner = session.runner();
        this.steps = Arrays.stream(StepId.values()).filter(s -> s.section() == section)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(StepId.class)));
        steps.forEach(s -> rows.add(new StepRow(s)));
        ConfigForm form = session.form();
        javafx.beans.Observable[] watched = java.util.stream.Stream.concat(Arrays.stream(form.dependencies()),
                java.util.stream.Stream.of(session.connectedProperty())).toArray(javafx.beans.Observable[]::new);
        createProblem.bind(Bindings.createStringBinding(() -> {
            if (!session.connectedProperty().get()) {
                return "Connect first (the Connect page).";
            }
            return form.problem().orElse("");
        }, watched));
        // One run at a time for the whole window: Create here is off while any page's run goes on.
        canCreate.bind(createProblem.isEmpty().and(busy.not()).and(session.runInProgressProperty().not()));
        canCheck.bind(session.connectedProperty().and(busy.not()).and(session.runInProgressProperty().not()));
        session.onEvents(this::onEvents);
        // Each connection (the first, or again to another region or account) shows that state's steps.
        session.connectionsProperty().addListener((o, was, now) -> {
            forgetLastCheck();
            restoreFromState();
            loadCliEquivalent();
        });
        // What this page needs from earlier pages, and what Create adds per hour, follow the engine's state.
        session.snapshotProperty().addListener((o, was, now) -> {
            updatePlan();
            keyAddress.set(keyAddress(now));
        });
        for (javafx.beans.Observable field : form.dependencies()) {
            field.addListener(o -> updatePlan());
        }
        requirements.addListener((javafx.collections.ListChangeListener<Requirement>) change ->
                attention.set(requirements.stream().anyMatch(Requirement::fails)));
        updatePlan();
        // A new connection is another account or emulator: nothing checked before holds there.
        session.engineGenerationProperty().addListener((o, was, now) -> forgetLastCheck());
        // Any run (on this page or another) changes what exists: the last check's ticks are stale. The rows
        // followed the run's own events (a destroy's turn them back to "to do"), so they stay as they are.
        session.runsEndedProperty().addListener((o, was, now) -> forgetLastCheck());
    }

    private void forgetLastCheck() {
        requirements.clear();
        advice.clear();
        status.set("");
    }

    public Section section() {
        return section;
    }

    /** The section's steps, explained in the lab's words. */
    public String explanation() {
        return steps.stream().map(s -> s.title() + ": " + s.description()).collect(Collectors.joining("\n\n"));
    }

    public List<ConfigForm.Field> fields() {
        return session.form().fields(section);
    }

    /** Follows a burst of the engine's events. */
    public void onEvents(List<LabEvent> events) {
        for (LabEvent event : events) {
            if (event.step() == null || !steps.contains(event.step())) {
                continue;
            }
            rows.stream().filter(r -> r.step() == event.step()).findFirst().ifPresent(r -> r.apply(event));
        }
    }

    private void restoreFromState() {
        LabSession.Snapshot snapshot = session.snapshotProperty().get();
        dev.labconsole.lab.LabEngine engine = session.currentEngine();
        java.util.Map<StepId, dev.labconsole.lab.StepRecord> records = engine == null ? java.util.Map.of()
                : engine.state().steps();
        rows.forEach(r -> r.reset(snapshot.status(r.step()),
                records.containsKey(r.step()) ? records.get(r.step()).message() : null));
    }

    /**
     * The steps of earlier sections this one needs that are not done (by the engine's state), in the
     * lab's order, and the Create button's text with what building them all adds per hour.
     */
    private void updatePlan() {
        LabSession.Snapshot snapshot = session.snapshotProperty().get();
        Set<StepId> needed = EnumSet.noneOf(StepId.class);
        List<StepId> todo = new java.util.ArrayList<>(steps);
        while (!todo.isEmpty()) {
            for (StepId d : todo.remove(todo.size() - 1).dependsOn()) {
                if (needed.add(d)) {
                    todo.add(d);
                }
            }
        }
        List<StepId> notDone = needed.stream()
                .filter(s -> !steps.contains(s) && s != StepId.IDENTITY)
                .filter(s -> snapshot.status(s) != dev.labconsole.ui.StepStatus.DONE)
                .sorted().toList();
        missing.set(notDone);
        prerequisites.set(notDone.isEmpty() ? "" : "Needs first: " + notDone.stream()
                .collect(Collectors.groupingBy(StepId::section, java.util.TreeMap::new, Collectors.mapping(
                        StepId::title, Collectors.joining(", "))))
                .entrySet().stream().map(e -> e.getKey().title() + " (" + e.getValue() + ")")
                .collect(Collectors.joining("; ")));
        addsPerHour = addsPerHour(snapshot, notDone);
        createLabel.set(addsPerHour > 0 ? String.format(java.util.Locale.ROOT, "Create (adds $%.3f/h)", addsPerHour)
                : "Create");
    }

    // What Create would add to the hourly bill: this section's steps not done yet, and the missing ones it builds.
    private double addsPerHour(LabSession.Snapshot snapshot, List<StepId> notDone) {
        dev.labconsole.lab.LabConfig config;
        try {
            config = session.form().build();
        } catch (RuntimeException invalid) {
            return 0;
        }
        double sum = 0;
        for (StepId s : java.util.stream.Stream.concat(steps.stream(), notDone.stream()).toList()) {
            if (snapshot.status(s) != dev.labconsole.ui.StepStatus.DONE) {
                sum += LabSteps.all().get(s).plannedHourlyUsd(config);
            }
        }
        return sum;
    }

    /**
     * Creates (or adopts) the section's resources, in the background. When earlier sections' steps it needs
     * are missing, asks first ({@link #confirmationProperty()}): {@link #confirmCreate()} builds them too.
     */
    public void create() {
        if (!canCreate.get()) {
            return;
        }
        if (!missing.get().isEmpty()) {
            confirmation.set("Create here also builds what this page needs first: " + prerequisites.get()
                    .substring("Needs first: ".length()) + ". "
                    + (addsPerHour > 0 ? String.format(java.util.Locale.ROOT, "Together this adds $%.3f per hour. ",
                            addsPerHour) : "")
                    + "Build them all now?");
            return;
        }
        startCreate();
    }

    /** Yes to the question {@link #create()} asked: builds the missing steps and this section. */
    public void confirmCreate() {
        confirmation.set("");
        startCreate();
    }

    /** No to the question: nothing is built. */
    public void cancelCreate() {
        confirmation.set("");
    }

    private void startCreate() {
        if (!canCreate.get()) {
            return;
        }
        busy.set(true);
        status.set("Creating " + section.title().toLowerCase(java.util.Locale.ROOT) + "...");
        boolean started = session.start(Phase.APPLY, steps, false, result -> {
            busy.set(false);
            long failed = result.outcomes().entrySet().stream()
                    .filter(e -> steps.contains(e.getKey()) && !e.getValue().ok()).count();
            status.set(result.stopped() ? "Stopped. " + dev.labconsole.lab.LabRun.whatStoppingLeaves(Phase.APPLY)
                    : failed == 0 ? section.title() + ": everything done"
                    : section.title() + ": " + failed + " step(s) failed; see the rows below");
            loadCliEquivalent();
        }, failure -> {
            busy.set(false);
            status.set("Could not create: " + failure.getMessage());
        });
        if (!started) {
            busy.set(false);
            status.set("A run is still going: wait for it to end or stop it first.");
        }
    }

    /** Checks what exists against the section's requirements, in the background. */
    public void check() {
        if (!canCheck.get()) {
            return;
        }
        busy.set(true);
        status.set("Checking...");
        runner.run(() -> session.withEngine(engine -> engine.inspect(steps, LabSelection.none())), result -> {
            busy.set(false);
            List<Requirement> required = result.required();
            requirements.setAll(required);
            advice.setAll(result.advice());
            if (result.found() != null) {
                session.found(result.found());
            }
            long unmet = required.stream().filter(r -> !r.met()).count();
            status.set(required.isEmpty() ? "Nothing to check yet"
                    : unmet == 0 ? "All " + required.size() + " requirements met" : unmet + " of " + required.size()
                    + " requirements not met");
        }, failure -> {
            busy.set(false);
            status.set("Could not check: " + failure.getMessage());
        });
    }

    private void loadCliEquivalent() {
        runner.run(() -> {
            LabEngine engine = session.engine();
            StringBuilder text = new StringBuilder();
            for (StepId step : steps) {
                String cli = LabSteps.all().get(step).cliEquivalent(engine.context());
                text.append("# ").append(step.title()).append('\n')
                        .append(cli == null || cli.isBlank() ? "# (not written yet)" : cli).append("\n\n");
            }
            return text.toString().strip();
        }, cliEquivalent::set, failure -> cliEquivalent.set("# " + failure.getMessage()));
    }

    public ObservableList<StepRow> rows() {
        return rows;
    }

    /** The last check's requirements: what the lab asks for, which decide whether the section is done. */
    public ObservableList<Requirement> requirements() {
        return requirements;
    }

    /** The last check's advice: beyond the lab, never failing it. */
    public ObservableList<Requirement> advice() {
        return advice;
    }

    public ReadOnlyStringProperty createProblemProperty() {
        return createProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCreateProperty() {
        return canCreate.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCheckProperty() {
        return canCheck.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * The address the student needs from this section, once it exists: the model's s3:// address on Storage,
     * the repository's URI on Registry, the load balancer's address on Load balancer; else empty.
     */
    public ReadOnlyStringProperty keyAddressProperty() {
        return keyAddress.getReadOnlyProperty();
    }

    private String keyAddress(LabSession.Snapshot snapshot) {
        java.util.Map<dev.labconsole.lab.ResourceKey, String> ids = snapshot.ids();
        return switch (section) {
            case STORAGE -> java.util.Optional.ofNullable(ids.get(dev.labconsole.lab.ResourceKey.MODEL_URI))
                    .map(uri -> "Model address: " + uri).orElse("");
            case REGISTRY -> java.util.Optional.ofNullable(ids.get(dev.labconsole.lab.ResourceKey.REPOSITORY_URI))
                    .map(uri -> "Repository: " + uri).orElse("");
            case LOAD_BALANCER -> java.util.Optional.ofNullable(ids.get(dev.labconsole.lab.ResourceKey.LOAD_BALANCER_DNS))
                    .map(dns -> "Address: http://" + dns + "/").orElse("");
            default -> "";
        };
    }

    /** "Needs first: Network (VPC, Subnets)" when earlier sections' steps are missing; else empty. */
    public ReadOnlyStringProperty prerequisitesProperty() {
        return prerequisites.getReadOnlyProperty();
    }

    /** The missing steps of earlier sections, in the lab's order. */
    public ReadOnlyObjectProperty<List<StepId>> missingProperty() {
        return missing.getReadOnlyProperty();
    }

    /** "Create (adds $0.050/h)": what building this page (and what it needs) adds per hour. */
    public ReadOnlyStringProperty createLabelProperty() {
        return createLabel.getReadOnlyProperty();
    }

    /** The question Create asks before building missing prerequisites; empty when it asks nothing. */
    public ReadOnlyStringProperty confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    /** Whether the last check found a requirement not met (the sidebar marks the page). */
    public ReadOnlyBooleanProperty attentionProperty() {
        return attention.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty cliEquivalentProperty() {
        return cliEquivalent.getReadOnlyProperty();
    }
}
