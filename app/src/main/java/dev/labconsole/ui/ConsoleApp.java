package dev.labconsole.ui;

import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.labconsole.lab.AwsProfiles;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.ui.connect.ConnectViewModel;
import dev.labconsole.ui.connect.EmulatorProcess;
import dev.labconsole.ui.connect.LocalRegistry;
import dev.labconsole.ui.predict.ConsoleLoaders;
import dev.labconsole.ui.predict.PredictView;
import dev.labconsole.ui.predict.PredictViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import dev.labconsole.ui.shell.MainWindow;
import dev.labconsole.ui.shell.Page;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.prefs.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console window. */
public final class ConsoleApp extends Application {

    // Made when the class loads, before any background thread: a logger first asked for while another
    // thread is still starting SLF4J is a stand-in whose lines can be lost when the probe exits at once.
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private FxBackgroundRunner runner;
    private PredictViewModel predict;

    /** Opens the window and returns when it is closed. */
    public static void launchWindow(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        runner = new FxBackgroundRunner();
        session = new LabSession(runner, LabSession.EngineFactory.standard());
        predict = new PredictViewModel(runner, ConsoleLoaders.through(session::currentEngine));
        connect = new ConnectViewModel(session, runner, AwsProfiles.fromEnvironment(), EmulatorProcess.find());
        connect.localRegistry(LocalRegistry.find(), LabStateStore.home().resolve("registry"));
        MainWindow window = new MainWindow(session, connect, predict,
                uri -> getHostServices().showDocument(uri.toString()));
        Preferences prefs = Preferences.userNodeForPackage(ConsoleApp.class);
        // Never larger than the screen: on a 1280x720 laptop the footer (Next, Stop) must stay in view.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setScene(createScene(window, Math.min(prefs.getDouble(PREF_WIDTH, 1280), screen.getWidth()),
                Math.min(prefs.getDouble(PREF_HEIGHT, 760), screen.getHeight() - 40)));
        window.darkProperty().set(prefs.getBoolean(PREF_DARK, false));
        window.show(page(prefs.get(PREF_PAGE, Page.CONNECT.name())));
        stage.setTitle("Lab Console");
        stage.setMinWidth(1280);
        stage.setMinHeight(720);
        stage.setOnCloseRequest(event -> {
            prefs.putDouble(PREF_WIDTH, stage.getWidth());
            prefs.putDouble(PREF_HEIGHT, stage.getHeight());
            prefs.put(PREF_PAGE, window.pageProperty().get().name());
            prefs.putBoolean(PREF_DARK, window.darkProperty().get());
            if (session.hourlyUsdProperty().get() > 0 && askToCleanUp(stage)) {
                event.consume();
                window.show(Page.CLEANUP);
            }
        });
        // The cost so far grows while the lab exists; AWS is asked again every few minutes, not more.
        costRefresh = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.minutes(5),
                e -> session.refreshCost()));
        costRefresh.setCycleCount(javafx.animation.Animation.INDEFINITE);
        costRefresh.play();
        if (Boolean.getBoolean(STARTUP_PROBE)) {
            probeStartup(stage);
        }
        stage.show();
        // The bundled model is the default and is ready without a click; loading runs in the background.
        predict.loadModel();
    }

    /** System property that makes the window report how long it took to appear, then close. */
    public static final String STARTUP_PROBE = "labconsole.startupProbe";

    /**
     * Logs the milliseconds from JVM start to the window's first frame, then exits: the start-up
     * benchmark ({@code benchmarks/startup.sh}) reads the line.
     */
    private static void probeStartup(Stage stage) {
        stage.setOnShown(shown -> {
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            // The next pulse after "shown" is the one that has painted the first frame.
            Platform.runLater(() -> {
                long millis = System.currentTimeMillis() - jvmStart;
                LOG.info("startup probe: first frame {} ms after JVM start", millis);
                Platform.exit();
            });
        });
    }

    private static final String PREF_WIDTH = "window.width";
    private static final String PREF_HEIGHT = "window.height";
    private static final String PREF_PAGE = "window.page";
    private static final String PREF_DARK = "theme.dark";

    private LabSession session;
    private javafx.animation.Timeline costRefresh;
    private ConnectViewModel connect;

    private static Page page(String name) {
        try {
            return Page.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Page.CONNECT;
        }
    }

    /** Whether the student wants to clean up before closing (the lab still bills). */
    private boolean askToCleanUp(Stage stage) {
        ButtonType cleanUp = new ButtonType("Clean up", ButtonBar.ButtonData.YES);
        ButtonType leave = new ButtonType("Close and keep paying", ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.WARNING, String.format(Locale.ROOT,
                "The lab still runs resources that cost about $%.3f per hour. Clean up before closing?",
                session.hourlyUsdProperty().get()), cleanUp, leave);
        alert.initOwner(stage);
        alert.setHeaderText("Billable resources exist");
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isEmpty() || answer.get() == cleanUp;
    }

    /** The whole window's content, for the application and for tests. */
    public static Scene createScene(MainWindow window, double width, double height) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        return new Scene(window.root(), Math.max(1280, width), Math.max(720, height));
    }

    /** The "Predict locally" page alone in a window, for its tests. */
    public static Scene createScene(PredictViewModel predict) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Label title = new Label("Lab Console");
        title.getStyleClass().add(Styles.TITLE_3);
        Label subtitle = new Label("AWS MLOps lab");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        HBox header = new HBox(12, title, subtitle);
        header.setAlignment(Pos.BASELINE_LEFT);
        header.setPadding(new Insets(10, 20, 10, 20));
        header.getStyleClass().add("header");
        BorderPane root = new BorderPane(new PredictView(predict).root());
        root.setTop(header);
        return new Scene(root, 1280, 760);
    }

    @Override
    public void stop() {
        if (costRefresh != null) {
            costRefresh.stop();
        }
        if (connect != null) {
            connect.close();
        }
        if (session != null) {
            session.close();
        }
        if (predict != null) {
            predict.close();
        }
        if (runner != null) {
            runner.close();
        }
    }
}
