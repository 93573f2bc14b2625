package dev.labconsole.lab.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.emulator.AwsLikeProxy;
import dev.labconsole.emulator.EmulatorSettings;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Section 1 against the emulator's IAM, STS and Budgets: each check looked up, the budget's life cycle. */
@ExtendWith(MotoExtension.class)
class AccountReviewTest {

    private MotoServer moto;
    private AwsClients aws;

    @BeforeEach
    void freshAccount(MotoServer moto) {
        this.moto = moto;
        moto.reset();
        aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS);
    }

    @AfterEach
    void close() {
        aws.close();
        moto.reset();
    }

    private static Map<String, AccountCheck.Status> statuses(AccountReview.Result result) {
        return result.checks().stream().collect(Collectors.toMap(AccountCheck::what, AccountCheck::status));
    }

    @Test
    void aFreshAccountMissesWhatSectionOneAsksAndSaysHowToFixEach() {
        AccountReview.Result result = new AccountReview(aws).review();

        assertThat(result.academy()).isFalse();
        assertThat(statuses(result)).containsEntry("you work as an IAM user, not the root user", AccountCheck.Status.MET)
                .containsEntry("the root user has MFA", AccountCheck.Status.NOT_MET)
                .containsEntry("an administrators group has AdministratorAccess", AccountCheck.Status.NOT_MET)
                .containsEntry("an IAM user is in the administrators group", AccountCheck.Status.NOT_MET)
                .containsEntry("the account has an alias", AccountCheck.Status.NOT_MET)
                .containsEntry("a monthly cost budget with an e-mail alert", AccountCheck.Status.NOT_MET);
        assertThat(result.checks()).filteredOn(c -> c.status() == AccountCheck.Status.NOT_MET)
                .allSatisfy(c -> assertThat(c.fix()).isNotBlank());
        assertThat(result.allMet()).isFalse();
    }

    @Test
    void anAccountSetUpAsTheLabAsksPassesEveryCheckTheEmulatorCanAnswer() {
        aws.iam().createGroup(r -> r.groupName("Admins"));
        // The emulator has no AWS managed policies: the student's own copy of AdministratorAccess stands in.
        String everything = aws.iam().createPolicy(r -> r.policyName("FullAdmin").policyDocument("{\"Version\":"
                + "\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"))
                .policy().arn();
        String readOnly = aws.iam().createPolicy(r -> r.policyName("ReadS3").policyDocument("{\"Version\":"
                + "\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\"],\"Resource\":\"*\"}]}"))
                .policy().arn();
        aws.iam().createGroup(r -> r.groupName("Readers"));
        aws.iam().attachGroupPolicy(r -> r.groupName("Readers").policyArn(readOnly));
        aws.iam().createUser(r -> r.userName("reader"));
        aws.iam().addUserToGroup(r -> r.groupName("Readers").userName("reader"));
        assertThat(statuses(new AccountReview(aws).review()))
                .containsEntry("an administrators group has AdministratorAccess", AccountCheck.Status.NOT_MET);
        aws.iam().attachGroupPolicy(r -> r.groupName("Admins").policyArn(everything));
        aws.iam().createUser(r -> r.userName("student"));
        aws.iam().addUserToGroup(r -> r.groupName("Admins").userName("student"));
        aws.iam().createAccountAlias(r -> r.accountAlias("my-mlops-lab"));
        new AccountReview(aws).createBudget(BudgetRequest.parse("5", "me@example.com").request());

        AccountReview.Result result = new AccountReview(aws).review();

        assertThat(statuses(result)).containsEntry("an administrators group has AdministratorAccess",
                        AccountCheck.Status.MET)
                .containsEntry("an IAM user is in the administrators group", AccountCheck.Status.MET)
                .containsEntry("the account has an alias", AccountCheck.Status.MET)
                .containsEntry("a monthly cost budget with an e-mail alert", AccountCheck.Status.MET)
                // moto has no way to give the root user an MFA device (the proxy can: see below).
                .containsEntry("the root user has MFA", AccountCheck.Status.NOT_MET);
        assertThat(result.checks()).filteredOn(c -> c.what().startsWith("an IAM user")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("student").contains("Admins").doesNotContain("reader"));
    }

    @Test
    void anAccountWhoseRootUserHasMfaMeetsThatCheck() throws Exception {
        // moto keeps AccountMFAEnabled at 0 (it has no way to give the root user a device, see moto's iam/models.py):
        // the AWS-like proxy answers GetAccountSummary as AWS does for an account whose root user turned MFA on.
        try (AwsLikeProxy proxy = AwsLikeProxy.start(moto.endpoint(), EmulatorSettings.asIs());
                AwsClients throughProxy = AwsClients.create(new AwsTarget("us-east-1", null, proxy.endpoint()),
                        MotoServer.CREDENTIALS)) {
            assertThat(statuses(new AccountReview(throughProxy).review()))
                    .containsEntry("the root user has MFA", AccountCheck.Status.NOT_MET);

            proxy.hold("GetAccountSummary", "<key>AccountMFAEnabled</key><value>0</value>",
                    "<key>AccountMFAEnabled</key><value>1</value>");
            AccountReview.Result result = new AccountReview(throughProxy).review();

            assertThat(result.checks()).filteredOn(c -> c.what().equals("the root user has MFA")).singleElement()
                    .satisfies(c -> {
                        assertThat(c.status()).isEqualTo(AccountCheck.Status.MET);
                        assertThat(c.detail()).isEqualTo("MFA is on for the root user");
                    });
        }
    }

    @Test
    void theBudgetIsCreatedReadReplacedAndDeletedAndTheStudentsOwnIsNeverTouched() {
        AccountReview review = new AccountReview(aws);
        Budget created = review.createBudget(BudgetRequest.parse("5", "me@example.com").request());
        assertThat(created.name()).isEqualTo(AccountReview.BUDGET_NAME);
        assertThat(created.limitUsd()).isEqualByComparingTo("5");
        assertThat(created.alertsAtPercent()).containsExactly(80, 100);

        Budget replaced = review.createBudget(BudgetRequest.parse("12.50", "me@example.com").request());
        assertThat(replaced.limitUsd()).isEqualByComparingTo("12.50");
        String account = aws.sts().getCallerIdentity().account();
        assertThat(aws.budgets().describeBudgets(r -> r.accountId(account)).budgets()).hasSize(1);

        aws.budgets().createBudget(r -> r.accountId(account).budget(b -> b.budgetName("my-own-budget")
                .budgetType("COST").timeUnit("MONTHLY").budgetLimit(s -> s.amount(new BigDecimal("3")).unit("USD"))));
        assertThat(review.deleteBudget()).isTrue();
        assertThat(review.deleteBudget()).isFalse();
        assertThat(aws.budgets().describeBudgets(r -> r.accountId(account)).budgets())
                .extracting(b -> b.budgetName()).containsExactly("my-own-budget");
        // The student's own budget counts for the check, but it has no alert: the check says so.
        assertThat(review.budget(account)).get().satisfies(b -> assertThat(b.name()).isEqualTo("my-own-budget"));
        assertThat(statuses(review.review())).containsEntry("a monthly cost budget with an e-mail alert",
                AccountCheck.Status.NOT_MET);
    }

    @Test
    void onAwsAcademyEveryCheckIsSkippedAndNoBudgetIsOffered() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}";
        String role = aws.iam().createRole(r -> r.roleName("voclabs").assumeRolePolicyDocument(trust)).role().arn();
        var session = aws.sts().assumeRole(r -> r.roleArn(role).roleSessionName("user4242")).credentials();
        try (AwsClients academy = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()),
                StaticCredentialsProvider.create(AwsSessionCredentials.create(session.accessKeyId(),
                        session.secretAccessKey(), session.sessionToken())))) {
            AccountReview review = new AccountReview(academy);
            AccountReview.Result result = review.review();

            assertThat(result.academy()).isTrue();
            assertThat(result.callerArn()).contains("assumed-role/voclabs/");
            assertThat(result.checks()).hasSize(6).allSatisfy(c -> {
                assertThat(c.status()).isEqualTo(AccountCheck.Status.SKIPPED);
                assertThat(c.detail()).contains("AWS Academy");
            });
            assertThat(result.allMet()).isTrue();
            assertThatThrownBy(() -> review.createBudget(BudgetRequest.parse("5", "me@example.com").request()))
                    .isInstanceOf(AwsProblem.class).hasMessageContaining("AWS Academy");
        }
        String account = aws.sts().getCallerIdentity().account();
        assertThat(aws.budgets().describeBudgets(r -> r.accountId(account)).budgets()).isEmpty();
    }

    @Test
    void aBudgetRequestIsCheckedBeforeAnyCall() {
        record Case(String limit, String email, String problem) {
        }
        List<Case> bad = List.of(
                new Case("-5", "me@example.com", "positive amount"),
                new Case("0", "me@example.com", "positive amount"),
                new Case("abc", "me@example.com", "such as 5 or 12.50"),
                new Case("5.555", "me@example.com", "two decimals"),
                new Case("5000000", "me@example.com", "far beyond"),
                new Case(null, "me@example.com", "monthly limit"),
                new Case("5", "me", "not an e-mail address"),
                new Case("5", "me@example", "not an e-mail address"),
                new Case("5", "me @example.com", "not an e-mail address"),
                new Case("5", " ", "needs an e-mail address"));
        for (Case c : bad) {
            BudgetRequest.Parsed parsed = BudgetRequest.parse(c.limit(), c.email());
            assertThat(parsed.ok()).as(c.toString()).isFalse();
            assertThat(parsed.problems()).as(c.toString()).singleElement().asString().contains(c.problem());
        }
        BudgetRequest good = BudgetRequest.parse("$12.50", " me@example.com ").request();
        assertThat(good.limitUsd()).isEqualByComparingTo("12.50");
        assertThat(good.email()).isEqualTo("me@example.com");
    }
}
