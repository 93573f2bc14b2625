package dev.labconsole.ui.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.testing.MotoServer;
import dev.labconsole.ui.ConsoleApp;
import dev.labconsole.ui.FxBackgroundRunner;
import dev.labconsole.ui.LabSession;
import dev.labconsole.ui.connect.ConnectViewModel;
import dev.labconsole.ui.logs.LogsView;
import dev.labconsole.ui.logs.LogsViewModel;
import dev.labconsole.ui.predict.ConsoleLoaders;
import dev.labconsole.ui.predict.PredictViewModel;
import dev.labconsole.ui.shell.MainWindow;
import dev.labconsole.ui.shell.Page;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/**
 * How long the window's FX thread stalls while the lab is applied and while the Logs page is flooded,
 * against the same window idle. The goal: no stall over 100 ms.
 *
 * <p>The real window ({@link MainWindow} in a {@link Stage}, as {@code ConsoleApp} and {@code LabWindowTest}
 * assemble it) on whatever display JavaFX finds: {@code benchmarks/fx-stall.sh} runs it under
 * {@code xvfb-run}, so pulses and painting are the real ones. Phases, one after another in one JVM:
 * <ol>
 *   <li>idle: the Network page, nothing happening (the baseline every ratio is against);</li>
 *   <li>apply: connect in practice mode to a moto server this benchmark starts, then Create on every
 *       section page in sidebar order, each after the previous finished, with the Network page and its
 *       live diagram showing;</li>
 *   <li>log floods: the Logs page fed by a {@link SyntheticLogSource} at each rate in turn (auto-scroll
 *       on), a filter typed and deleted again halfway through each; 5,000 then 20,000 lines/s for 10 s
 *       fill the page past its {@link LogsViewModel#MAX_LINES} cap.</li>
 * </ol>
 * The Logs page shown during the flood is the page's own view and view model ({@link LogsView},
 * {@link LogsViewModel}) put in the window's page area in place of the CloudWatch-backed one, so
 * production code needs no hook.
 *
 * <p>Usage: {@code FxStallBenchmark [--idle-seconds 5] [--flood-seconds 10] [--rates 5000,20000]
 * [--json FILE] [--stacks FILE] [--label TEXT]}.
 */
public final class FxStallBenchmark {

    /** The limit on any single stall. */
    static final double STALL_LIMIT_MS = 100;
    private static final long KEY_INTERVAL_MS = 120;

    private final double idleSeconds;
    private final double floodSeconds;
    private final int[] rates;
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private FxStallProbe probe;
    private FxBackgroundRunner runner;
    private LabSession session;
    private ConnectViewModel connect;
    private PredictViewModel predict;
    private MainWindow window;
    private SyntheticLogSource floodSource;

    private record Phase(String name, long fromNanos, long toNanos, FxStallProbe.Window measured) {
        double seconds() {
            return (toNanos - fromNanos) / 1e9;
        }
    }

