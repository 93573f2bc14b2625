package dev.labconsole.ui.logs;

import dev.labconsole.lab.LabLogs;
import dev.labconsole.lab.LogLine;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import dev.labconsole.ui.LabSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * State and commands of the Logs page. Lines arrive on a worker thread and reach the list once per
 * burst; at most {@link #MAX_LINES} are kept, the oldest dropped.
 */
public final class LogsViewModel {

    /** How many lines the page keeps. */
    public static final int MAX_LINES = 100_000;

    /** How a line is coloured. */
    public enum Level { ERROR, WARN, INFO }

    /** Follows a log group until told to stop; blocks. */
    @FunctionalInterface
    public interface LogSource {
        void follow(Consumer<List<LogLine>> sink, BooleanSupplier stop);
    }

    private final BackgroundRunner runner;
    private final java.util.function.Supplier<LogSource> sources;
    private final LongSupplier clockMillis;
    // A ring: dropping the oldest of 100,000 lines must not shift the rest (an ArrayList does, one
    // element at a time through the observable wrapper, and stalled the FX thread in a log flood).
    private final ObservableList<LogLine> lines = FXCollections.observableList(new LogRing<>(MAX_LINES));
    private final FilteredList<LogLine> shown = new FilteredList<>(lines);
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty autoScroll = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not following");
    private final ConcurrentLinkedQueue<LogLine> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile boolean stopRequested;
    // The student asked to follow and has not stopped: a new engine means following its log group.
    private boolean wanted;
    private boolean restartWhenStopped;
    private long rateWindowStart;
    private long rateWindowCount;
    private double eventsPerSecond;

    /**
     * A page following the session's log group; when new settings or a new connection replace the
     * engine, it follows the new engine's group.
     */
    public LogsViewModel(LabSession session) {
        this(session.runner(), () -> {
            LabLogs logs = new LabLogs(session.engine());
            return (sink, stop) -> logs.follow(Duration.ofMinutes(15), null, sink, stop);
        }, System::currentTimeMillis);
        session.engineGenerationProperty().addListener((o, was, now) -> followAgain());
        practiceNote.bind(Bindings.when(session.practiceProperty()).then("Practice mode: the emulator runs no"
                + " containers, so nothing writes to this log group by itself. Write sample lines to see how"
                + " following works; on AWS the service's tasks write here.").otherwise(""));
        sampleWriter = () -> new LabLogs(session.engine()).writeSampleLines();
    }

    private final ReadOnlyStringWrapper practiceNote = new ReadOnlyStringWrapper("");
    private Runnable sampleWriter = () -> { };

    /** In practice mode, what this page cannot show there and what to do instead; else empty. */
    public ReadOnlyStringProperty practiceNoteProperty() {
        return practiceNote.getReadOnlyProperty();
    }

    /** Practice mode: writes three sample lines into the log group, in the background. */
    public void writeSampleLines() {
        runner.run(() -> {
            sampleWriter.run();
            return null;
        }, ignored -> status.set("Wrote 3 sample lines" + (following.get() ? "" : ": Follow shows them")),
                failure -> status.set("Could not write sample lines: " + failure.getMessage()));
    }

    /** A page following what {@code sources} gives; for tests. */
    public LogsViewModel(BackgroundRunner runner, java.util.function.Supplier<LogSource> sources,
            LongSupplier clockMillis) {
        this.runner = runner;
        this.sources = sources;
        this.clockMillis = clockMillis;
        shown.predicateProperty().bind(Bindings.createObjectBinding(() -> {
            String text = filter.get() == null ? "" : filter.get().toLowerCase(Locale.ROOT);
            return text.isBlank() ? line -> true
                    : (java.util.function.Predicate<LogLine>) line -> line.message().toLowerCase(Locale.ROOT)
                            .contains(text);
        }, filter));
    }

    /** The level a line shows, from its text. */
    public static Level levelOf(String message) {
        String upper = message == null ? "" : message.toUpperCase(Locale.ROOT);
        if (upper.contains("ERROR") || upper.contains("EXCEPTION") || upper.contains("TRACEBACK")) {
            return Level.ERROR;
        }
        if (upper.contains("WARN")) {
            return Level.WARN;
        }
        return Level.INFO;
    }

    /** Starts following in the background (once). */
    public void start() {
        if (following.get()) {
            return;
        }
        following.set(true);
        wanted = true;
        stopRequested = false;
        status.set("Following...");
        rateWindowStart = clockMillis.getAsLong();
        runner.run(() -> {
            sources.get().follow(this::receive, () -> stopRequested);
            return null;
        }, done -> {
            following.set(false);
            if (!restartIfAsked()) {
                status.set("Stopped; " + lines.size() + " lines");
            }
        }, failure -> {
            following.set(false);
            if (!restartIfAsked()) {
                status.set("Could not follow the logs: " + FailureText.of(failure));
            }
        });
    }

    private boolean restartIfAsked() {
        if (!restartWhenStopped) {
            return false;
        }
        restartWhenStopped = false;
        followAfresh();
        return true;
    }

    // Another log group (or account): its lines start afresh rather than after the old group's.
    private void followAfresh() {
        lines.clear();
        pending.clear();
        start();
    }

    /** Stops following. */
    public void stop() {
        wanted = false;
        restartWhenStopped = false;
        stopRequested = true;
    }

    /**
     * Follows the source anew if the student was following: the engine behind it was replaced, so
     * the old follow reads the old log group (or fails on closed clients).
     */
    public void followAgain() {
        if (!wanted) {
            return;
        }
        if (following.get()) {
            restartWhenStopped = true;
            stopRequested = true;
        } else {
            followAfresh();
        }
    }

    // Worker thread: queue, and hand over once per burst.
    void receive(List<LogLine> batch) {
        pending.addAll(batch);
        if (!paused.get() && flushScheduled.compareAndSet(false, true)) {
            runner.onUiThread(this::flush);
        }
    }

    void flush() {
        flushScheduled.set(false);
        if (paused.get()) {
            return;
        }
        List<LogLine> batch = new ArrayList<>();
        for (LogLine line = pending.poll(); line != null; line = pending.poll()) {
            batch.add(line);
        }
        if (batch.size() > MAX_LINES) {
            batch = batch.subList(batch.size() - MAX_LINES, batch.size());
        }
        int overflow = lines.size() + batch.size() - MAX_LINES;
        if (overflow > 0) {
            lines.remove(0, overflow);
        }
        lines.addAll(batch);
        rateWindowCount += batch.size();
        long now = clockMillis.getAsLong();
        if (now - rateWindowStart >= 1000) {
            eventsPerSecond = rateWindowCount * 1000.0 / (now - rateWindowStart);
            rateWindowStart = now;
            rateWindowCount = 0;
        } else if (eventsPerSecond == 0) {
            // Within the first second: what arrived so far is the best figure there is.
            eventsPerSecond = rateWindowCount;
        }
        updateStatus();
    }

    private void updateStatus() {
        status.set(String.format(Locale.ROOT, "%s%,d lines, %.0f events/s", paused.get() ? "Paused; " : "",
                lines.size(), eventsPerSecond));
    }

    /** Pauses or resumes showing new lines; paused lines are kept and shown on resume. */
    public void togglePause() {
        paused.set(!paused.get());
        if (!paused.get()) {
            flush();
        } else {
            updateStatus();
        }
    }

    public void clear() {
        lines.clear();
        updateStatus();
    }

    /** The lines shown, as text (for copy and export). */
    public String shownText() {
        StringBuilder text = new StringBuilder();
        for (LogLine line : shown) {
            text.append(line.timestamp()).append(' ').append(line.stream()).append(' ').append(line.message())
                    .append('\n');
        }
        return text.toString();
    }

    /** Writes the lines shown to {@code file}. */
    public void export(Path file) throws IOException {
        Files.writeString(file, shownText());
    }

    public ObservableList<LogLine> shown() {
        return shown;
    }

    public ObservableList<LogLine> lines() {
        return lines;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public BooleanProperty autoScrollProperty() {
        return autoScroll;
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty followingProperty() {
        return following.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
