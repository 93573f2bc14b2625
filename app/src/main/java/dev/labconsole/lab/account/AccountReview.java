package dev.labconsole.lab.account;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.budgets.model.BudgetType;
import software.amazon.awssdk.services.budgets.model.ComparisonOperator;
import software.amazon.awssdk.services.budgets.model.Notification;
import software.amazon.awssdk.services.budgets.model.NotificationType;
import software.amazon.awssdk.services.budgets.model.NotificationWithSubscribers;
import software.amazon.awssdk.services.budgets.model.Spend;
import software.amazon.awssdk.services.budgets.model.SubscriptionType;
import software.amazon.awssdk.services.budgets.model.ThresholdType;
import software.amazon.awssdk.services.budgets.model.TimeUnit;
import software.amazon.awssdk.services.iam.model.Group;

/**
 * The lab's section 1 on the account the clients reach: each check looked up now (never assumed), and the
 * monthly cost budget. Reads only, except {@link #createBudget} and {@link #deleteBudget}.
 */
public final class AccountReview {

    /** The budget Lab Console creates; a budget the student made by hand under any name counts too. */
    public static final String BUDGET_NAME = "labconsole-monthly-cost";

    /** AWS e-mails when the month's actual spend passes these shares of the limit. */
    static final List<Integer> ALERT_PERCENTS = List.of(80, 100);

    private static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";

    /**
     * The review.
     *
     * @param account the account id
     * @param callerArn who the credentials are
     * @param academy whether this is an AWS Academy account (its users, groups and spending are managed for the student)
     * @param checks section 1's checks, the budget's among them
     * @param budget the lab's budget, or the student's own monthly cost budget; empty when there is none (or unknown)
     */
    public record Result(String account, String callerArn, boolean academy, List<AccountCheck> checks,
            Optional<Budget> budget) {

        public Result {
            checks = List.copyOf(checks);
        }

        /** Whether every check that could be made passed (skipped ones do not count against it). */
        public boolean allMet() {
            return checks.stream().allMatch(c -> c.status() == AccountCheck.Status.MET
                    || c.status() == AccountCheck.Status.SKIPPED);
        }
    }

    private final AwsClients aws;

    public AccountReview(AwsClients aws) {
        this.aws = aws;
    }

    /** Whether {@code callerArn} is an AWS Academy lab session (the {@code voclabs} role, or {@code LabRole}). */
    public static boolean isAcademy(String callerArn) {
        return callerArn.contains(":assumed-role/voclabs/") || callerArn.contains(":assumed-role/LabRole/");
    }

    public Result review() {
        var identity = call("finding out who you are", () -> aws.sts().getCallerIdentity());
        String arn = identity.arn();
        if (isAcademy(arn)) {
            String managed = "AWS Academy manages this for you (you work as the lab's voclabs role; its users,"
                    + " groups and spending are the course's), as the lab says";
            List<AccountCheck> skipped = new ArrayList<>();
            for (String what : List.of("the root user has MFA", "you work as an IAM user, not the root user",
                    "an administrators group has AdministratorAccess", "an IAM user is in the administrators group",
                    "the account has an alias", "a monthly cost budget with an e-mail alert")) {
                skipped.add(new AccountCheck(what, AccountCheck.Status.SKIPPED, managed, ""));
            }
            return new Result(identity.account(), arn, true, skipped, Optional.empty());
        }
        List<AccountCheck> checks = new ArrayList<>();
        checks.add(lookedUp("the root user has MFA", () -> {
            Map<String, Integer> summary = aws.iam().getAccountSummary().summaryMapAsStrings();
            boolean mfa = Integer.valueOf(1).equals(summary.get("AccountMFAEnabled"));
            return AccountCheck.of("the root user has MFA", mfa, mfa ? "MFA is on for the root user"
                    : "the root user has no MFA device",
                    "sign in as the root user, open the account menu > Security credentials > Multi-factor"
                            + " authentication (MFA) > Assign MFA device");
        }));
        boolean root = arn.endsWith(":root");
        checks.add(AccountCheck.of("you work as an IAM user, not the root user", !root, arn,
                "IAM > Users > Create user, sign in as that user and make its access keys; keep the root user's"
                        + " keys deleted"));
        checks.addAll(administrators());
        checks.add(lookedUp("the account has an alias", () -> {
            List<String> aliases = aws.iam().listAccountAliases().accountAliases();
            return AccountCheck.of("the account has an alias", !aliases.isEmpty(),
                    aliases.isEmpty() ? "no alias: the sign-in page shows the account number" : aliases.get(0),
                    "IAM > Dashboard > AWS Account > Account alias > Create");
        }));
        Optional<Budget> budget = Optional.empty();
        AccountCheck budgetCheck;
        try {
            budget = budget(identity.account());
            budgetCheck = AccountCheck.of("a monthly cost budget with an e-mail alert",
                    budget.filter(b -> !b.alertsAtPercent().isEmpty()).isPresent(),
                    budget.map(b -> b.name() + ": $" + b.limitUsd().toPlainString() + " a month, " + b.alertsInWords())
                            .orElse("no monthly cost budget"),
                    "labconsole account budget --limit 5 --email you@example.com (or Billing > Budgets > Create"
                            + " budget > Monthly cost budget)");
        } catch (RuntimeException e) {
            budgetCheck = unknown("a monthly cost budget with an e-mail alert", "reading the account's budgets", e);
        }
        checks.add(budgetCheck);
        return new Result(identity.account(), arn, false, checks, budget);
    }