    private FxStallBenchmark(double idleSeconds, double floodSeconds, int[] rates) {
        this.idleSeconds = idleSeconds;
        this.floodSeconds = floodSeconds;
        this.rates = rates;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        FxStallBenchmark benchmark = new FxStallBenchmark(
                Double.parseDouble(options.getOrDefault("idle-seconds", "5")),
                Double.parseDouble(options.getOrDefault("flood-seconds", "10")),
                java.util.Arrays.stream(options.getOrDefault("rates", "5000,20000").split(","))
                        .mapToInt(r -> Integer.parseInt(r.trim())).toArray());
        int exit;
        try (MotoServer moto = MotoServer.start(Map.of("MOTO_ECS_SERVICE_RUNNING", "2"))) {
            benchmark.run(moto);
            String label = options.getOrDefault("label", "");
            String table = benchmark.table(label);
            System.out.print(table);
            if (options.containsKey("json")) {
                append(Path.of(options.get("json")), benchmark.json(label) + "\n");
            }
            if (options.containsKey("stacks")) {
                append(Path.of(options.get("stacks")), benchmark.stacks(label));
            }
            exit = 0;
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            exit = 1;
        }
        // JavaFX and the AWS clients leave non-daemon threads behind; the measurement is done.
        System.exit(exit);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private void run(MotoServer moto) throws Exception {
        Path stateHome = Files.createTempDirectory("fx-stall-state");
        CountDownLatch toolkit = new CountDownLatch(1);
        Platform.startup(toolkit::countDown);
        toolkit.await();
        Map<Page, Node> pages = fx(() -> {
            openWindow(stateHome);
            return new EnumMap<Page, Node>(Page.class);
        });
        // Every page built once before measuring: building a page is navigation, not apply or logs.
        for (Page page : Page.values()) {
            fx(() -> window.show(page));
            pause(150);
            pages.put(page, fx(() -> {
                Node center = ((BorderPane) window.root()).getCenter();
                center.applyCss();
                return center;
            }));
        }
        fx(() -> window.show(Page.NETWORK));
        notes.add("rendering: " + fx(FxStallBenchmark::pipeline) + ", window " + fx(() -> {
            var scene = window.root().getScene();
            return (int) scene.getWidth() + "x" + (int) scene.getHeight();
        }));
        fx(() -> {
            probe = new FxStallProbe();
            probe.start();
            return null;
        });
        pause(2000);

        measure("idle (Network page)", () -> pause((long) (idleSeconds * 1000)));
        measure("apply: connect + Create on 5 pages", () -> apply(moto, pages));
        LogsViewModel flood = openFloodedLogsPage();
        SyntheticLogSource source = new SyntheticLogSource();
        fx(() -> {
            floodSource = source;
            flood.start();
            return null;
        });
        pause(1000);
        for (int rate : rates) {
            measure(String.format(Locale.ROOT, "log flood %,d lines/s", rate), () -> {
                source.rate(rate);
                flood(flood);
            });
            notes.add(String.format(Locale.ROOT, "after %,d lines/s: %,d lines sent, %,d kept%s", rate, source.sent(),
                    fx(() -> flood.lines().size()),
                    fx(() -> flood.lines().size()) >= LogsViewModel.MAX_LINES ? " (the cap)" : ""));
        }
        source.rate(0);
        fx(() -> {
            flood.stop();
            probe.stop();
            return null;
        });
        fx(() -> {
            session.close();
            predict.close();
            runner.close();
            return null;
        });
        Platform.exit();
    }

    private void openWindow(Path stateHome) {
        runner = new FxBackgroundRunner();
        LabStateStore store = new LabStateStore(stateHome);
        session = new LabSession(runner, (config, connection, listener) ->
                LabEngine.connect(config, connection, store, listener));
        connect = new ConnectViewModel(session, runner, List.of(), Optional.empty());
        // The model is not loaded: its native start-up is background work of its own, not what is measured.
        predict = new PredictViewModel(runner, ConsoleLoaders.standard());
        window = new MainWindow(session, connect, predict, uri -> { });
        Stage stage = new Stage();
        stage.setTitle("Lab Console (FX stall benchmark)");
        stage.setScene(ConsoleApp.createScene(window, 1280, 720));
        stage.show();
    }

    /** Connects in practice mode, then presses Create on each section page in turn. */
    private void apply(MotoServer moto, Map<Page, Node> pages) {
        long started = System.nanoTime();
        CountDownLatch connected = new CountDownLatch(1);
        fx(() -> {
            ChangeListener<Boolean> listener = (o, was, now) -> {
                if (!now) {
                    connected.countDown();
                }
            };
            connect.busyProperty().addListener(listener);
            connect.practiceModeProperty().set(true);
            connect.emulatorUrlProperty().set(moto.endpoint().toString());
            connect.connect();
            return null;
        });
        await(connected, "connect");
        if (!fx(() -> session.connectedProperty().get())) {
            throw new IllegalStateException("could not connect to moto: " + fx(() -> connect.statusProperty().get()));
        }
        for (Page page : Page.values()) {
            if (page.section() == null) {
                continue;
            }
            Node content = pages.get(page);
            Button create = (Button) content.lookup("#create");
            Label status = (Label) content.lookup("#sectionStatus");
            CountDownLatch done = new CountDownLatch(1);
            fx(() -> {
                if (create.isDisabled()) {
                    throw new IllegalStateException(page.title() + ": Create is disabled");
                }
                create.disabledProperty().addListener((o, was, now) -> {
                    if (!now) {
                        done.countDown();
                    }
                });
                create.fire();
                return null;
            });
            await(done, page.title() + " Create");
            notes.add(page.title() + ": " + fx(status::getText));
        }
        // The pages' follow-up (cost, CLI equivalents) lands on the FX thread right after; it is part of apply.
        pause(1000);
        notes.add(String.format(Locale.ROOT, "apply took %.1f s (connect and 5 Creates, one after another)",
                (System.nanoTime() - started) / 1e9));
    }

    private LogsViewModel openFloodedLogsPage() {
        return fx(() -> {
            LogsViewModel model = new LogsViewModel(runner, () -> floodSource, System::currentTimeMillis);
            window.show(Page.LOGS);
            ((BorderPane) window.root()).setCenter(new LogsView(model).root());
            return model;
        });
    }

    /** One flood phase: the filter typed at half time, deleted key by key at three quarters. */
    private void flood(LogsViewModel model) {
        long phaseMillis = (long) (floodSeconds * 1000);
        long start = System.currentTimeMillis();
        TextField filter = fx(() -> (TextField) window.root().lookup("#logFilter"));
        sleepUntil(start + phaseMillis / 2);
        for (char key : "error".toCharArray()) {
            fx(() -> {
                // What a typed key does in a TextField: the caret at the end, the character inserted there.
                filter.end();
                filter.replaceSelection(String.valueOf(key));
                return null;
            });
            pause(KEY_INTERVAL_MS);
        }
        notes.add(String.format(Locale.ROOT, "filter \"error\" typed during the flood: %,d of %,d lines shown",
                fx(() -> model.shown().size()), fx(() -> model.lines().size())));
        sleepUntil(start + phaseMillis * 3 / 4);
        for (int i = 0; i < "error".length(); i++) {
            fx(() -> {
                filter.end();
                filter.deletePreviousChar();
                return null;
            });
            pause(KEY_INTERVAL_MS);
        }
        sleepUntil(start + phaseMillis);
    }

    private void measure(String name, Runnable phase) {
        long[] gcBefore = FxStallProbe.gcTotals();
        long from = System.nanoTime();
        phase.run();
        long to = System.nanoTime();
        // Probes posted near the end get their chance to run before the phase is cut out.
        pause(300);
        phases.add(new Phase(name, from, to, probe.window(from, to, gcBefore, FxStallProbe.gcTotals())));
    }

    String table(String label) {
        StringBuilder out = new StringBuilder();
        Phase idle = phases.get(0);
        out.append(String.format(Locale.ROOT, "FX-thread stalls%s, %s, probe every %d ms%n",
                label.isEmpty() ? "" : " (" + label + ")", Instant.now(), FxStallProbe.POST_INTERVAL_NANOS / 1_000_000));
        out.append("runLater delay: from posting a Platform.runLater to its running; pulse gap: between two "
                + "AnimationTimer pulses (16.7 ms nominal)\n");
        out.append(String.format(Locale.ROOT, "%-38s %5s | %8s %7s %7s | %8s %7s %7s | %6s | %9s %9s | %s%n",
                "phase", "s", "max ms", "p99", "p50", "gap max", "p99", "p50", "GC ms", "p99/idle", "max/idle",
                "over 100 ms"));
        for (Phase phase : phases) {
            FxStallProbe.Stats delay = phase.measured().runLaterDelay();
            FxStallProbe.Stats gap = phase.measured().pulseGap();
            FxStallProbe.Stats base = idle.measured().runLaterDelay();
            boolean over = delay.maxMs() > STALL_LIMIT_MS || gap.maxMs() > STALL_LIMIT_MS;
            out.append(String.format(Locale.ROOT,
                    "%-38s %5.1f | %8.1f %7.2f %7.2f | %8.1f %7.1f %7.1f | %6d | %9.2f %9.2f | %s%n",
                    phase.name(), phase.seconds(), delay.maxMs(), delay.p99Ms(), delay.p50Ms(),
                    gap.maxMs(), gap.p99Ms(), gap.p50Ms(), phase.measured().gcMillis(),
                    delay.p99Ms() / base.p99Ms(), delay.maxMs() / base.maxMs(), over ? "YES" : "no"));
        }
        for (String note : notes) {
            out.append("  ").append(note).append('\n');
        }
        return out.toString();
    }

    String json(String label) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("label", label);
        root.put("at", Instant.now().toString());
        ArrayNode list = root.putArray("phases");
        for (Phase phase : phases) {
            ObjectNode node = list.addObject();
            node.put("name", phase.name());
            node.put("seconds", phase.seconds());
            stats(node.putObject("runLaterDelay"), phase.measured().runLaterDelay());
            stats(node.putObject("pulseGap"), phase.measured().pulseGap());
            node.put("gcMillis", phase.measured().gcMillis());
            node.put("gcCount", phase.measured().gcCount());
            node.put("stallStackSamples", phase.measured().stallStacks().size());
        }
        ArrayNode noteList = root.putArray("notes");
        notes.forEach(noteList::add);
        return root.toString();
    }

