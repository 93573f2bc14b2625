package dev.labconsole.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsTarget;
import dev.labconsole.testing.MotoExtension;
import dev.labconsole.testing.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code account} and {@code account budget} end to end against the emulator. */
@ExtendWith(MotoExtension.class)
class AccountCommandTest {

    @TempDir
    Path home;

    private MotoServer moto;

    @BeforeEach
    void fresh(MotoServer moto) {
        this.moto = moto;
        moto.reset();
    }

    @AfterEach
    void reset() {
        moto.reset();
    }

    private CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", moto.endpoint().toString(), "--region", "us-east-1", "--home", home.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    private int budgets() {
        try (AwsClients aws = AwsClients.create(new AwsTarget("us-east-1", null, moto.endpoint()), MotoServer.CREDENTIALS)) {
            String account = aws.sts().getCallerIdentity().account();
            return aws.budgets().describeBudgets(r -> r.accountId(account)).budgets().size();
        }
    }

    @Test
    void badBudgetInputIsRefusedBeforeAnyCallWithEveryProblemNamed() {
        CommandRun run = run("account", "budget", "--limit", "-5", "--email", "me-at-example");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("positive amount").contains("not an e-mail address")
                .doesNotContain("Exception");
        assertThat(budgets()).isZero();
        assertThat(run("account", "budget", "--delete", "--limit", "5").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void aBudgetIsCreatedShownInTheReviewAndDeleted() throws Exception {
        CommandRun before = run("account");
        assertThat(before.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(before.out()).contains("[!!] a monthly cost budget with an e-mail alert")
                .contains("fix: labconsole account budget --limit 5");

        CommandRun created = run("account", "budget", "--limit", "5", "--email", "me@example.com");
        assertThat(created.exitCode()).as(created.err()).isEqualTo(ExitCode.OK);
        assertThat(created.out()).contains("$5 a month").contains("alerts at 80 % and 100 % of the limit");

        JsonNode review = new ObjectMapper().readTree(run("account", "--json").out());
        assertThat(review.path("budget").path("limitUsd").decimalValue()).isEqualByComparingTo("5");
        assertThat(review.path("checks")).anySatisfy(c -> {
            assertThat(c.path("check").asText()).isEqualTo("a monthly cost budget with an e-mail alert");
            assertThat(c.path("status").asText()).isEqualTo("met");
        });

        assertThat(run("account", "budget", "--delete").out()).contains("Deleted budget");
        assertThat(budgets()).isZero();
    }
}