    private List<AccountCheck> administrators() {
        String groupText = "an administrators group has AdministratorAccess";
        String userText = "an IAM user is in the administrators group";
        try {
            List<Group> admins = new ArrayList<>();
            for (Group group : aws.iam().listGroupsPaginator().groups()) {
                boolean admin = aws.iam().listAttachedGroupPoliciesPaginator(r -> r.groupName(group.groupName()))
                        .attachedPolicies().stream().anyMatch(p -> grantsEverything(p.policyArn()))
                        || aws.iam().listGroupPoliciesPaginator(r -> r.groupName(group.groupName())).policyNames()
                                .stream().anyMatch(name -> allowsEverything(aws.iam().getGroupPolicy(r -> r
                                        .groupName(group.groupName()).policyName(name)).policyDocument()));
                if (admin) {
                    admins.add(group);
                }
            }
            if (admins.isEmpty()) {
                return List.of(AccountCheck.of(groupText, false, "no IAM group has the AdministratorAccess policy",
                        "IAM > User groups > Create group (e.g. Administrators), attach the AWS managed policy"
                                + " AdministratorAccess"),
                        AccountCheck.of(userText, false, "no administrators group yet",
                                "create the group first, then IAM > User groups > <group> > Add users"));
            }
            String names = String.join(", ", admins.stream().map(Group::groupName).toList());
            List<String> users = new ArrayList<>();
            for (Group group : admins) {
                aws.iam().getGroup(r -> r.groupName(group.groupName())).users().forEach(u -> users.add(u.userName()));
            }
            return List.of(AccountCheck.of(groupText, true, names, ""),
                    AccountCheck.of(userText, !users.isEmpty(), users.isEmpty() ? names + " has no users"
                            : String.join(", ", users) + " in " + names,
                            "IAM > User groups > " + admins.get(0).groupName() + " > Add users"));
        } catch (RuntimeException e) {
            return List.of(unknown(groupText, "listing the account's IAM groups", e),
                    unknown(userText, "listing the account's IAM groups", e));
        }
    }

    /** AWS's AdministratorAccess, or a policy of the student's own that allows every action on everything. */
    private boolean grantsEverything(String policyArn) {
        if (ADMINISTRATOR_ACCESS.equals(policyArn)) {
            return true;
        }
        if (policyArn.startsWith("arn:aws:iam::aws:")) {
            return false; // AWS's other managed policies: none grants everything
        }
        String version = aws.iam().getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId();
        return allowsEverything(aws.iam().getPolicyVersion(r -> r.policyArn(policyArn).versionId(version))
                .policyVersion().document());
    }