    private static void stats(ObjectNode node, FxStallProbe.Stats stats) {
        node.put("count", stats.count());
        node.put("maxMs", stats.maxMs());
        node.put("p99Ms", stats.p99Ms());
        node.put("p50Ms", stats.p50Ms());
    }

    /** Where the FX thread was while probes waited over 50 ms: the hottest frames and whole stacks per phase. */
    String stacks(String label) {
        StringBuilder out = new StringBuilder();
        out.append("== FX-thread stacks sampled every 10 ms while a probe waited over 50 ms")
                .append(label.isEmpty() ? "" : " (" + label + ")").append(", ").append(Instant.now()).append('\n');
        for (Phase phase : phases) {
            List<List<String>> stacks = phase.measured().stallStacks();
            out.append("\n-- ").append(phase.name()).append(": ").append(stacks.size()).append(" samples\n");
            for (FxStallProbe.Episode episode : phase.measured().episodes()) {
                out.append(String.format(Locale.ROOT, "  stall from JVM uptime %.3f s, worst wait %.1f ms%n",
                        episode.uptimeSeconds(), episode.worstMs()));
            }
            if (stacks.isEmpty()) {
                continue;
            }
            out.append("frames on the most samples:\n");
            phase.measured().framesBySamples().entrySet().stream().limit(40).forEach(e ->
                    out.append(String.format(Locale.ROOT, "  %4d  %s%n", e.getValue(), e.getKey())));
            out.append("whole stacks seen most often:\n");
            phase.measured().stacksBySamples().entrySet().stream().limit(3).forEach(e -> {
                out.append(String.format(Locale.ROOT, "  %d samples:%n", e.getValue()));
                e.getKey().lines().forEach(frame -> out.append("      ").append(frame).append('\n'));
            });
            out.append("the render thread meanwhile, most often:\n");
            phase.measured().rendererStacksBySamples().entrySet().stream().limit(3).forEach(e -> {
                out.append(String.format(Locale.ROOT, "  %d samples:%n", e.getValue()));
                e.getKey().lines().limit(25).forEach(frame -> out.append("      ").append(frame).append('\n'));
            });
        }
        return out.toString();
    }

    private static String pipeline() {
        try {
            Object pipeline = Class.forName("com.sun.prism.GraphicsPipeline").getMethod("getPipeline").invoke(null);
            return pipeline == null ? "unknown pipeline" : pipeline.getClass().getSimpleName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown pipeline (" + e + ")";
        }
    }

    private static void append(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Runs {@code work} on the FX thread and waits for it. */
    private static <T> T fx(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fx(Runnable work) {
        fx(() -> {
            work.run();
            return null;
        });
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(180, TimeUnit.SECONDS)) {
                throw new IllegalStateException(what + " did not finish within 180 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            pause(wait);
        }
    }
}
