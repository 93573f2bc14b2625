package dev.labconsole.ui.shell;

import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.Section;
import dev.labconsole.lab.StepId;
import dev.labconsole.ui.LabSession;
import dev.labconsole.ui.StepStatus;
import dev.labconsole.ui.section.LabSectionViewModel;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import dev.labconsole.ui.endpoint.EndpointTestViewModel;

/**
 * Where the student stands in the lab, page by page, for the sidebar's marks and the Next action: to do,
 * running, done or needs attention, from the engine's state (each step's recorded status), the last check
 * of each section, and what exists (not from what was clicked). Knows nothing of controls.
 */
public final class WizardModel {

    /** A page's mark in the sidebar. */
    public enum Mark {
        /** Nothing of it is built yet (or it was torn down). */
        TO_DO,
        /** A run is working on it now. */
        RUNNING,
        /** Built (or, for Connect, connected; for Clean up, everything deleted). */
        DONE,
        /** A step failed or the last check found a requirement not met. */
        ATTENTION,
        /** A side page: no mark. */
        SIDE
    }

    private final LabSession session;
    private final Map<Section, LabSectionViewModel> sections;
    private final Map<Page, ReadOnlyObjectWrapper<Mark>> marks = new EnumMap<>(Page.class);
    private final ObservableValue<EndpointTestViewModel.Verdict> endpoint;

    /**
     * Marks from the session, the section pages' checks and {@code endpoint}, what the Test page's last test
     * of the endpoint says.
     */
    public WizardModel(LabSession session, List<LabSectionViewModel> sectionModels,
            ObservableValue<EndpointTestViewModel.Verdict> endpoint) {
        this.session = session;
        this.endpoint = endpoint;
        this.sections = sectionModels.stream().collect(Collectors.toMap(LabSectionViewModel::section, m -> m,
                (a, b) -> a, () -> new EnumMap<>(Section.class)));
        for (Page page : Page.values()) {
            marks.put(page, new ReadOnlyObjectWrapper<>(page.number() == 0 ? Mark.SIDE : Mark.TO_DO));
        }
        session.snapshotProperty().addListener((o, was, now) -> update());
        session.connectedProperty().addListener((o, was, now) -> update());
        session.inventoryProperty().addListener((o, was, now) -> update());
        session.runInProgressProperty().addListener((o, was, now) -> update());
        sections.values().forEach(m -> m.attentionProperty().addListener((o, was, now) -> update()));
        endpoint.addListener((o, was, now) -> update());
        update();
    }

    /** {@code page}'s mark, kept up to date on the UI thread. */
    public ReadOnlyObjectProperty<Mark> mark(Page page) {
        return marks.get(page).getReadOnlyProperty();
    }

    private void update() {
        LabSession.Snapshot snapshot = session.snapshotProperty().get();
        boolean connected = session.connectedProperty().get();
        for (Page page : Page.values()) {
            if (page.number() == 0) {
                continue;
            }
            Mark mark;
            if (page == Page.CONNECT) {
                mark = connected ? Mark.DONE : Mark.TO_DO;
            } else if (!connected) {
                mark = Mark.TO_DO;
            } else if (page.section() != null) {
                LabSectionViewModel model = sections.get(page.section());
                mark = of(snapshot, steps(page.section()), model != null && model.attentionProperty().get());
            } else if (page == Page.TEST) {
                mark = test(of(snapshot, Set.of(StepId.SERVICE), false), endpoint.getValue(),
                        session.practiceProperty().get());
            } else if (page == Page.LOGS) {
                // Logs can be read once the log group exists.
                mark = of(snapshot, Set.of(StepId.LOG_GROUP), false);
            } else {
                mark = cleanUp(snapshot);
            }
            marks.get(page).set(mark);
        }
    }

    private static Set<StepId> steps(Section section) {
        return Arrays.stream(StepId.values()).filter(s -> s.section() == section).collect(Collectors.toSet());
    }

    /** Running if any step runs, attention if any failed (or the check says so), done if all are done. */
    static Mark of(LabSession.Snapshot snapshot, Set<StepId> steps, boolean checkFailed) {
        List<StepStatus> statuses = steps.stream().map(snapshot::status).toList();
        if (statuses.stream().anyMatch(s -> s == StepStatus.CREATING || s == StepStatus.WAITING)) {
            return Mark.RUNNING;
        }
        if (checkFailed || statuses.contains(StepStatus.FAILED)) {
            return Mark.ATTENTION;
        }
        return statuses.stream().allMatch(s -> s == StepStatus.DONE) ? Mark.DONE : Mark.TO_DO;
    }

    /**
     * The Test page: done only when the endpoint answered a test since the last run ended, attention when the
     * last test failed against AWS (in practice mode nothing can answer: it stays to do, as its note says).
     * Before the service exists, the service's own mark.
     */
    static Mark test(Mark service, EndpointTestViewModel.Verdict verdict, boolean practice) {
        if (service != Mark.DONE) {
            return service;
        }
        return switch (verdict) {
            case ANSWERED -> Mark.DONE;
            case FAILED -> practice ? Mark.TO_DO : Mark.ATTENTION;
            case NOT_TESTED -> Mark.TO_DO;
        };
    }

    // Clean up is done when a destroy ran and nothing of the lab is left; running while it deletes.
    private Mark cleanUp(LabSession.Snapshot snapshot) {
        List<LabResource> left = session.inventoryProperty().get();
        boolean destroying = session.runInProgressProperty().get()
                && session.runPhaseProperty().get() == dev.labconsole.lab.Phase.DESTROY;
        if (destroying) {
            return Mark.RUNNING;
        }
        boolean anythingBuilt = snapshot.statuses().entrySet().stream()
                .anyMatch(e -> e.getKey() != StepId.IDENTITY && e.getValue() != StepStatus.PENDING);
        return left.isEmpty() && !anythingBuilt && snapshot.destroyed() ? Mark.DONE : Mark.TO_DO;
    }

    /** "Next: Network ->" for a page whose mark is done, naming the next numbered page. */
    public static String nextLabel(Page next) {
        return "Next: " + next.title() + " \u2192";
    }
}
