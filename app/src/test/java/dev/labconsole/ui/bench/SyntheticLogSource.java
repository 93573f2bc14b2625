package dev.labconsole.ui.bench;

import dev.labconsole.lab.LogLine;
import dev.labconsole.ui.logs.LogsViewModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Log lines as the lab's model server writes them, at a rate the benchmark sets while it runs: one
 * batch every {@link #TICK_NANOS}, sized so the total keeps up with the rate (a late tick catches up).
 * Every tenth line is a warning and every twentieth an error, so a filter on "error" keeps 5%.
 */
final class SyntheticLogSource implements LogsViewModel.LogSource {

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private volatile int linesPerSecond;
    private final AtomicLong sent = new AtomicLong();

    /** Lines per second from now on; 0 pauses. */
    void rate(int perSecond) {
        linesPerSecond = perSecond;
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void follow(Consumer<List<LogLine>> sink, BooleanSupplier stop) {
        long last = System.nanoTime();
        double owed = 0;
        while (!stop.getAsBoolean()) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            owed += linesPerSecond * ((now - last) / 1e9);
            last = now;
            int due = (int) owed;
            if (due == 0) {
                continue;
            }
            owed -= due;
            List<LogLine> batch = new ArrayList<>(due);
            Instant at = Instant.now();
            for (int i = 0; i < due; i++) {
                batch.add(line(sent.getAndIncrement(), at));
            }
            sink.accept(batch);
        }
    }

    static LogLine line(long n, Instant at) {
        String stream = "ecs/model/task-" + (n % 2 + 1);
        String message;
        if (n % 20 == 0) {
            message = String.format(Locale.ROOT, "ERROR request %08x failed: model worker timed out after 30 s", n);
        } else if (n % 10 == 0) {
            message = String.format(Locale.ROOT, "WARNING slow request %08x: 812 ms (queue depth 14)", n);
        } else {
            message = String.format(Locale.ROOT,
                    "INFO 10.0.%d.%d \"POST /predict HTTP/1.1\" 200 %d.%d ms request-id=%08x", 1 + n % 2, 10 + n % 200,
                    1 + n % 3, n % 10, n);
        }
        return new LogLine(Long.toString(n), at, stream, message);
    }
}
