package dev.labconsole.ui.cleanup;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabReport;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.Phase;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.RunResult;
import dev.labconsole.ui.LabSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
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

    /** What the student types to have their own (adopted) resources deleted too. */
    public static final String ADOPTED_CONFIRMATION = "delete what I built";

    private final LabSession session;
    private final ObservableList<LabResource> resources = FXCollections.observableArrayList();
    private final ObservableList<String> progress = FXCollections.observableArrayList();
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final StringProperty adoptedConfirmation = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper adopted = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canDestroy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper total = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper reportStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
    private Supplier<List<Requirement>> lastCheck = List::of;
    private Supplier<List<String>> endpointResults = List::of;
    private Clock clock = Clock.systemUTC();

    public CleanupViewModel(LabSession session) {
        this.session = session;
        session.inventoryProperty().addListener((o, was, now) -> show(now));
        show(session.inventoryProperty().get());
        canDestroy.bind(Bindings.createBooleanBinding(() -> session.connectedProperty().get() && !busy.get()
                && !session.runInProgressProperty().get()
                && confirmation.get() != null && confirmation.get().trim().equals(session.form().labProperty().get()),
                confirmation, busy, session.connectedProperty(), session.form().labProperty(),
                session.runInProgressProperty()));
        session.onEvents(this::onEvents);
        // Another page's run changed what exists: an earlier "0 resources left" is no longer true.
        session.runsEndedProperty().addListener((o, was, now) -> {
            if (!busy.get()) {
                status.set("");
                progress.clear();
            }
        });
        session.snapshotProperty().addListener((o, was, now) -> showAdopted());
    }

    // The student's own resources that apply adopted: kept unless they confirm by typing the phrase.
    private void showAdopted() {
        LabEngine engine = session.currentEngine();
        Map<ResourceKey, String> own = engine == null ? Map.of() : engine.state().adopted();
        adopted.set(own.isEmpty() ? "" : "You built " + own.size() + " resource(s) yourself that apply adopted ("
                + String.join(", ", own.values()) + "). Destroy keeps them; to delete them too, type '"
                + ADOPTED_CONFIRMATION + "' below.");
    }

    private boolean includeAdopted() {
        return adoptedConfirmation.get() != null && adoptedConfirmation.get().trim().equals(ADOPTED_CONFIRMATION);
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

    /**
     * What {@code resource} has cost so far, at today's rate since the lab was first created (the header's
     * "so far", shared out by each resource's hourly price).
     */
    public double soFarUsd(LabResource resource) {
        double hourly = session.hourlyUsdProperty().get();
        return hourly <= 0 ? 0 : resource.hourlyUsd() * session.accruedUsdProperty().get() / hourly;
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
        boolean includeAdopted = includeAdopted();
        busy.set(true);
        progress.clear();
        status.set("Deleting everything of " + session.form().labProperty().get() + "...");
        boolean started = session.start(Phase.DESTROY, java.util.Set.of(), includeAdopted, (RunResult result) -> {
            busy.set(false);
            confirmation.set("");
            adoptedConfirmation.set("");
            // What an earlier check found is gone now, or the student's own: a new check draws it again.
            session.found(null);
            List<LabResource> left = result.leftovers();
            String kept = result.keptAdopted().isEmpty() ? "" : "; kept " + result.keptAdopted().size()
                    + " resource(s) you built yourself (" + (includeAdopted
                            ? "roles: they cost nothing and may serve other work)"
                            : "apply adopted them; 'labconsole destroy --include-adopted' deletes them)");
            String unknown = result.unknown().isEmpty() ? "" : "; unknown, check again: "
                    + String.join("; ", result.unknown().stream().map(Object::toString).toList());
            double keptBilling = result.keptAdopted().stream().mapToDouble(LabResource::hourlyUsd).sum();
            status.set((result.nothingLeft() && keptBilling > 0
                    ? String.format(java.util.Locale.ROOT, "0 resources Lab Console built are left; yours still bill"
                            + " $%.3f/h", keptBilling)
                    : result.nothingLeft() ? "0 resources left" : left.size() + " resource(s) left"
                    + (left.isEmpty() ? "" : ": " + String.join(", ", left.stream().map(r -> r.kind() + " " + r.id())
                            .toList()))) + unknown + kept);
            session.refreshCost();
        }, failure -> {
            busy.set(false);
            status.set("Clean up stopped: " + failure.getMessage());
        });
        if (!started) {
            busy.set(false);
            status.set("A run is still going: wait for it to end or stop it first.");
        }
    }

    /** Where the report takes the last check's requirements and the endpoint test's results from. */
    public void reportSources(Supplier<List<Requirement>> check, Supplier<List<String>> endpoint) {
        this.lastCheck = check;
        this.endpointResults = endpoint;
    }

    /** The clock the report's date comes from (tests fix it). */
    public void clock(Clock reportClock) {
        this.clock = reportClock;
    }

    /**
     * Writes {@code report.html} and {@code report.md} into {@code folder} in the background, with
     * {@code pageImages} (page name to picture, taken on the UI thread) as PNGs under {@code screenshots/}.
     */
    public void exportReport(Path folder, Map<String, BufferedImage> pageImages) {
        if (exporting.get()) {
            return;
        }
        // Read on the UI thread: the sources are the pages' observable state.
        List<Requirement> requirements = List.copyOf(lastCheck.get());
        List<String> endpoint = List.copyOf(endpointResults.get());
        exporting.set(true);
        reportStatus.set("Writing the report...");
        session.runner().run(() -> writeReport(folder, pageImages, requirements, endpoint), written -> {
            exporting.set(false);
            reportStatus.set("Report written: " + written);
        }, failure -> {
            exporting.set(false);
            reportStatus.set("The report was not written: " + failure.getMessage());
        });
    }

    private Path writeReport(Path folder, Map<String, BufferedImage> pageImages, List<Requirement> requirements,
            List<String> endpoint) throws IOException {
        Path screenshots = folder.resolve("screenshots");
        List<Path> pngs = new ArrayList<>();
        for (Map.Entry<String, BufferedImage> page : pageImages.entrySet()) {
            Files.createDirectories(screenshots);
            Path png = screenshots.resolve(page.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                    + ".png");
            if (!ImageIO.write(page.getValue(), "png", png.toFile())) {
                throw new IOException("no PNG writer for " + png);
            }
            pngs.add(png);
        }
        LabReport report = session.withEngine(engine -> LabReport.of(engine, requirements, endpoint,
                LabReport.relative(folder, pngs), clock.instant()));
        Files.createDirectories(folder);
        Path html = folder.resolve("report.html");
        Files.writeString(html, report.html(), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("report.md"), report.markdown(), StandardCharsets.UTF_8);
        return html;
    }

    public ReadOnlyStringProperty reportStatusProperty() {
        return reportStatus.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    public ObservableList<LabResource> resources() {
        return resources;
    }

    public ObservableList<String> progress() {
        return progress;
    }

    /** The phrase {@link #ADOPTED_CONFIRMATION}, typed to delete the student's own adopted resources too. */
    public StringProperty adoptedConfirmationProperty() {
        return adoptedConfirmation;
    }

    /** The adopted resources destroy keeps, in words; empty when there are none. */
    public ReadOnlyStringProperty adoptedProperty() {
        return adopted.getReadOnlyProperty();
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
