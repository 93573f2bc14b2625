package dev.labconsole.lab.steps;

import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/** The load balancer's HTTP listener on the lab's port, forwarding every request to the target group. */
public final class ListenerStep implements Step {

    @Override
    public StepId id() {
        return StepId.LISTENER;
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws elbv2 create-listener --load-balancer-arn <" + context.name("alb") + "-arn> --protocol HTTP --port "
                + context.config().listenerPort() + " --default-actions Type=forward,TargetGroupArn=<"
                + context.name("tg") + "-arn>";
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<Listener> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        return found.get().listenerArn().equals(context.state().get(ResourceKey.LISTENER).orElse(null))
                && forwardsTo(found.get(), context.state().get(ResourceKey.TARGET_GROUP).orElse(""))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /** The listener on the lab's port of the recorded load balancer, or empty. */
    Optional<Listener> find(LabContext context) {
        Optional<String> balancer = context.state().get(ResourceKey.LOAD_BALANCER);
        if (balancer.isEmpty()) {
            return Optional.empty();
        }
        try {
            return context.aws().elb().describeListeners(r -> r.loadBalancerArn(balancer.get())).listeners().stream()
                    .filter(l -> l.port() != null && l.port() == context.config().listenerPort())
                    .findFirst();
        } catch (LoadBalancerNotFoundException | ListenerNotFoundException e) {
            return Optional.empty();
        }
    }

    static boolean forwardsTo(Listener listener, String targetGroupArn) {
        for (Action action : listener.defaultActions()) {
            if (action.type() != ActionTypeEnum.FORWARD) {
                continue;
            }
            if (targetGroupArn.equals(action.targetGroupArn())) {
                return true;
            }
            if (action.forwardConfig() != null && action.forwardConfig().targetGroups().stream()
                    .map(TargetGroupTuple::targetGroupArn).anyMatch(targetGroupArn::equals)) {
                return true;
            }
        }
        return false;
    }

    private Action forward(String targetGroupArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build();
    }

    @Override
    public void apply(LabContext context) {
        String balancer = context.state().require(ResourceKey.LOAD_BALANCER, StepId.LOAD_BALANCER);
        String group = context.state().require(ResourceKey.TARGET_GROUP, StepId.TARGET_GROUP);
        int port = context.config().listenerPort();
        Optional<Listener> found = find(context);
        String arn;
        if (found.isPresent()) {
            arn = found.get().listenerArn();
            if (!forwardsTo(found.get(), group)) {
                context.aws().elb().modifyListener(r -> r.listenerArn(arn).protocol(ProtocolEnum.HTTP).port(port)
                        .defaultActions(forward(group)));
                context.resource(id(), "changed listener HTTP " + port + " to forward to " + context.name("tg"));
            } else if (!context.state().get(ResourceKey.LISTENER).map(arn::equals).orElse(false)) {
                context.resource(id(), "adopted listener HTTP " + port);
            }
        } else {
            arn = CreateOnce.create(context, () -> find(context).map(Listener::listenerArn),
                    once -> context.aws().elb().createListener(r -> r.overrideConfiguration(once).loadBalancerArn(balancer)
                            .protocol(ProtocolEnum.HTTP).port(port).defaultActions(forward(group))
                            .tags(ContainerTags.elb(context, context.name("listener")))).listeners().get(0).listenerArn());
            context.resource(id(), "created listener HTTP " + port + " forwarding to " + context.name("tg"));
        }
        context.state().put(ResourceKey.LISTENER, arn);
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        int port = context.config().listenerPort();
        String text = "listener HTTP " + port + " forwards to " + context.name("tg");
        Optional<Listener> found = find(context);
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), text, context.state().get(ResourceKey.LOAD_BALANCER).isEmpty()
                    ? "no load balancer found" : "the load balancer has no listener on port " + port));
            return result;
        }
        Listener listener = found.get();
        context.state().put(ResourceKey.LISTENER, listener.listenerArn());
        String group = context.state().get(ResourceKey.TARGET_GROUP).orElse("");
        boolean ok = listener.protocol() == ProtocolEnum.HTTP && forwardsTo(listener, group);
        result.add(Requirement.check(id(), text, ok, ok ? listener.listenerArn()
                : listener.protocolAsString() + " " + port + " does not forward to " + context.name("tg")));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        // Only the listener on the lab's own (recorded) load balancer; deleting the load balancer removes it too.
        Optional<Listener> found = find(context);
        if (found.isPresent()) {
            try {
                context.aws().elb().deleteListener(r -> r.listenerArn(found.get().listenerArn()));
                context.resource(id(), "deleted listener HTTP " + context.config().listenerPort());
            } catch (ListenerNotFoundException e) {
                // Already gone.
            }
        }
        context.state().remove(ResourceKey.LISTENER);
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return find(context).map(l -> List.of(new LabResource(id(), "listener", "HTTP " + l.port(), l.listenerArn(),
                "active", 0))).orElse(List.of());
    }
}
