package dev.labconsole.ui;

import dev.labconsole.lab.ImageSupport;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.testing.TinyImages;
import dev.labconsole.ui.connect.ConnectViewModel;
import dev.labconsole.ui.connect.LocalRegistry;
import dev.labconsole.ui.predict.ConsoleLoaders;
import dev.labconsole.ui.predict.PredictViewModel;
import dev.labconsole.ui.shell.MainWindow;
import dev.labconsole.ui.shell.Page;
import dev.labconsole.ui.shell.WizardModel;
import javafx.scene.control.ListCell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole window as the application opens it, for the TestFX tests that walk the lab in practice mode: a
 * session saving its state under a test folder, a real local registry standing in for ECR when Debian's
 * {@code docker-registry} is installed (else none), small images Jib really builds, at 1280x720.
 */
final class WindowFixture implements AutoCloseable {

    final FxBackgroundRunner runner = new FxBackgroundRunner();
    final LabSession session;
    final ConnectViewModel connect;
    final PredictViewModel predict;
    final MainWindow window;
    final Stage stage;
    /** The practice registry, or null where {@code docker-registry} is not installed. */
    final LocalRegistry registry;

    private WindowFixture(Stage stage, Path stateHome, String imageText, Consumer<URI> browser) {
        this.stage = stage;
        LabStateStore store = new LabStateStore(stateHome);
        Optional<Path> registryExecutable = LocalRegistry.find();
        try {
            registry = registryExecutable.isEmpty() ? null : LocalRegistry.start(registryExecutable.get(), 0,
                    stateHome.resolve("registry"), Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImageSupport images = new ImageSupport(new TinyImages(imageText), "unused-base:1",
                registry == null ? null : registry.hostPort());
        session = new LabSession(runner, (config, connection, listener) ->
                LabEngine.connect(config, connection, store, listener, images));
        connect = new ConnectViewModel(session, runner, List.of(), Optional.empty());
        predict = new PredictViewModel(runner, ConsoleLoaders.through(session::currentEngine));
        window = new MainWindow(session, connect, predict, browser);
        stage.setScene(ConsoleApp.createScene(window, 1280, 720));
        stage.show();
    }

    /**
     * Opens the window on {@code stage} (call from the test's {@code @Start}); its images carry
     * {@code imageText}, {@code browser} hears of every address the window opens.
     */
    static WindowFixture open(Stage stage, Path stateHome, String imageText, Consumer<URI> browser) {
        return new WindowFixture(stage, stateHome, imageText, browser);
    }

    /**
     * Waits up to 90 s for {@code condition}, then for the FX thread: the condition is polled off it and can
     * hold halfway through an update (a list's items added, its status not yet).
     */
    static void await(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The mark the sidebar shows for {@code page}, read off its cell as the student sees it. */
    static WizardModel.Mark mark(FxRobot robot, Page page) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        // Read on the FX thread: the sidebar redraws its cells when a mark changes.
        return WaitForAsyncUtils.asyncFx(() -> {
            ListCell<?> cell = robot.lookup("#nav-" + page.name()).queryAs(ListCell.class);
            return (WizardModel.Mark) cell.getGraphic().getProperties().get("mark");
        }).get(10, TimeUnit.SECONDS);
    }

    /** Pictures the window as it is now into {@code app/target/screenshots/name.png}. */
    void shoot(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> Screenshots.write(stage.getScene(), name));
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
        session.close();
        predict.close();
        runner.close();
    }
}
