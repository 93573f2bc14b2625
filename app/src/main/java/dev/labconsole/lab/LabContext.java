package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.Poll;
import dev.labconsole.aws.Retry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every step works with: the lab's settings, the AWS clients, the lab's state, the event
 * listener, and the run's cancellation flag.
 */
public final class LabContext {

    /** The tag every taggable resource of a lab carries, with the lab's name as value. */
    public static final String LAB_TAG = "labconsole:lab";

    private final LabConfig config;
    private final AwsClients aws;
    private final LabState state;
    private final LabListener listener;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final java.util.Map<StepId, java.util.concurrent.atomic.AtomicInteger> resourceEvents =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Retry retry;
    private final Duration waitTimeout;
    private final ImageSupport images;
    private final Poll poll;
    private volatile Phase phase;
    private volatile Identity identity;

    public LabContext(LabConfig config, AwsClients aws, LabState state, LabListener listener, Retry retry,
            Duration waitTimeout) {
        this(config, aws, state, listener, retry, waitTimeout, ImageSupport.standard());
    }

    public LabContext(LabConfig config, AwsClients aws, LabState state, LabListener listener, Retry retry,
            Duration waitTimeout, ImageSupport images) {
        this(config, aws, state, listener, retry, waitTimeout, images, Poll.standard(() -> false));
    }

    /** With {@code poll} for the steps' waits (tests give one with their own clock and sleeper). */
    public LabContext(LabConfig config, AwsClients aws, LabState state, LabListener listener, Retry retry,
            Duration waitTimeout, ImageSupport images, Poll poll) {
        this.images = images;
        // Waits stop with the run too, within a second of the cancel.
        this.poll = poll.cancelledWhen(this::cancelled);
        this.config = config;
        this.aws = aws;
        this.state = state;
        this.listener = listener;
        // Retries stop with the run: cancelling this context must end a backoff that is under way.
        this.retry = retry.cancelledWhen(cancelled::get);
        this.waitTimeout = waitTimeout;
    }

    public LabConfig config() {
        return config;
    }

    public AwsClients aws() {
        return aws;
    }

    public LabState state() {
        return state;
    }

    /** Retries for eventual consistency and draining dependencies; stops when the run is cancelled. */
    public Retry retry() {
        return retry;
    }

    /** Waits for AWS (a resource available, deleted, inactive); stops within a second of a cancel. */
    public Poll poll() {
        return poll;
    }

    /** Who the credentials are, once the identity step ran in this context; else null. */
    public Identity identity() {
        return identity;
    }

    /** Records who the credentials are (the identity step). */
    public void identity(Identity who) {
        this.identity = who;
    }

    /** The run under way (its events carry it), or null outside a run. */
    public Phase phase() {
        return phase;
    }

    /** A new run starts: an earlier run's cancel no longer applies. */
    void beginRun(Phase runPhase) {
        cancelled.set(false);
        phase = runPhase;
    }

    void endRun() {
        phase = null;
    }

    /** The longest a waiter may wait for one resource (NAT gateway, load balancer, service). */
    public Duration waitTimeout() {
        return waitTimeout;
    }

    /** How the service's image is built and where practice mode pushes it. */
    public ImageSupport images() {
        return images;
    }

    /** Whether the calls go to an emulator (no containers run there; DNS names do not resolve). */
    public boolean emulated() {
        return aws.target().emulated();
    }

    public String region() {
        return aws.region().id();
    }

    /** The lab's resource name for {@code suffix}: {@code <lab>-<suffix>}. */
    public String name(String suffix) {
        return config.lab() + "-" + suffix;
    }

    /** The tags every resource carries: Name and {@code labconsole:lab}. */
    public Map<String, String> tags(String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", name);
        tags.put(LAB_TAG, config.lab());
        return tags;
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean cancelled() {
        return cancelled.get();
    }

    /** Throws when the run was cancelled; steps call it between AWS calls. */
    public void checkCancelled() {
        if (cancelled.get() || Thread.currentThread().isInterrupted()) {
            throw new Retry.CancelledException();
        }
    }

    public void publish(LabEvent event) {
        Phase running = phase;
        listener.onEvent(running != null && event.phase() == null ? event.inPhase(running) : event);
    }

    /** "Waiting for the NAT gateway to become available, usually 1-2 minutes". */
    public void waiting(StepId step, String message) {
        publish(LabEvent.of(step, LabEvent.Kind.WAITING, message));
    }

    public void progress(StepId step, String message) {
        publish(LabEvent.of(step, LabEvent.Kind.PROGRESS, message));
    }

    public void warn(StepId step, String message) {
        publish(LabEvent.of(step, LabEvent.Kind.WARNING, message));
    }

    /** A resource was created, adopted or deleted ("created vpc-0abc (sentiment-app-vpc)"). */
    public void resource(StepId step, String message) {
        resourceEvents.computeIfAbsent(step, s -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        publish(LabEvent.of(step, LabEvent.Kind.RESOURCE, message));
    }

    /** How many resources {@code step} has created, adopted or deleted through this context so far. */
    int resourceEvents(StepId step) {
        java.util.concurrent.atomic.AtomicInteger count = resourceEvents.get(step);
        return count == null ? 0 : count.get();
    }
}
