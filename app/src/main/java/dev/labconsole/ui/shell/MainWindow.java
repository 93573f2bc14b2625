package dev.labconsole.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.ui.LabSession;
import dev.labconsole.ui.image.ImagePushView;
import dev.labconsole.ui.image.ImagePushViewModel;
import dev.labconsole.ui.cleanup.CleanupView;
import dev.labconsole.ui.cleanup.CleanupViewModel;
import dev.labconsole.ui.connect.ConnectView;
import dev.labconsole.ui.connect.ConnectViewModel;
import dev.labconsole.ui.diagram.DiagramModel;
import dev.labconsole.ui.diagram.NetworkDiagram;
import dev.labconsole.ui.endpoint.EndpointTestView;
import dev.labconsole.ui.endpoint.EndpointTestViewModel;
import dev.labconsole.ui.account.AccountView;
import dev.labconsole.ui.account.AccountViewModel;
import dev.labconsole.ui.endpoint.LoadTestView;
import dev.labconsole.ui.endpoint.LoadTestViewModel;
import dev.labconsole.ui.logs.LogsView;
import dev.labconsole.ui.monitor.MonitorView;
import dev.labconsole.ui.monitor.MonitorViewModel;
import dev.labconsole.ui.scale.ScaleView;
import dev.labconsole.ui.scale.ScaleViewModel;
import dev.labconsole.ui.logs.LogsViewModel;
import dev.labconsole.ui.predict.PredictView;
import dev.labconsole.ui.predict.PredictViewModel;
import dev.labconsole.ui.section.LabSectionView;
import dev.labconsole.ui.section.LabSectionViewModel;
import dev.labconsole.ui.service.ServiceHealthView;
import dev.labconsole.ui.service.ServiceHealthViewModel;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2OutlinedAL;
import org.kordamp.ikonli.material2.Material2OutlinedMZ;

/**
 * The window's frame: a sidebar of pages, a header with the lab, the account, the region and what the
 * lab costs, and the current page. Pages are built the first time they are shown.
 */
public final class MainWindow {

    /** The Monitoring page's data through the session's engine; one metrics reader per engine (it keeps a minute). */
    private static final class SessionMonitorSource implements MonitorViewModel.Source {
        private final LabSession session;
        private dev.labconsole.lab.LabEngine engine;
        private dev.labconsole.lab.monitor.LabMetrics metrics;

        SessionMonitorSource(LabSession session) {
            this.session = session;
        }

        @Override
        public synchronized dev.labconsole.lab.monitor.LabMetrics metrics() {
            dev.labconsole.lab.LabEngine now = session.withEngine(e -> e);
            if (now != engine || metrics == null || !metrics.resources().equals(now.monitored())) {
                engine = now;
                metrics = now.metrics(java.time.Clock.systemUTC());
            }
            return metrics;
        }

        @Override
        public dev.labconsole.lab.monitor.LabAlarms alarms() {
            return session.withEngine(dev.labconsole.lab.LabEngine::alarms);
        }

        @Override
        public dev.labconsole.lab.monitor.LabMetrics.Resources resources() {
            return session.withEngine(dev.labconsole.lab.LabEngine::monitored);
        }
    }

    /** The Scale and roll out page's work through the session's engine. */
    private record SessionScaleSource(LabSession session) implements ScaleViewModel.Source {
        @Override
        public dev.labconsole.lab.scale.ServiceScaling scaling() {
            return session.withEngine(dev.labconsole.lab.LabEngine::scaling);
        }

        @Override
        public dev.labconsole.lab.scale.ServiceScaling.Service service() {
            return session.withEngine(dev.labconsole.lab.LabEngine::scaledService);
        }

        @Override
        public dev.labconsole.lab.scale.ModelRollout rollout() {
            return session.withEngine(dev.labconsole.lab.LabEngine::rollout);
        }

        @Override
        public dev.labconsole.lab.scale.ModelRollout.Move rollOut(String version) {
            return session.withEngine(e -> e.rollOut(version));
        }

        @Override
        public dev.labconsole.lab.scale.ModelRollout.Move rollBack() {
            return session.withEngine(dev.labconsole.lab.LabEngine::rollBack);
        }
    }

