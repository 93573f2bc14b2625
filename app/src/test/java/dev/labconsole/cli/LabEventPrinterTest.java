package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.StepId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The progress lines apply and destroy print, and that lines from many worker threads stay whole. */
class LabEventPrinterTest {

    @Test
    void eachKindOfEventReadsAsOneLine() {
        assertThat(LabEventPrinter.text(LabEvent.of(StepId.NAT_GATEWAY, LabEvent.Kind.WAITING,
                "waiting for the NAT gateway to become available, usually 1-2 minutes")))
                .isEqualTo("NAT gateway ... waiting for the NAT gateway to become available, usually 1-2 minutes");
        assertThat(LabEventPrinter.text(LabEvent.of(StepId.VPC, LabEvent.Kind.DONE, "VPC done", Duration.ofMillis(1234))))
                .isEqualTo("\u2713 VPC done (1.2 s)");
        assertThat(LabEventPrinter.text(LabEvent.of(StepId.SERVICE, LabEvent.Kind.DONE, "ECS service done",
                Duration.ofSeconds(185)))).isEqualTo("\u2713 ECS service done (3 min 05 s)");
        assertThat(LabEventPrinter.text(LabEvent.of(StepId.NAT_GATEWAY, LabEvent.Kind.FAILED, "cancelled")))
                .isEqualTo("\u2717 NAT gateway: cancelled");
        assertThat(LabEventPrinter.text(LabEvent.of(StepId.SUBNETS, LabEvent.Kind.FAILED,
                "doing 'Subnets' failed: no second availability zone")))
                .isEqualTo("\u2717 Subnets: doing 'Subnets' failed: no second availability zone");
        assertThat(LabEventPrinter.text(LabEvent.of(StepId.LISTENER, LabEvent.Kind.SKIPPED,
                "needs 'Target group', which did not finish"))).isEqualTo("- Listener skipped: needs 'Target group', which did not finish");
        assertThat(LabEventPrinter.text(LabEvent.of(StepId.TASK_DEFINITION, LabEvent.Kind.WARNING, "image not pushed yet")))
                .isEqualTo("Task definition ... warning: image not pushed yet");
    }

    @Test
    void linesAreStampedAndAHeldPrinterShowsOnlyWarningsAndFailures() {
        StringWriter text = new StringWriter();
        LabEventPrinter printer = new LabEventPrinter(new PrintWriter(text)).hold();
        printer.onEvent(LabEvent.of(StepId.IDENTITY, LabEvent.Kind.STARTED, "Identity"));
        printer.onEvent(LabEvent.of(StepId.IDENTITY, LabEvent.Kind.WARNING, "you are the root user"));
        printer.release();
        printer.onEvent(LabEvent.of(StepId.VPC, LabEvent.Kind.STARTED, "VPC"));
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\[\\d\\d:\\d\\d:\\d\\d\\] Identity \\.\\.\\. warning: you are the root user");
        assertThat(lines.get(1)).matches("\\[\\d\\d:\\d\\d:\\d\\d\\] VPC \\.\\.\\.");
    }

    @Test
    void linesFromManyThreadsAreNeverInterleaved() throws InterruptedException {
        StringWriter text = new StringWriter();
        LabEventPrinter printer = new LabEventPrinter(new PrintWriter(text));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        String payload = "x".repeat(200);
        for (int i = 0; i < 600; i++) {
            StepId step = StepId.values()[i % StepId.values().length];
            pool.execute(() -> printer.onEvent(LabEvent.of(step, LabEvent.Kind.PROGRESS, payload)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(600).allSatisfy(line ->
                assertThat(line).matches("\\[\\d\\d:\\d\\d:\\d\\d\\] [A-Za-z3 ]+ \\.\\.\\. x{200}"));
    }
}
