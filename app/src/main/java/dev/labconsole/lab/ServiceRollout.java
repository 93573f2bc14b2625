package dev.labconsole.lab;

import dev.labconsole.aws.Retry;
import dev.labconsole.lab.ServiceDiagnosis.Diagnosis;
import dev.labconsole.lab.ServiceDiagnosis.Finding;
import dev.labconsole.lab.ServiceDiagnosis.Observation;
import dev.labconsole.lab.ServiceDiagnosis.ServiceEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Waits for the service's deployment the way a student would watch the console: every
 * {@code interval} it reads the service, publishes each new ECS event and each new finding, and stops
 * as soon as the answer is known: the tasks run and the deployment is complete, the deployment
 * circuit breaker failed the deployment, or the last few tasks all stopped for the same reason (more
 * tries will not help). Not a blind waiter: a failing deployment ends in minutes with the reason, not
 * after the timeout with none. Clock and sleeper are injected, so tests need no sleeps.
 */
public final class ServiceRollout {

    /** One look at the service; empty when it is gone. */
    @FunctionalInterface
    public interface Observer {
        Optional<Observation> observe();
    }

    /** How often ECS is asked: its own waiter's pace, and events rarely come faster. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(15);

    /** Tasks in a row that stopped for the same reason before the wait gives up on the deployment. */
    public static final int SAME_REASON_LIMIT = 3;

    /**
     * ECS events this much older than the wait's start came from an earlier run and are not shown
     * again; the margin allows for a computer clock that is a little off AWS's.
     */
    static final Duration EVENT_SLACK = Duration.ofMinutes(2);

    private final Clock clock;
    private final Retry.Sleeper sleeper;
    private final Duration interval;
    private final int sameReasonLimit;

    public ServiceRollout(Clock clock, Retry.Sleeper sleeper, Duration interval, int sameReasonLimit) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = interval;
        this.sameReasonLimit = sameReasonLimit;
    }

    /** Real time: the system clock, real sleeps, every 15 s, three alike stops in a row. */
    public static ServiceRollout standard() {
        return new ServiceRollout(Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), POLL_INTERVAL,
                SAME_REASON_LIMIT);
    }

    /**
     * Waits until the service is steady and returns its diagnosis then.
     *
     * @param step the step the published events belong to
     * @param listener where each new ECS event (PROGRESS) and each new finding (WARNING) goes, typed
     * @param checkCancelled throws when the run is cancelled; called before every look
     * @param timeout how long to wait at most
     * @param observer reads the service
     * @throws ServiceNotHealthyException when the deployment failed, tasks keep stopping the same way,
     *     the service is gone, or the timeout passed; its message is the diagnosis
     */
    public Diagnosis await(StepId step, LabListener listener, Runnable checkCancelled, Duration timeout,
            Observer observer) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Set<String> seenEvents = new HashSet<>();
        Set<String> seenFindings = new HashSet<>();
        Baseline baseline = null;
        while (true) {
            checkCancelled.run();
            Optional<Observation> look = observer.observe();
            if (look.isEmpty()) {
                throw new ServiceNotHealthyException("the service is gone (deleted while the lab waited for it):"
                        + " run Create again", null);
            }
            if (baseline == null) {
                baseline = Baseline.of(look.get());
            }
            publishEvents(step, listener, look.get(), baseline, seenEvents, start);
            Observation fresh = baseline.without(look.get());
            Diagnosis diagnosis = ServiceDiagnosis.diagnose(fresh);
            for (Finding finding : diagnosis.findings()) {
                if (seenFindings.add(finding.key())) {
                    listener.onEvent(LabEvent.of(step, LabEvent.Kind.WARNING, finding.toString(), clock.instant(),
                            finding));
                }
            }
            if (diagnosis.rolledBack()) {
                throw new ServiceNotHealthyException(diagnosis.summary(), diagnosis);
            }
            Optional<Finding> repeated = repeatedStop(fresh);
            if (repeated.isPresent()) {
                throw new ServiceNotHealthyException("the last " + sameReasonLimit + " tasks stopped the same way,"
                        + " so ECS trying again will not help: " + repeated.get(), diagnosis);
            }
            if (diagnosis.steady()) {
                return diagnosis;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new ServiceNotHealthyException("not stable after " + timeout.toMinutes() + " min: "
                        + diagnosis.summary(), diagnosis);
            }
            // In slices: a Stop ends the 15 s pause within a second.
            dev.labconsole.aws.Poll.pause(sleeper, interval, () -> {
                checkCancelled.run();
                return false;
            });
        }
    }

    private void publishEvents(StepId step, LabListener listener, Observation look, Baseline baseline,
            Set<String> seen, Instant start) {
        List<ServiceEvent> oldestFirst = new ArrayList<>(ServiceDiagnosis.events(look.service()));
        Collections.reverse(oldestFirst);
        Instant oldNews = start.minus(EVENT_SLACK);
        for (ServiceEvent event : oldestFirst) {
            if (!seen.add(event.id())) {
                continue;
            }
            boolean earlierRun = baseline.events.contains(event.id()) && event.at() != null
                    && event.at().isBefore(oldNews);
            if (!earlierRun) {
                listener.onEvent(LabEvent.of(step, LabEvent.Kind.PROGRESS, "ECS: " + event.message(),
                        event.at() == null ? clock.instant() : event.at(), event));
            }
        }
    }

    /** The newest stopped tasks' finding when the last {@code sameReasonLimit} all stopped for one error. */
    private Optional<Finding> repeatedStop(Observation fresh) {
        List<Finding> newest = new ArrayList<>();
        for (Task task : ServiceDiagnosis.newestFirst(fresh.stoppedTasks())) {
            Optional<Finding> finding = ServiceDiagnosis.fromTask(task);
            if (finding.isEmpty()) {
                continue;
            }
            newest.add(finding.get());
            if (newest.size() == sameReasonLimit) {
                break;
            }
        }
        if (newest.size() < sameReasonLimit
                || newest.stream().anyMatch(f -> f.severity() != ServiceDiagnosis.Severity.ERROR
                        || f.cause() != newest.get(0).cause())) {
            return Optional.empty();
        }
        return Optional.of(ServiceDiagnosis.merge(newest).get(0));
    }

    /**
     * What the first look already saw: stopped tasks, failed deployments and events from before this
     * wait, which say nothing about the deployment it waits for.
     */
    private record Baseline(Set<String> tasks, Set<String> failedDeployments, Set<String> events) {

        static Baseline of(Observation first) {
            Set<String> tasks = new HashSet<>();
            first.stoppedTasks().forEach(t -> tasks.add(t.taskArn()));
            Set<String> failed = new HashSet<>();
            first.service().deployments().stream().filter(d -> "FAILED".equals(d.rolloutStateAsString()))
                    .forEach(d -> failed.add(d.id()));
            Set<String> events = new HashSet<>();
            ServiceDiagnosis.events(first.service()).forEach(e -> events.add(e.id()));
            return new Baseline(tasks, failed, events);
        }

        Observation without(Observation look) {
            List<Deployment> deployments = look.service().deployments().stream()
                    .filter(d -> !("FAILED".equals(d.rolloutStateAsString()) && failedDeployments.contains(d.id())))
                    .toList();
            List<software.amazon.awssdk.services.ecs.model.ServiceEvent> newEvents = look.service().events().stream()
                    .filter(e -> !events.contains(ServiceDiagnosis.eventId(e))).toList();
            return new Observation(look.service().toBuilder().deployments(deployments).events(newEvents).build(),
                    look.stoppedTasks().stream().filter(t -> !tasks.contains(t.taskArn())).toList(), look.targets());
        }
    }
}