    /** Whether an IAM policy document (URL-encoded JSON, as IAM returns it) allows "*" on "*". */
    static boolean allowsEverything(String document) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    java.net.URLDecoder.decode(document, java.nio.charset.StandardCharsets.UTF_8));
            var statements = json.path("Statement");
            for (var statement : statements.isArray() ? statements : List.of(statements)) {
                if ("Allow".equals(statement.path("Effect").asText()) && hasStar(statement.path("Action"))
                        && hasStar(statement.path("Resource"))) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false; // a document that cannot be read is not counted as granting anything
        }
    }

    private static boolean hasStar(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isArray()) {
            for (var item : node) {
                if ("*".equals(item.asText())) {
                    return true;
                }
            }
            return false;
        }
        return "*".equals(node.asText());
    }

    /** The lab's budget, else the student's own monthly cost budget with the largest limit; empty when none. */
    public Optional<Budget> budget(String account) {
        List<software.amazon.awssdk.services.budgets.model.Budget> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = aws.budgets().describeBudgets(r -> r.accountId(account).nextToken(next));
            all.addAll(page.budgets());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        Optional<software.amazon.awssdk.services.budgets.model.Budget> chosen = all.stream()
                .filter(b -> BUDGET_NAME.equals(b.budgetName())).findFirst()
                .or(() -> all.stream().filter(b -> b.budgetType() == BudgetType.COST && b.timeUnit() == TimeUnit.MONTHLY)
                        .max(java.util.Comparator.comparing(b -> amount(b.budgetLimit()))));
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        var b = chosen.get();
        List<Integer> alerts = aws.budgets().describeNotificationsForBudget(r -> r.accountId(account)
                        .budgetName(b.budgetName())).notifications().stream()
                .map(n -> n.threshold() == null ? 0 : (int) Math.round(n.threshold())).sorted().toList();
        var spend = b.calculatedSpend();
        return Optional.of(new Budget(b.budgetName(), amount(b.budgetLimit()),
                spend == null ? null : amountOrNull(spend.actualSpend()),
                spend == null ? null : amountOrNull(spend.forecastedSpend()), alerts));
    }

    /**
     * Creates the lab's monthly cost budget with e-mail alerts at 80 % and 100 % of actual spend. An existing
     * lab budget with another limit or address is replaced (Budgets has no single call that changes both).
     */
    public Budget createBudget(BudgetRequest request) {
        var identity = call("finding out who you are", () -> aws.sts().getCallerIdentity());
        if (isAcademy(identity.arn())) {
            throw new AwsProblem("AWS Academy accounts cannot create budgets: the course's credit limits the"
                    + " lab's spending, and Lab Console's cost display shows what runs", null, null);
        }
        String account = identity.account();
        call("replacing the lab's budget", () -> {
            if (budget(account).filter(b -> BUDGET_NAME.equals(b.name())).isPresent()) {
                aws.budgets().deleteBudget(r -> r.accountId(account).budgetName(BUDGET_NAME));
            }
            return null;
        });
        List<NotificationWithSubscribers> alerts = new ArrayList<>();
        for (int percent : ALERT_PERCENTS) {
            alerts.add(NotificationWithSubscribers.builder()
                    .notification(Notification.builder().notificationType(NotificationType.ACTUAL)
                            .comparisonOperator(ComparisonOperator.GREATER_THAN).threshold((double) percent)
                            .thresholdType(ThresholdType.PERCENTAGE).build())
                    .subscribers(s -> s.subscriptionType(SubscriptionType.EMAIL).address(request.email()))
                    .build());
        }
        call("creating the budget", () -> aws.budgets().createBudget(r -> r.accountId(account)
                .budget(b -> b.budgetName(BUDGET_NAME).budgetType(BudgetType.COST).timeUnit(TimeUnit.MONTHLY)
                        .budgetLimit(Spend.builder().amount(request.limitUsd()).unit("USD").build()))
                .notificationsWithSubscribers(alerts)));
        return call("reading the budget back", () -> budget(account))
                .orElseThrow(() -> new AwsProblem("the budget was created but cannot be read back yet: run"
                        + " 'labconsole account' again in a minute", null, null));
    }

    /** Deletes the lab's budget; false when there was none. The student's own budgets are never touched. */
    public boolean deleteBudget() {
        String account = call("finding out who you are", () -> aws.sts().getCallerIdentity()).account();
        try {
            aws.budgets().deleteBudget(r -> r.accountId(account).budgetName(BUDGET_NAME));
            return true;
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "NotFoundException")) {
                return false;
            }
            throw AwsErrors.explain("deleting the budget", e);
        }
    }

    private static AccountCheck lookedUp(String what, Supplier<AccountCheck> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return unknown(what, "looking it up", e);
        }
    }

    // Never "met" on a failed lookup: the check says what failed and stays unknown.
    private static AccountCheck unknown(String what, String action, RuntimeException e) {
        String why = AwsErrors.hasCode(e, "AccessDenied", "AccessDeniedException")
                ? "your credentials may not read this (" + AwsErrors.code(e) + "): ask for IAM read access, or check"
                        + " it in the AWS Console"
                : AwsErrors.explain(action, e).getMessage();
        return new AccountCheck(what, AccountCheck.Status.UNKNOWN, why, "");
    }

    private static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsProblem e) {
            throw e;
        } catch (RuntimeException e) {
            throw AwsErrors.explain(action, e);
        }
    }

    private static BigDecimal amount(Spend spend) {
        return spend == null || spend.amount() == null ? BigDecimal.ZERO : spend.amount();
    }

    private static BigDecimal amountOrNull(Spend spend) {
        return spend == null ? null : spend.amount();
    }
}
