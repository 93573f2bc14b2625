package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.Retry;
import dev.labconsole.image.ImageException;
import dev.labconsole.lab.steps.ImageStep;
import dev.labconsole.lab.steps.LabSteps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a lab's steps: plan, apply, check, status, destroy. The command line and the window both use
 * it and only listen to the {@link LabEvent}s it publishes. One engine serves one lab in one account
 * and region. Apply and destroy are runs ({@link #start}): one at a time, in the background, with a
 * cancel that reaches every wait; the other methods block and are meant for a background thread.
 */
public final class LabEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabEngine.class);

    private final Map<StepId, Step> steps;
    private final LabContext context;
    private final LabStateStore store;
    private final ExecutorService pool;
    // Runs go one at a time on their own thread: the steps' pool is theirs alone.
    private final ExecutorService runs;
    private final java.util.concurrent.atomic.AtomicReference<LabRun> current =
            new java.util.concurrent.atomic.AtomicReference<>();
    private boolean identified;
    private InputCheck inputs;
    private AwsClients ownedClients;

    public LabEngine(Map<StepId, Step> steps, LabContext context, LabStateStore store) {
        this.steps = new EnumMap<>(steps);
        this.context = context;
        this.store = store;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(6, r -> {
            Thread t = new Thread(r, "lab-step-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.runs = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lab-run");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * An engine for {@code config} (validated here, before any AWS call) using {@code aws}, saving its
     * state in {@code store}, publishing to {@code listener}.
     */
    public static LabEngine open(LabConfig config, AwsClients aws, LabStateStore store, LabListener listener) {
        return open(config, aws, store, listener, ImageSupport.standard());
    }

    /** {@link #open} with how the service's image is built and, in practice mode, where it is pushed. */
    public static LabEngine open(LabConfig config, AwsClients aws, LabStateStore store, LabListener listener,
            ImageSupport images) {
        config.validate();
        LabState state = store.open(config.lab());
        Duration waitTimeout = aws.target().emulated() ? Duration.ofMinutes(2) : Duration.ofMinutes(15);
        LabContext context = new LabContext(config, aws, state, listener,
                Retry.standard(aws.target().emulated() ? Duration.ofSeconds(30) : Duration.ofMinutes(10), () -> false),
                waitTimeout, images);
        return new LabEngine(LabSteps.all(), context, store);
    }

    /** {@link #open} with clients for {@code connection}; the engine closes them when it closes. */
    public static LabEngine connect(LabConfig config, Connection connection, LabStateStore store,
            LabListener listener) {
        return connect(config, connection, store, listener,
                ImageSupport.standard().withPracticeRegistry(connection.practiceRegistry()));
    }

    /** {@link #connect} with its own way of building the service's image. */
    public static LabEngine connect(LabConfig config, Connection connection, LabStateStore store,
            LabListener listener, ImageSupport images) {
        config.validate();
        AwsClients aws = connection.clients();
        LabEngine engine = open(config, aws, store, listener, images);
        engine.ownedClients = aws;
        return engine;
    }

    public LabContext context() {
        return context;
    }

    public LabState state() {
        return context.state();
    }

    /** Every step with what apply would do, its CLI equivalent and its hourly cost. */
    public List<PlannedStep> plan() {
        // Plan writes nothing: it works on a copy of the state, identified and cleaned up like the real one.
        LabContext readOnly = readOnlyContext(null);
        steps.get(StepId.IDENTITY).apply(readOnly);
        reconcile(readOnly);
        Set<StepId> leftAsBuilt = adoptHandBuilt(readOnly);
        List<PlannedStep> plan = new ArrayList<>();
        for (Step step : steps.values()) {
            PlanAction action;
            try {
                action = leftAsBuilt.contains(step.id()) ? PlanAction.ADOPT : step.plan(readOnly);
            } catch (RuntimeException e) {
                throw AwsErrors.explain("planning '" + step.id().title() + "'", e);
            }
            plan.add(new PlannedStep(step.id(), action, step.cliEquivalent(readOnly),
                    step.plannedHourlyUsd(context.config())));
        }
        return plan;
    }

    /**
     * Starts a run in the background: {@link Phase#APPLY} creates or adopts {@code targets} and everything
     * they need; {@link Phase#DESTROY} deletes them and everything that needs them, in reverse order, best
     * effort. Empty {@code targets} means the whole lab. Its events carry the phase.
     *
     * @throws RunInProgressException while another run of this engine has not ended
     */
    public LabRun start(Phase phase, Set<StepId> targets) {
        return start(phase, targets, false);
    }

    /**
     * {@link #start} where a destroy also deletes what {@code apply} adopted when {@code includeAdopted}
     * (otherwise that stays, listed in {@link RunResult#keptAdopted()}).
     */
    public LabRun start(Phase phase, Set<StepId> targets, boolean includeAdopted) {
        java.util.concurrent.CompletableFuture<RunResult> result = new java.util.concurrent.CompletableFuture<>();
        LabRun run = claim(phase, targets, result);
        runs.execute(() -> {
            RunResult outcome = null;
            Throwable failure = null;
            try {
                outcome = phase == Phase.APPLY ? applyNow(targets) : destroyNow(targets, includeAdopted);
            } catch (Throwable t) {
                failure = t;
            }
            // The phase is cleared before the run counts as ended, so a run started from its end is clean.
            context.endRun();
            if (failure == null) {
                result.complete(outcome);
            } else {
                result.completeExceptionally(failure);
            }
        });
        return run;
    }

    /**
     * Makes {@code phase} on {@code targets} this engine's run, ended when {@code result} completes: a cancel of
     * an earlier run no longer applies to it.
     *
     * @throws RunInProgressException while another run of this engine has not ended
     */
    private synchronized LabRun claim(Phase phase, Set<StepId> targets,
            java.util.concurrent.CompletableFuture<RunResult> result) {
        LabRun running = current.get();
        if (running != null && !running.done()) {
            throw new RunInProgressException(running);
        }
        LabRun run = new LabRun(phase, targets, result, context::cancel);
        context.beginRun(phase);
        current.set(run);
        return run;
    }

    /** The run going on now, if any. */
    public Optional<LabRun> currentRun() {
        return Optional.ofNullable(current.get()).filter(run -> !run.done());
    }

    /** Creates or adopts every step; blocks until done. */
    public RunResult apply() {
        return apply(Set.of());
    }

    /** Creates or adopts {@code targets} and everything they need; blocks until done. */
    public RunResult apply(Set<StepId> targets) {
        return start(Phase.APPLY, targets).await();
    }

    private RunResult applyNow(Set<StepId> targets) {
        Set<StepId> closure = withDependencies(targets.isEmpty() ? steps.keySet() : targets);
        requireUsableInputs(closure);
        Set<StepId> leftAsBuilt = java.util.concurrent.ConcurrentHashMap.newKeySet();
        // Every step needs the identity step first: it checks the state against the account and adopts
        // what the student built before any other step runs.
        Map<StepId, StepOutcome> outcomes = StepGraph.forward(closure, pool, id -> run(id, Phase.APPLY, () -> {
            if (id == StepId.IDENTITY) {
                steps.get(id).apply(context);
                reconcileOnce();
                if (state().get(ResourceKey.CREATED_AT).isEmpty()) {
                    state().put(ResourceKey.CREATED_AT, Instant.now().toString());
                }
                leftAsBuilt.addAll(adoptHandBuilt(context));
            } else if (leftAsBuilt.contains(id)) {
                context.resource(id, "adopted what you built: " + ResourceKeys.madeBy(id).stream()
                        .map(key -> state().get(key).orElse("?")).toList());
            } else {
                steps.get(id).apply(context);
            }
            return null;
        }), this::skipped);
        return new RunResult(outcomes, List.of());
    }

    /**
     * Checks the values apply would use that the settings' text cannot show to be usable (the model:
     * loaded and test-run as {@code predict} does). Makes no AWS call; runs once per engine.
     */
    public synchronized InputCheck checkInputs() {
        if (inputs == null) {
            inputs = LabInputs.check(context.config());
        }
        return inputs;
    }

    // Before the first AWS call of an apply that uploads the model: a bad one creates nothing.
    private void requireUsableInputs(Set<StepId> closure) {
        if (closure.contains(StepId.MODEL_UPLOAD)) {
            InputCheck check = checkInputs();
            if (!check.ok()) {
                throw new LabInputException(check);
            }
        }
    }

    /** Says why a step never started: a step it needs did not finish. */
    private void skipped(StepOutcome skip) {
        context.publish(LabEvent.of(skip.step(), LabEvent.Kind.SKIPPED, skip.message()));
    }

    /** The lab's requirements for {@code targets} (all steps when empty), for whatever exists now. */
    public List<Requirement> check(Set<StepId> targets) {
        return inspect(targets, LabSelection.none()).requirements();
    }

    /**
     * {@code check}: finds the lab by what exists ({@link LabDiscovery}, names only break ties) and judges
     * it ({@link LabRequirements}); steps that discovery does not cover (identity, endpoint test) verify
     * themselves. Writes nothing: not to AWS, not to the state file.
     */
    public LabCheck inspect(Set<StepId> targets, LabSelection selection) {
        Set<StepId> selected = targets.isEmpty() ? steps.keySet() : targets;
        // First a bounded call: an endpoint that never answers is reported in seconds, before discovery's many calls.
        dev.labconsole.lab.steps.IdentityStep.callerIdentity(context);
        FoundLab found = null;
        List<Requirement> judged = List.of();
        if (selected.stream().anyMatch(LabRequirements.STEPS::contains)) {
            try {
                found = LabDiscovery.discover(context.aws(), context.config().lab(), selection);
            } catch (AwsProblem problem) {
                throw problem;
            } catch (RuntimeException e) {
                throw AwsErrors.explain("finding the lab's resources", e);
            }
            judged = LabRequirements.of(found, context.config());
        }
        LabContext readOnly = readOnlyContext(found);
        List<Requirement> requirements = new ArrayList<>();
        for (Step step : steps.values()) {
            if (!selected.contains(step.id())) {
                continue;
            }
            if (LabRequirements.STEPS.contains(step.id())) {
                judged.stream().filter(r -> r.step() == step.id()).forEach(requirements::add);
                continue;
            }
            try {
                requirements.addAll(step.verify(readOnly));
            } catch (RuntimeException e) {
                AwsProblem problem = AwsErrors.explain("checking '" + step.id().title() + "'", e);
                requirements.add(Requirement.unmet(step.id(), step.id().title() + " can be checked",
                        problem.getMessage()));
            }
        }
        return new LabCheck(found, requirements);
    }

    /**
     * A context whose state is a detached copy (seeded with what {@code found} holds), so that steps
     * that record what they see while checking or planning write nothing to the state file.
     */
    private LabContext readOnlyContext(FoundLab found) {
        LabState copy = state().detachedCopy();
        if (found != null) {
            found.ids().forEach((key, id) -> {
                if (copy.get(key).isEmpty()) {
                    copy.put(key, id);
                }
            });
        }
        return new LabContext(context.config(), context.aws(), copy, context::publish, context.retry(),
                context.waitTimeout());
    }

    /**
     * Everything of the lab that exists now, with its hourly cost.
     *
     * @throws AwsProblem when a lookup failed: what it would have found is unknown, not absent
     */
    public List<LabResource> inventory() {
        LabInventory survey = survey();
        if (!survey.complete()) {
            LabInventory.Unknown first = survey.unknown().get(0);
            throw new AwsProblem(first.toString(), null, null);
        }
        return survey.found();
    }

    /**
     * Everything of the lab that exists now, and each lookup that failed as "unknown" with why: every
     * step's own lookup, then a sweep by the lab's tag that confirms them.
     */
    public LabInventory survey() {
        List<LabResource> found = new ArrayList<>();
        List<LabInventory.Unknown> unknown = new ArrayList<>();
        for (Step step : steps.values()) {
            if (step.id() == StepId.IDENTITY || step.id() == StepId.ENDPOINT_TEST) {
                continue;
            }
            try {
                found.addAll(step.inventory(context));
            } catch (RuntimeException e) {
                unknown.add(new LabInventory.Unknown(step.id(), "the resources of '" + step.id().title() + "'",
                        AwsErrors.explain("listing the resources of '" + step.id().title() + "'", e).getMessage()));
            }
        }
        try {
            found.addAll(additions());
        } catch (RuntimeException e) {
            unknown.add(new LabInventory.Unknown(StepId.SERVICE, "the lab's alarms and autoscaling", e.getMessage()));
        }
        TagSweep.sweep(context.aws(), context.config().lab(), found, unknown);
        return new LabInventory(found, unknown);
    }

    /**
     * What was added to the lab beyond its steps (the alarms, the service's autoscaling): listed with the
     * service, since they watch it. A failed lookup is an AWS problem like any step's.
     */
    private List<LabResource> additions() {
        List<LabResource> found = new ArrayList<>();
        try {
            for (var alarm : alarms().states()) {
                found.add(new LabResource(StepId.SERVICE, "CloudWatch alarm", alarm.name(), alarm.name(),
                        alarm.state(), dev.labconsole.lab.monitor.LabAlarms.HOURLY_USD));
            }
            scaling().read(scaledService()).ifPresent(s -> found.add(new LabResource(StepId.SERVICE,
                    "autoscaling target", s.policyName(),
                    dev.labconsole.lab.scale.ServiceScaling.resourceId(scaledService()),
                    s.minTasks() + "-" + s.maxTasks() + " tasks", 0)));
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "AccessDenied", "AccessDeniedException")) {
                // Credentials that may not read alarms or autoscaling (some AWS Academy roles) could not have
                // made them either: the lab has none, and the steps' own lookups still decide what is left.
                LOG.debug("cannot read alarms or autoscaling", e);
                return found;
            }
            throw AwsErrors.explain("listing the lab's alarms and autoscaling", e);
        }
        return found;
    }

    /** Deletes the alarms and the autoscaling before the service they watch; what fails is listed as left. */
    private void removeAdditions() {
        try {
            int alarms = alarms().delete();
            boolean scaled = scaling().remove(scaledService());
            if (alarms > 0 || scaled) {
                context.resource(StepId.SERVICE, "deleted " + (alarms > 0 ? alarms + " alarm(s)" : "")
                        + (alarms > 0 && scaled ? " and " : "") + (scaled ? "the service's autoscaling" : ""));
            }
        } catch (RuntimeException e) {
            context.warn(StepId.SERVICE, "could not delete the lab's alarms or autoscaling: "
                    + AwsErrors.explain("deleting them", e).getMessage());
        }
    }


    /**
     * Why the lab's ECS service is or is not healthy now: its tasks, its deployment's rollout, what ECS
     * and the load balancer say, as findings with what to do. Empty when the lab has no service.
     */
    public Optional<ServiceDiagnosis.Diagnosis> diagnoseService() {
        try {
            return ServiceDiagnosis.observe(context.aws().ecs(), context.aws().elb(), state())
                    .map(ServiceDiagnosis::diagnose);
        } catch (RuntimeException e) {
            throw AwsErrors.explain("reading the ECS service's health", e);
        }
    }

    /** Follow loops of this engine's logs (see {@link LabLogs}), so that one call stops them all. */
    private final Set<LabLogs> followers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger liveTailSessions = new AtomicInteger();

    Set<LabLogs> followers() {
        return followers;
    }

    AtomicInteger liveTailSessions() {
        return liveTailSessions;
    }

    /**
     * Stops following the lab's logs: the Logs page calls it when it is hidden, since Live Tail bills
     * per minute on AWS while nobody looks.
     */
    public void stopFollowingLogs() {
        followers.forEach(LabLogs::stopFollowing);
    }

    /**
     * The lab's cost per hour now (with Live Tail sessions open now, at {@link Pricing#LIVE_TAIL_PER_MINUTE})
     * and accrued since it was first created.
     */
    public Cost cost(List<LabResource> inventory) {
        double hourly = inventory.stream().mapToDouble(LabResource::hourlyUsd).sum()
                + liveTailSessions.get() * Pricing.LIVE_TAIL_PER_MINUTE * 60;
        double hours = state().createdAt().map(t -> Duration.between(t, Instant.now()).toSeconds() / 3600.0).orElse(0.0);
        return new Cost(hourly, hourly * hours, hours);
    }

    /**
     * Tears everything down in reverse order, best effort, then lists what is left. With
     * {@code keepBucket} in the settings the bucket and model stay. Deletes the state file when
     * nothing is left.
     */
    public RunResult destroy() {
        return destroy(false);
    }

    /**
     * Tears down what the lab created, in reverse order, best effort, then lists what is left. What
     * {@code apply} adopted (the student's own resources) stays unless {@code includeAdopted}: it is
     * then forgotten, and listed in {@link RunResult#keptAdopted()}. With {@code keepBucket} in the
     * settings the bucket and model stay. Deletes the state file when nothing is left.
     */
    public RunResult destroy(boolean includeAdopted) {
        return start(Phase.DESTROY, Set.of(), includeAdopted).await();
    }

    private RunResult destroyNow(Set<StepId> targets, boolean includeAdopted) {
        identify();
        List<LabResource> kept = new ArrayList<>();
        if (includeAdopted) {
            // Roles cost nothing, and the account's own (AWS Academy's LabRole, an ecsTaskExecutionRole) serve
            // other work too: the student's roles stay even when they confirm deleting what they built.
            state().adopted().forEach((key, id) -> {
                if (key == ResourceKey.TASK_ROLE || key == ResourceKey.EXECUTION_ROLE) {
                    kept.add(new LabResource(ResourceKeys.step(key), ResourceKeys.kind(key), null, id,
                            "adopted; roles are kept (they cost nothing and may serve other work)", 0));
                    state().remove(key);
                }
            });
        }
        // Kept out of the steps' reach while they delete, then recorded again: a later destroy --include-adopted
        // still knows them, and the state file stays while they exist.
        Map<ResourceKey, String> keptRecords = includeAdopted ? Map.of() : state().adopted();
        if (!includeAdopted) {
            keptRecords.forEach((key, id) -> {
                kept.add(new LabResource(ResourceKeys.step(key), ResourceKeys.kind(key), null, id, "adopted",
                        keptHourlyUsd(key)));
                state().remove(key);
            });
            if (!kept.isEmpty()) {
                double billing = kept.stream().mapToDouble(LabResource::hourlyUsd).sum();
                context.warn(StepId.IDENTITY, "keeping " + kept.size() + " resource(s) you built yourself and apply"
                        + " adopted: " + kept.stream().map(LabResource::id).toList()
                        + (billing > 0 ? String.format(java.util.Locale.ROOT, ", which still bill $%.3f/h", billing) : "")
                        + "; to delete them too, confirm with --include-adopted");
            }
        }
        Map<ResourceKey, String> adoptedToDelete = includeAdopted ? state().adopted() : Map.of();
        Set<StepId> all = targets.isEmpty() ? EnumSet.copyOf(steps.keySet()) : withDependents(targets);
        all.remove(StepId.IDENTITY);
        if (all.contains(StepId.SERVICE)) {
            removeAdditions();
        }
        Map<StepId, StepOutcome> outcomes = StepGraph.reverse(all, pool, id -> run(id, Phase.DESTROY, () -> {
            steps.get(id).destroy(context);
            return null;
        }));
        keptRecords.forEach((key, id) -> state().adopt(key, id));
        LabInventory survey = survey();
        List<LabResource> left = new ArrayList<>(survey.found());
        List<LabInventory.Unknown> unknown = new ArrayList<>(survey.unknown());
        // A partial destroy answers for its own steps only.
        left.removeIf(r -> !all.contains(r.step()));
        unknown.removeIf(u -> !all.contains(u.step()));
        // The inventory goes by the lab's tag, which adopted resources never carry: look them up one by one.
        ResourceProbe probe = new ResourceProbe(context.aws());
        adoptedToDelete.forEach((key, id) -> {
            try {
                if (probe.probe(key, id, adoptedToDelete).map(ResourceProbe.Probe::exists).orElse(false)) {
                    left.add(new LabResource(ResourceKeys.step(key), ResourceKeys.kind(key), null, id,
                            "adopted, still there", 0));
                }
            } catch (RuntimeException e) {
                unknown.add(new LabInventory.Unknown(ResourceKeys.step(key), ResourceKeys.kind(key) + " " + id,
                        AwsErrors.explain("looking up " + ResourceKeys.kind(key) + " " + id, e).getMessage()));
            }
        });
        if (context.config().keepBucket()) {
            left.removeIf(r -> r.step() == StepId.BUCKET || r.step() == StepId.MODEL_UPLOAD);
            unknown.removeIf(u -> u.step() == StepId.BUCKET || u.step() == StepId.MODEL_UPLOAD);
        }
        // The state file is the way back to what is left: kept unless every lookup said nothing is.
        if (left.isEmpty() && unknown.isEmpty() && keptRecords.isEmpty() && !context.config().keepBucket()
                && targets.isEmpty()) {
            store.delete(context.config().lab());
        }
        return new RunResult(outcomes, left, kept, unknown);
    }

    /** What a resource the student built and destroy keeps goes on costing per hour (list prices, us-east-1). */
    private double keptHourlyUsd(ResourceKey key) {
        return switch (key) {
            case NAT_GATEWAY -> Pricing.NAT_GATEWAY;
            case ELASTIC_IP -> Pricing.PUBLIC_IPV4;
            case LOAD_BALANCER -> Pricing.LOAD_BALANCER + 2 * Pricing.PUBLIC_IPV4;
            case SERVICE -> context.config().desiredCount()
                    * Pricing.fargateTask(context.config().cpu(), context.config().memoryMiB());
            default -> 0;
        };
    }

    /**
     * Builds the model server's image and pushes it to the lab's repository now, even when one is there
     * (the Registry page's Build and push). In practice mode without a local registry the image is
     * written to {@code archive} instead. Records the digest, so the next Create registers it.
     *
     * @param layers typed progress per layer, called from the build's threads
     */
    public PushedImage pushImage(java.nio.file.Path archive, java.util.function.Consumer<LayerProgress> layers) {
        java.util.concurrent.CompletableFuture<RunResult> result = new java.util.concurrent.CompletableFuture<>();
        // A run of its own: no other run starts meanwhile (it may build or deploy the same image), cancel()
        // reaches it, and a cancel of an earlier run does not stop it before it starts.
        claim(Phase.APPLY, Set.of(StepId.IMAGE), result);
        StepOutcome outcome = null;
        try {
            identify();
            PushedImage[] pushed = new PushedImage[1];
            outcome = run(StepId.IMAGE, Phase.APPLY, () -> {
                pushed[0] = new ImageStep().push(context, archive, layers);
                return null;
            });
            if (!outcome.ok()) {
                throw new AwsProblem(outcome.message(), null, null);
            }
            return pushed[0];
        } finally {
            context.endRun();
            result.complete(new RunResult(outcome == null ? Map.of() : Map.of(StepId.IMAGE, outcome), List.of(),
                    List.of()));
        }
    }

    /** Stops the run going on, if any: see {@link LabRun#cancel()}. */
    public void cancel() {
        context.cancel();
    }

    /** The resources the lab's metrics and alarms are about, as recorded now. */
    public dev.labconsole.lab.monitor.LabMetrics.Resources monitored() {
        return new dev.labconsole.lab.monitor.LabMetrics.Resources(state().get(ResourceKey.LOAD_BALANCER).orElse(null),
                state().get(ResourceKey.TARGET_GROUP).orElse(null), state().get(ResourceKey.CLUSTER).orElse(null),
                state().get(ResourceKey.SERVICE).orElse(null));
    }

    /** The lab's CloudWatch metrics (section 6); one instance per page, it keeps the last minute's answer. */
    public dev.labconsole.lab.monitor.LabMetrics metrics(java.time.Clock clock) {
        return new dev.labconsole.lab.monitor.LabMetrics(context.aws(), monitored(), clock);
    }

    /** The lab's CloudWatch alarms (section 6). */
    public dev.labconsole.lab.monitor.LabAlarms alarms() {
        return new dev.labconsole.lab.monitor.LabAlarms(context.aws(), context.config().lab());
    }

    /** The service's autoscaling; its cost per task is the lab's task size. */
    public dev.labconsole.lab.scale.ServiceScaling scaling() {
        return new dev.labconsole.lab.scale.ServiceScaling(context.aws(), context.config().lab(),
                Pricing.fargateTask(context.config().cpu(), context.config().memoryMiB()));
    }

    /** The lab's service as recorded, for autoscaling. */
    public dev.labconsole.lab.scale.ServiceScaling.Service scaledService() {
        return new dev.labconsole.lab.scale.ServiceScaling.Service(state().get(ResourceKey.CLUSTER).orElse(null),
                state().get(ResourceKey.SERVICE).orElse(null), state().get(ResourceKey.LOAD_BALANCER).orElse(null),
                state().get(ResourceKey.TARGET_GROUP).orElse(null));
    }

    /** Model versions for the lab's service: where they live (the recorded bucket and model name). */
    public dev.labconsole.lab.scale.ModelRollout rollout() {
        String uri = state().get(ResourceKey.MODEL_URI).orElse("");
        // s3://<bucket>/models/<name>/ or, after a rollout, s3://<bucket>/models/<name>/<version>/
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("s3://[^/]+/models/([^/]+)/.*").matcher(uri);
        return new dev.labconsole.lab.scale.ModelRollout(context.aws(), new dev.labconsole.lab.scale.ModelRollout.Target(
                state().get(ResourceKey.CLUSTER).orElse(null), state().get(ResourceKey.SERVICE).orElse(null),
                state().get(ResourceKey.BUCKET).orElse(null), m.matches() ? m.group(1) : "sentiment",
                context.config().lab()));
    }

    /** Rolls {@code version} out and records the new revision and model, so a later apply keeps them. */
    public dev.labconsole.lab.scale.ModelRollout.Move rollOut(String version) {
        identify();
        return recorded(rollout().rollOut(version));
    }

    /** Rolls back to the previous revision and records it. */
    public dev.labconsole.lab.scale.ModelRollout.Move rollBack() {
        identify();
        return recorded(rollout().rollBack());
    }

    private dev.labconsole.lab.scale.ModelRollout.Move recorded(dev.labconsole.lab.scale.ModelRollout.Move move) {
        state().put(ResourceKey.TASK_DEFINITION, move.toTaskDefinition());
        if (!move.modelUri().isEmpty()) {
            state().put(ResourceKey.MODEL_URI, move.modelUri());
        }
        return move;
    }

    /** The lab's section 1 (account safety and budget) on the account the clients reach. */
    public dev.labconsole.lab.account.AccountReview accountReview() {
        return new dev.labconsole.lab.account.AccountReview(context.aws());
    }

    /** Who the credentials are (runs the identity step first if it has not run in this engine). */
    public Identity identity() {
        identify();
        Identity who = context.identity();
        if (who == null) {
            throw new IllegalStateException("the identity step ran but recorded no identity");
        }
        return who;
    }

    /** The account the clients reach, without recording anything (for commands that only read). */
    public String account() {
        try {
            return context.aws().sts().getCallerIdentity().account();
        } catch (RuntimeException e) {
            throw AwsErrors.explain("finding out who you are", e);
        }
    }

    /** Runs the identity step (who am I, which account) if it has not run in this engine yet. */
    public synchronized void identify() {
        if (!identified) {
            StepOutcome outcome = run(StepId.IDENTITY, Phase.APPLY, () -> {
                steps.get(StepId.IDENTITY).apply(context);
                return null;
            });
            if (!outcome.ok()) {
                throw new AwsProblem(outcome.message(), null, null);
            }
            reconcileOnce();
        }
    }

    /** After the identity step: the state's ids checked against this account and endpoint, once per engine. */
    private synchronized void reconcileOnce() {
        if (!identified) {
            reconcile(context);
            identified = true;
        }
    }

    /**
     * Keeps only ids that belong here: a state recorded against another account, region or endpoint is
     * kept aside in the store (said as a warning) and the one kept for here, if any, comes back; recorded ids
     * that no longer exist are dropped with a note.
     */
    private void reconcile(LabContext ctx) {
        LabState state = ctx.state();
        String account = state.get(ResourceKey.ACCOUNT_ID).orElse(null);
        LabState.Where now = new LabState.Where(account, ctx.region(),
                ctx.aws().target().endpoint() == null ? null : ctx.aws().target().endpoint().toString());
        Optional<LabState.Where> recorded = state.where();
        if (recorded.isPresent() && !recorded.get().equals(now)) {
            // Connecting elsewhere (another region, account or emulator) must not forget a lab that still
            // exists, and bills, where it was built: its state waits aside until the student connects there.
            boolean live = ctx == context;
            String kept = live ? "kept in " + store.keepElsewhere(state.detachedCopy())
                    + " for when you connect there again"
                    : "not used here (a run keeps them aside for when you connect there again)";
            Optional<LabState> keptHere = store.keptFor(ctx.config().lab(), now);
            ctx.warn(StepId.IDENTITY, "the state file's ids belong to " + recorded.get().describe() + ", not "
                    + now.describe() + ": " + kept + "; " + (keptHere.isPresent()
                            ? "the state kept for " + now.describe() + " is used again"
                            : "the lab is found afresh from what exists here"));
            if (keptHere.isPresent()) {
                state.replaceWith(keptHere.get());
                if (live) {
                    store.forgetKept(ctx.config().lab(), now);
                }
            } else {
                state.clear();
                state.put(ResourceKey.ACCOUNT_ID, account);
            }
        }
        if (state.where().isEmpty() || state.where().get().equals(now)) {
            ResourceProbe probe = new ResourceProbe(ctx.aws());
            Map<ResourceKey, String> ids = state.ids();
            for (Map.Entry<ResourceKey, String> e : ids.entrySet()) {
                Optional<ResourceProbe.Probe> found = probe.probe(e.getKey(), e.getValue(), ids);
                if (found.isPresent() && !found.get().exists()) {
                    state.remove(e.getKey());
                    if (e.getKey() == ResourceKey.LOAD_BALANCER) {
                        state.remove(ResourceKey.LOAD_BALANCER_DNS);
                    }
                    ctx.warn(StepId.IDENTITY, "the recorded " + ResourceKeys.kind(e.getKey()) + " " + e.getValue()
                            + " no longer exists: dropped from the state");
                }
            }
        }
        if (!recorded.equals(Optional.of(now))) {
            state.where(now);
        }
    }

    /**
     * Before apply: what the student built by hand and discovery recognises is recorded as ADOPTED, so the
     * steps use it and create only what is missing. Only when the lab's recorded VPC (if any) is the one
     * found, only for a lab recognisable end to end (load balancer -> target group <- service) when a single
     * VPC fits, and never for what carries this lab's tag (that, Lab Console built).
     */
    /** What apply takes over from a network built by hand when nothing else of the lab is linked to it. */
    private static final Set<ResourceKey> NETWORK = EnumSet.of(ResourceKey.VPC, ResourceKey.PUBLIC_SUBNET_1,
            ResourceKey.PUBLIC_SUBNET_2, ResourceKey.PRIVATE_SUBNET_1, ResourceKey.PRIVATE_SUBNET_2,
            ResourceKey.INTERNET_GATEWAY, ResourceKey.PUBLIC_ROUTE_TABLE, ResourceKey.NAT_GATEWAY,
            ResourceKey.ELASTIC_IP, ResourceKey.PRIVATE_ROUTE_TABLE, ResourceKey.PRIVATE_ROUTE_TABLE_2);

    private Set<StepId> adoptHandBuilt(LabContext ctx) {
        FoundLab found;
        try {
            found = LabDiscovery.discover(ctx.aws(), ctx.config().lab(), LabSelection.none());
        } catch (RuntimeException e) {
            LOG.debug("discovery before apply failed; apply goes by names and tags only", e);
            return Set.of();
        }
        Optional<String> recordedVpc = ctx.state().get(ResourceKey.VPC);
        if (found.vpc() == null || recordedVpc.isPresent() && !recordedVpc.get().equals(found.vpc().id())) {
            return Set.of();
        }
        // A lab recognisable end to end is taken over whole. A network alone could be anyone's: it is taken over
        // only when it has the lab's shape (the student did the network by hand and leaves the rest to apply),
        // and then only the network, never a bucket or repository that merely looks like a model's.
        boolean networkOnly = recordedVpc.isEmpty() && !found.linked();
        ResourceProbe probe = new ResourceProbe(ctx.aws());
        Map<ResourceKey, String> ids = found.ids();
        if (networkOnly) {
            String owner = probe.probe(ResourceKey.VPC, found.vpc().id(), ids)
                    .map(p -> p.tags().get(LabContext.LAB_TAG)).orElse(null);
            if (owner != null) {
                return Set.of(); // Lab Console built it, for this lab (the steps find it by tag) or another
            }
            if (!found.hasLabNetwork()) {
                ctx.progress(StepId.IDENTITY, "VPC " + found.vpc().id() + " is not the lab's network (two public"
                        + " subnets routed to an internet gateway, two private ones to a NAT gateway, in two zones):"
                        + " apply builds the lab's own beside it");
                return Set.of();
            }
        }
        if (recordedVpc.isEmpty() && found.choices().stream().anyMatch(c -> c.startsWith("VPC:"))) {
            // Several VPCs could be the student's lab: taking one over unasked could build into the wrong one.
            ctx.warn(StepId.IDENTITY, "several VPCs in this account could be a lab built by hand, so apply adopts"
                    + " none of them and builds the lab's own; 'labconsole check' lists them");
            return Set.of();
        }
        List<String> adopted = new ArrayList<>();
        for (Map.Entry<ResourceKey, String> e : ids.entrySet()) {
            if (ctx.state().get(e.getKey()).isPresent() || e.getKey() == ResourceKey.LOAD_BALANCER_DNS
                    || networkOnly && !NETWORK.contains(e.getKey())) {
                continue;
            }
            Optional<ResourceProbe.Probe> seen = probe.probe(e.getKey(), e.getValue(), ids);
            boolean labs = seen.map(p -> ctx.config().lab().equals(p.tags().get(LabContext.LAB_TAG))).orElse(false);
            if (!labs) {
                ctx.state().adopt(e.getKey(), e.getValue());
                adopted.add(ResourceKeys.kind(e.getKey()) + " " + e.getValue());
            }
        }
        if (found.loadBalancer() != null && ctx.state().origin(ResourceKey.LOAD_BALANCER)
                .filter(o -> o == LabState.Origin.ADOPTED).isPresent()) {
            ctx.state().put(ResourceKey.LOAD_BALANCER_DNS, found.loadBalancer().dnsName());
        }
        if (!adopted.isEmpty()) {
            ctx.progress(StepId.IDENTITY, "adopting what you built: " + String.join(", ", adopted));
        }
        // A step whose resources are all the student's and meet the lab's requirements is left as built: its
        // apply would go by Lab Console's own names and build a second one beside it.
        List<Requirement> requirements = LabRequirements.of(found, ctx.config());
        Set<StepId> leftAsBuilt = EnumSet.noneOf(StepId.class);
        for (StepId step : LabRequirements.STEPS) {
            Set<ResourceKey> made = ResourceKeys.madeBy(step);
            boolean allAdopted = !made.isEmpty() && made.stream().allMatch(key -> ctx.state().origin(key)
                    .filter(o -> o == LabState.Origin.ADOPTED).isPresent());
            boolean fits = requirements.stream().filter(r -> r.step() == step).noneMatch(Requirement::fails);
            if (allAdopted && fits) {
                leftAsBuilt.add(step);
            }
        }
        return leftAsBuilt;
    }

    private StepOutcome run(StepId id, Phase phase, java.util.concurrent.Callable<Void> work) {
        boolean destroy = phase == Phase.DESTROY;
        if (context.cancelled()) {
            // Stopped before this step began: it did nothing, and its record stays as it was.
            String why = "the run was stopped before it started";
            context.publish(LabEvent.of(id, LabEvent.Kind.SKIPPED, why));
            return new StepOutcome(id, StepOutcome.Status.SKIPPED, why, Duration.ZERO);
        }
        Instant start = Instant.now();
        context.publish(LabEvent.of(id, LabEvent.Kind.STARTED, (destroy ? "deleting " : "") + id.title()));
        state().record(id, new StepRecord(StepRecord.Status.RUNNING, start, null, destroy ? "destroy" : null));
        int resourcesBefore = context.resourceEvents(id);
        try {
            context.checkCancelled();
            work.call();
            Duration elapsed = Duration.between(start, Instant.now());
            state().record(id, new StepRecord(destroy ? StepRecord.Status.DESTROYED : StepRecord.Status.DONE, start,
                    Instant.now(), null));
            // "ECS service deleted" would be untrue for a service that never existed.
            boolean deletedSomething = context.resourceEvents(id) > resourcesBefore;
            String done = !destroy ? id.title() + " done"
                    : deletedSomething ? id.title() + " deleted" : id.title() + ": nothing to delete";
            context.publish(LabEvent.of(id, LabEvent.Kind.DONE, done, elapsed));
            return new StepOutcome(id, StepOutcome.Status.DONE, "", elapsed);
        } catch (Exception e) {
            Duration elapsed = Duration.between(start, Instant.now());
            // An image failure is worded for the student already (which image, what to do).
            // A cancelled image build stops like a cancelled wait: the push is not done and the next run pushes.
            boolean stoppedHere = e instanceof Retry.CancelledException
                    || e instanceof ImageException image && image.kind() == ImageException.Kind.CANCELLED;
            String message = stoppedHere ? stopped(destroy)
                    : e instanceof ImageException ? e.getMessage()
                    : context.aws().explain((destroy ? "deleting '" : "doing '") + id.title() + "'", e).getMessage();
            LOG.debug("{} {} failed", phase, id, e);
            state().record(id, new StepRecord(StepRecord.Status.FAILED, start, Instant.now(), message));
            LabEvent.Payload payload = e instanceof ServiceNotHealthyException unhealthy ? unhealthy.diagnosis() : null;
            context.publish(new LabEvent(id, LabEvent.Kind.FAILED, message, Instant.now(), elapsed, payload));
            return new StepOutcome(id, stoppedHere ? StepOutcome.Status.STOPPED
                    : StepOutcome.Status.FAILED, message, elapsed);
        }
    }

    /** What a stopped step leaves behind, in the student's words. */
    static String stopped(boolean destroy) {
        return destroy ? "stopped: what was deleted is gone, the rest is still there (and still costs);"
                + " Destroy again deletes it"
                : "stopped: what this step created so far stays (and is recorded); Create carries on from there";
    }

    /** {@code targets} and every step that needs one of them, directly or not. */
    private Set<StepId> withDependents(Set<StepId> targets) {
        Set<StepId> closure = EnumSet.copyOf(targets);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (StepId s : steps.keySet()) {
                if (!closure.contains(s) && s.dependsOn().stream().anyMatch(closure::contains)) {
                    closure.add(s);
                    grew = true;
                }
            }
        }
        return closure;
    }

    private Set<StepId> withDependencies(Set<StepId> targets) {
        Set<StepId> closure = EnumSet.noneOf(StepId.class);
        List<StepId> todo = new ArrayList<>(targets);
        while (!todo.isEmpty()) {
            StepId s = todo.remove(todo.size() - 1);
            if (closure.add(s)) {
                todo.addAll(s.dependsOn());
            }
        }
        closure.retainAll(steps.keySet());
        return closure;
    }

    @Override
    public void close() {
        context.cancel();
        runs.shutdownNow();
        pool.shutdownNow();
        if (ownedClients != null) {
            ownedClients.close();
        }
    }

    /**
     * What the lab costs.
     *
     * @param hourlyUsd per hour now
     * @param accruedUsd since it was first created, at today's rate (an estimate)
     * @param hours hours since it was first created
     */
    public record Cost(double hourlyUsd, double accruedUsd, double hours) {
    }
}