    private final BorderPane root = new BorderPane();
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>();
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final Map<Page, Supplier<Node>> builders = new EnumMap<>(Page.class);
    private final Map<Page, Node> built = new EnumMap<>(Page.class);
    private final ListView<Page> sidebar = new ListView<>();
    private final CleanupViewModel cleanup;
    private final WizardModel wizard;

    /**
     * The window's content for one session; {@code connect} and {@code predict} are those pages' view
     * models, {@code browser} opens an address in the student's web browser.
     */
    public MainWindow(LabSession session, ConnectViewModel connect, PredictViewModel predict,
            Consumer<URI> browser) {
        ObservableValue<DiagramModel> diagram = Bindings.createObjectBinding(() -> {
            dev.labconsole.lab.LabConfig config;
            try {
                config = session.form().build();
            } catch (RuntimeException invalid) {
                // Half-typed settings: the diagram keeps the lab's defaults until they are valid again.
                config = dev.labconsole.lab.LabConfig.defaults();
            }
            return DiagramModel.from(session.snapshotProperty().get(), config);
        }, java.util.stream.Stream.concat(java.util.stream.Stream.of(session.snapshotProperty()),
                java.util.Arrays.stream(session.form().dependencies())).toArray(javafx.beans.Observable[]::new));
        builders.put(Page.CONNECT, () -> new ConnectView(connect).root());
        List<LabSectionViewModel> sections = new ArrayList<>();
        // One panel model for both pages that show the service's health; it follows events from the start.
        ServiceHealthViewModel serviceHealth = new ServiceHealthViewModel(session);
        for (Page p : Page.values()) {
            if (p.section() != null) {
                LabSectionViewModel model = new LabSectionViewModel(p.section(), session);
                sections.add(model);
                boolean withDiagram = p == Page.NETWORK || p == Page.LOAD_BALANCER || p == Page.CONTAINERS;
                // The section model must follow events from the start, even before its page is shown.
                if (p == Page.REGISTRY) {
                    ImagePushViewModel image = new ImagePushViewModel(session,
                            LabStateStore.home().resolve("images"));
                    builders.put(p, () -> new LabSectionView(model, new ImagePushView(image).root()).root());
                } else {
                    builders.put(p, () -> new LabSectionView(model, p == Page.CONTAINERS
                            ? new VBox(12, new NetworkDiagram(diagram, this::showOwner),
                                    new ServiceHealthView(serviceHealth).root())
                            : withDiagram ? new NetworkDiagram(diagram, this::showOwner) : null).root());
                }
            }
        }
        EndpointTestViewModel endpoint = new EndpointTestViewModel(session, browser);
        builders.put(Page.TEST, () -> {
            Node health = new ServiceHealthView(serviceHealth).root();
            VBox.setMargin(health, new javafx.geometry.Insets(0, 20, 20, 20));
            Node load = new LoadTestView(new LoadTestViewModel(session.runner(), () -> session.snapshotProperty().get()
                    .ids().get(dev.labconsole.lab.ResourceKey.LOAD_BALANCER_DNS))).root();
            VBox.setMargin(load, new javafx.geometry.Insets(0, 20, 20, 20));
            javafx.scene.control.ScrollPane test = new javafx.scene.control.ScrollPane(
                    new VBox(new EndpointTestView(endpoint, () -> show(Page.PREDICT)).root(), health, load));
            test.setFitToWidth(true);
            return test;
        });
        LogsViewModel logs = new LogsViewModel(session);
        builders.put(Page.LOGS, () -> new LogsView(logs).root());
        builders.put(Page.PREDICT, () -> new PredictView(predict, address -> browser.accept(URI.create(address)))
                .root());
        MonitorView monitor = new MonitorView(new MonitorViewModel(session.runner(), new SessionMonitorSource(session)));
        builders.put(Page.MONITORING, monitor::root);
        ScaleViewModel scaleModel = new ScaleViewModel(session.runner(), new SessionScaleSource(session));
        ScaleView scale = new ScaleView(scaleModel);
        builders.put(Page.SCALE, scale::root);
        // Autoscaling set up or removed there changes the diagram's tasks and the cost: read them again (in the
        // background, with the cost).
        scaleModel.scalingStatusProperty().addListener((o, was, now) -> session.refreshCost());
        // Pages that poll AWS do it only while shown (CloudWatch and ECS calls cost and count against limits).
        page.addListener((o, was, now) -> {
            monitor.shown(now == Page.MONITORING);
            scale.shown(now == Page.SCALE);
        });
        cleanup = new CleanupViewModel(session);
        cleanup.reportSources(() -> sections.stream().flatMap(m -> Stream.concat(
                m.requirements().stream(), m.advice().stream())).toList(),
                () -> Stream.concat(Stream.of(endpoint.healthResultProperty().get(),
                        endpoint.predictResultProperty().get(), endpoint.targetsStatusProperty().get()),
                        endpoint.targets().stream().map(Object::toString))
                        .filter(r -> r != null && !r.isBlank()).toList());
        builders.put(Page.CLEANUP, () -> new CleanupView(cleanup, this::pictureEveryPage).root());
        AccountViewModel account = new AccountViewModel(session.runner(),
                () -> session.withEngine(dev.labconsole.lab.LabEngine::accountReview));
        builders.put(Page.ACCOUNT, () -> new AccountView(account).root());
        page.addListener((o, was, now) -> {
            // A look at the account when the page opens: its marks are never older than the visit.
            if (now == Page.ACCOUNT && session.connectedProperty().get()) {
                account.check();
            }
        });
        wizard = new WizardModel(session, sections, endpoint.verdictProperty());

        sidebar.setId("sidebar");
        sidebar.getItems().setAll(Page.values());
        sidebar.setPrefWidth(200);
        sidebar.setPrefWidth(220);
        sidebar.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Page item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    setId(null);
                    return;
                }
                // Numbered steps in the lab's order, each with its mark; side pages apart, unnumbered.
                setText(item.number() == 0 ? item.title() : item.number() + "  " + item.title());
                setGraphic(item.number() == 0 ? new FontIcon(item.icon()) : markIcon(wizard.mark(item)));
                setId("nav-" + item.name());
                if (item == Page.PREDICT) {
                    setStyle("-fx-border-color: -color-border-default transparent transparent transparent;");
                } else {
                    setStyle(null);
                }
            }
        });
        sidebar.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                page.set(now);
            }
        });
        page.addListener((o, was, now) -> {
            Node content = built.computeIfAbsent(now, p -> builders.get(p).get());
            if (content instanceof javafx.scene.control.ScrollPane scroll) {
                // A page opens at its top: its title and explanation come first.
                scroll.setVvalue(0);
            }
            root.setCenter(content);
            sidebar.getSelectionModel().select(now);
        });

        root.setTop(header(session));
        root.setLeft(sidebar);
        root.setBottom(footer(session));
        // Marks change while a page is shown: redraw the sidebar's cells.
        for (Page p : Page.values()) {
            wizard.mark(p).addListener((o, was, now) -> sidebar.refresh());
        }
        dark.addListener((o, was, now) -> Application.setUserAgentStylesheet(now
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet()));
        show(Page.CONNECT);
        // Ctrl+1 ... Ctrl+0 open the pages in sidebar order, for the keyboard.
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5,
                    KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9, KeyCode.DIGIT0};
                for (Page p : Page.values()) {
                    if (p.ordinal() >= digits.length) {
                        break;
                    }
                    scene.getAccelerators().put(new KeyCodeCombination(digits[p.ordinal()],
                            KeyCombination.SHORTCUT_DOWN), () -> show(p));
                }
            }
        });
    }

    /** A mark in the sidebar: an empty circle to do, turning arrows running, a tick done, a warning sign. */
    private static Node markIcon(ObservableValue<WizardModel.Mark> mark) {
        FontIcon icon = new FontIcon();
        Runnable draw = () -> {
            WizardModel.Mark m = mark.getValue();
            icon.setIconCode(switch (m) {
                case DONE -> Material2OutlinedAL.CHECK_CIRCLE;
                case RUNNING -> Material2OutlinedMZ.SYNC;
                case ATTENTION -> Material2OutlinedMZ.REPORT_PROBLEM;
                default -> Material2OutlinedMZ.RADIO_BUTTON_UNCHECKED;
            });
            icon.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.ACCENT);
            switch (m) {
                case DONE -> icon.getStyleClass().add(Styles.SUCCESS);
                case ATTENTION -> icon.getStyleClass().add(Styles.DANGER);
                case RUNNING -> icon.getStyleClass().add(Styles.ACCENT);
                default -> { }
            }
            icon.getProperties().put("mark", m);
        };
        draw.run();
        return icon;
    }

    /**
     * The fixed place at the bottom: while a run goes on, what it does, a Stop button and what stopping leaves
     * behind; otherwise, on a page that is done, "Next: Network ->".
     */
    private Node footer(LabSession session) {
        Label running = new Label();
        running.setId("runStatus");
        running.setWrapText(true);
        running.textProperty().bind(Bindings.createStringBinding(() -> {
            dev.labconsole.lab.Phase phase = session.runPhaseProperty().get();
            if (phase == null) {
                return "";
            }
            String doing = phase == dev.labconsole.lab.Phase.DESTROY ? "Deleting" : "Creating";
            return session.stoppingProperty().get() ? "Stopping: the step under way ends within a second..."
                    : doing + "... " + dev.labconsole.lab.LabRun.whatStoppingLeaves(phase);
        }, session.runPhaseProperty(), session.stoppingProperty()));
        Button stop = new Button("Stop", new FontIcon(Material2OutlinedMZ.STOP));
        stop.setId("stopRun");
        stop.getStyleClass().add(Styles.DANGER);
        stop.visibleProperty().bind(session.runInProgressProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.disableProperty().bind(session.stoppingProperty());
        stop.setOnAction(e -> session.stop());
        Button next = new Button();
        next.setId("next");
        next.setGraphic(new FontIcon(Material2OutlinedAL.ARROW_FORWARD));
        next.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        Runnable updateNext = () -> {
            Page current = page.get();
            java.util.Optional<Page> following = current == null ? java.util.Optional.empty() : current.next();
            boolean done = current != null && wizard.mark(current).get() == WizardModel.Mark.DONE;
            next.setVisible(following.isPresent());
            next.setText(following.map(p -> done ? "Next: " + p.title() : "Skip to: " + p.title()).orElse(""));
            next.getStyleClass().remove(Styles.ACCENT);
            if (done) {
                next.getStyleClass().add(Styles.ACCENT);
            }
            next.setUserData(following.orElse(null));
        };
        page.addListener((o, was, now) -> updateNext.run());
        for (Page p : Page.values()) {
            wizard.mark(p).addListener((o, was, now) -> updateNext.run());
        }
        next.disableProperty().bind(session.runInProgressProperty());
        next.setOnAction(e -> {
            if (next.getUserData() instanceof Page target) {
                show(target);
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(running, Priority.SOMETIMES);
        HBox footer = new HBox(12, stop, running, spacer, next);
        footer.setId("footer");
        footer.setAlignment(Pos.CENTER_LEFT);
        footer.setPadding(new Insets(8, 20, 8, 20));
        footer.setStyle("-fx-border-color: -color-border-default transparent transparent transparent;");
        updateNext.run();
        return footer;
    }

    /** Each resource that costs by the hour: per hour and so far, at today's rate since the lab was created. */
    static String costBreakdown(LabSession session) {
        List<dev.labconsole.lab.LabResource> billed = session.inventoryProperty().get().stream()
                .filter(r -> r.hourlyUsd() > 0).toList();
        if (billed.isEmpty()) {
            return "Nothing of the lab costs by the hour now.";
        }
        double hourly = session.hourlyUsdProperty().get();
        double hours = hourly > 0 ? session.accruedUsdProperty().get() / hourly : 0;
        StringBuilder text = new StringBuilder("Per resource (per hour, so far):");
        for (dev.labconsole.lab.LabResource r : billed) {
            text.append(String.format(Locale.ROOT, "%n%s %s: $%.4f/h, $%.2f", r.kind(), r.name() == null ? r.id()
                    : r.name(), r.hourlyUsd(), r.hourlyUsd() * hours));
        }
        text.append(session.practiceProperty().get() ? "\nPractice mode: AWS's prices, shown to learn from;"
                + " the emulator bills nothing." : "");
        return text.toString();
    }

    /** The Account page until issue 12 brings it (budgets, the account's own checks). */
    /** Where the student stands, page by page (the sidebar's marks). */
    public WizardModel wizard() {
        return wizard;
    }

    private Node header(LabSession session) {
        Label title = new Label("Lab Console");
        title.getStyleClass().add(Styles.TITLE_3);
        Label lab = new Label();
        lab.setId("headerLab");
        lab.textProperty().bind(session.form().labProperty());
        lab.getStyleClass().add(Styles.TITLE_4);
        Label where = new Label();
        where.setId("headerAccount");
        where.getStyleClass().add(Styles.TEXT_MUTED);
        where.textProperty().bind(Bindings.createStringBinding(() -> session.connectedProperty().get()
                ? "account " + session.accountProperty().get() + " · " + session.regionProperty().get()
                        + (session.practiceProperty().get() ? " · practice mode" : "")
                : "not connected", session.connectedProperty(), session.accountProperty(), session.regionProperty(),
                session.practiceProperty()));
        Label cost = new Label();
        cost.setId("headerCost");
        cost.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "$%.3f per hour · $%.2f so far", session.hourlyUsdProperty().get(), session.accruedUsdProperty().get())
                + (session.practiceProperty().get() ? " (AWS prices; the emulator bills nothing)" : ""),
                session.hourlyUsdProperty(), session.accruedUsdProperty(), session.practiceProperty()));
        // The breakdown on demand: hover (or focus) the total for each resource's share.
        javafx.scene.control.Tooltip breakdown = new javafx.scene.control.Tooltip();
        breakdown.setId("costBreakdown");
        breakdown.textProperty().bind(Bindings.createStringBinding(() -> costBreakdown(session),
                session.inventoryProperty(), session.hourlyUsdProperty(), session.accruedUsdProperty()));
        breakdown.setShowDelay(javafx.util.Duration.millis(200));
        cost.setTooltip(breakdown);
        // And on a click, for a touchpad or a student who does not think of hovering.
        cost.setOnMouseClicked(event -> breakdown.show(cost, event.getScreenX(), event.getScreenY() + 12));
        cost.setCursor(javafx.scene.Cursor.HAND);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToggleButton theme = new ToggleButton(null, new FontIcon(Material2OutlinedMZ.NIGHTS_STAY));
        theme.setId("themeToggle");
        theme.setTooltip(new javafx.scene.control.Tooltip("Dark theme"));
        theme.selectedProperty().bindBidirectional(dark);
        HBox header = new HBox(14, title, lab, where, spacer, cost, theme);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(10, 20, 10, 20));
        header.getStyleClass().add("header");
        return header;
    }

    /**
     * A picture of the window showing each page in turn, by page title, for the report; then shows the
     * page that was showing. Runs on the UI thread.
     */
    public Map<String, BufferedImage> pictureEveryPage() {
        Page current = page.get();
        Map<String, BufferedImage> pictures = new LinkedHashMap<>();
        for (Page p : Page.values()) {
            show(p);
            root.applyCss();
            root.layout();
            // Numbered in sidebar order, zero-padded so the files sort the same way.
            String name = String.format(Locale.ROOT, "%02d %s", p.ordinal() + 1, p.title());
            pictures.put(name, SwingFXUtils.fromFXImage(root.snapshot(null, null), null));
        }
        show(current);
        return pictures;
    }

    /**
     * Writes the lab's report with a picture of every page into {@code folder}, in the background
     * (what the Clean up page's Export report does after asking for the folder). Runs on the UI thread.
     */
    public void exportReport(Path folder) {
        cleanup.exportReport(folder, pictureEveryPage());
    }

    /** Shows the page of the lab's section that builds {@code step} (a click on the diagram). */
    private void showOwner(dev.labconsole.lab.StepId step) {
        for (Page p : Page.values()) {
            if (p.section() == step.section()) {
                show(p);
                return;
            }
        }
        show(Page.CONNECT);
    }

    /** Shows {@code target}. */
    public void show(Page target) {
        page.set(target);
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public Parent root() {
        return root;
    }
}
