package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.Retry;
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
 * and region; its methods block and are meant for a background thread.
 */
public final class LabEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabEngine.class);

    private final Map<StepId, Step> steps;
    private final LabContext context;
    private final LabStateStore store;
    private final ExecutorService pool;
    private boolean identified;
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

    /** Creates or adopts every step. */
    public RunResult apply() {
        return apply(steps.keySet());
    }

    /** Creates or adopts {@code targets} and everything they need. */
    public RunResult apply(Set<StepId> targets) {
        Set<StepId> closure = withDependencies(targets);
        Set<StepId> leftAsBuilt = java.util.concurrent.ConcurrentHashMap.newKeySet();
        // Every step needs the identity step first: it checks the state against the account and adopts
        // what the student built before any other step runs.
        Map<StepId, StepOutcome> outcomes = StepGraph.forward(closure, pool, id -> run(id, "apply", () -> {
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
        }));
        return new RunResult(outcomes, List.of());
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
        TagSweep.sweep(context.aws(), context.config().lab(), found, unknown);
        return new LabInventory(found, unknown);
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
        identify();
        List<LabResource> kept = new ArrayList<>();
        if (!includeAdopted) {
            state().adopted().forEach((key, id) -> {
                kept.add(new LabResource(ResourceKeys.step(key), ResourceKeys.kind(key), null, id, "adopted", 0));
                state().remove(key);
            });
            if (!kept.isEmpty()) {
                context.warn(StepId.IDENTITY, "keeping " + kept.size() + " resource(s) you built yourself and apply"
                        + " adopted: " + kept.stream().map(LabResource::id).toList()
                        + "; to delete them too, confirm with --include-adopted");
            }
        }
        Map<ResourceKey, String> adoptedToDelete = includeAdopted ? state().adopted() : Map.of();
        Set<StepId> all = EnumSet.copyOf(steps.keySet());
        all.remove(StepId.IDENTITY);
        Map<StepId, StepOutcome> outcomes = StepGraph.reverse(all, pool, id -> run(id, "destroy", () -> {
            steps.get(id).destroy(context);
            return null;
        }));
        LabInventory survey = survey();
        List<LabResource> left = new ArrayList<>(survey.found());
        List<LabInventory.Unknown> unknown = new ArrayList<>(survey.unknown());
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
        if (left.isEmpty() && unknown.isEmpty() && !context.config().keepBucket()) {
            store.delete(context.config().lab());
        }
        return new RunResult(outcomes, left, kept, unknown);
    }

    /**
     * Builds the model server's image and pushes it to the lab's repository now, even when one is there
     * (the Registry page's Build and push). In practice mode without a local registry the image is
     * written to {@code archive} instead. Records the digest, so the next Create registers it.
     *
     * @param layers typed progress per layer, called from the build's threads
     */
    public PushedImage pushImage(java.nio.file.Path archive, java.util.function.Consumer<LayerProgress> layers) {
        identify();
        PushedImage[] pushed = new PushedImage[1];
        StepOutcome outcome = run(StepId.IMAGE, "apply", () -> {
            pushed[0] = new ImageStep().push(context, archive, layers);
            return null;
        });
        if (!outcome.ok()) {
            throw new AwsProblem(outcome.message(), null, null);
        }
        return pushed[0];
    }

    /** Asks running steps to stop at their next AWS call or wait. */
    public void cancel() {
        context.cancel();
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
            StepOutcome outcome = run(StepId.IDENTITY, "apply", () -> {
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
     * not used (said as a warning), and recorded ids that no longer exist are dropped with a note.
     */
    private void reconcile(LabContext ctx) {
        LabState state = ctx.state();
        String account = state.get(ResourceKey.ACCOUNT_ID).orElse(null);
        LabState.Where now = new LabState.Where(account, ctx.region(),
                ctx.aws().target().endpoint() == null ? null : ctx.aws().target().endpoint().toString());
        Optional<LabState.Where> recorded = state.where();
        if (recorded.isPresent() && !recorded.get().equals(now)) {
            ctx.warn(StepId.IDENTITY, "the state file's ids belong to " + recorded.get().describe() + ", not "
                    + now.describe() + ": not used; the lab is found afresh from what exists here");
            state.clear();
            state.put(ResourceKey.ACCOUNT_ID, account);
        } else {
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
        if (recordedVpc.isEmpty() && !found.linked()) {
            // A VPC with a network alone could be anyone's: only a lab recognisable end to end is taken over.
            return Set.of();
        }
        if (recordedVpc.isEmpty() && found.choices().stream().anyMatch(c -> c.startsWith("VPC:"))) {
            // Several VPCs could be the student's lab: taking one over unasked could build into the wrong one.
            ctx.warn(StepId.IDENTITY, "several VPCs in this account could be a lab built by hand, so apply adopts"
                    + " none of them and builds the lab's own; 'labconsole check' lists them");
            return Set.of();
        }
        ResourceProbe probe = new ResourceProbe(ctx.aws());
        Map<ResourceKey, String> ids = found.ids();
        List<String> adopted = new ArrayList<>();
        for (Map.Entry<ResourceKey, String> e : ids.entrySet()) {
            if (ctx.state().get(e.getKey()).isPresent() || e.getKey() == ResourceKey.LOAD_BALANCER_DNS) {
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

    private StepOutcome run(StepId id, String verb, java.util.concurrent.Callable<Void> work) {
        Instant start = Instant.now();
        boolean destroy = verb.equals("destroy");
        context.publish(LabEvent.of(id, LabEvent.Kind.STARTED, (destroy ? "deleting " : "") + id.title()));
        state().record(id, new StepRecord("RUNNING", start, null, destroy ? "destroy" : null));
        try {
            context.checkCancelled();
            work.call();
            Duration elapsed = Duration.between(start, Instant.now());
            state().record(id, new StepRecord(destroy ? "DESTROYED" : "DONE", start, Instant.now(), null));
            context.publish(LabEvent.of(id, LabEvent.Kind.DONE, id.title() + (destroy ? " deleted" : " done"), elapsed));
            return new StepOutcome(id, StepOutcome.Status.DONE, "", elapsed);
        } catch (Exception e) {
            Duration elapsed = Duration.between(start, Instant.now());
            // An image failure is worded for the student already (which image, what to do).
            String message = e instanceof Retry.CancelledException ? "cancelled"
                    : e instanceof dev.labconsole.image.ImageException ? e.getMessage()
                    : context.aws().explain((destroy ? "deleting '" : "doing '") + id.title() + "'", e).getMessage();
            LOG.debug("{} {} failed", verb, id, e);
            state().record(id, new StepRecord("FAILED", start, Instant.now(), message));
            LabEvent.Payload payload = e instanceof ServiceNotHealthyException unhealthy ? unhealthy.diagnosis() : null;
            context.publish(new LabEvent(id, LabEvent.Kind.FAILED, message, Instant.now(), elapsed, payload));
            return new StepOutcome(id, StepOutcome.Status.FAILED, message, elapsed);
        }
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
