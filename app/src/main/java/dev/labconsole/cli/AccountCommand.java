package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.account.AccountCheck;
import dev.labconsole.lab.account.AccountReview;
import dev.labconsole.lab.account.Budget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code account}: the lab's section 1 on the account the credentials reach, each check looked up now. */
@Command(
        name = "account",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        subcommands = AccountBudgetCommand.class,
        description = {
            "Check what the lab's section 1 asks of a personal AWS account: MFA on the root user, work as an IAM"
                    + " user in an administrators group, an account alias, a monthly cost budget with an e-mail"
                    + " alert. On AWS Academy these are managed for you and skipped.",
            "Exit 0 when every check that can be made passes, 1 otherwise.",
            "Example:",
            "  labconsole account --profile my-admin"
        })
final class AccountCommand extends LabCommand {

    @Override
    int run(LabEngine engine) {
        AccountReview.Result result = engine.accountReview().review();
        if (options.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("account", result.account());
            document.put("caller", result.callerArn());
            document.put("academy", result.academy());
            List<Map<String, Object>> checks = new ArrayList<>();
            for (AccountCheck check : result.checks()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("check", check.what());
                row.put("status", check.status().name().toLowerCase(java.util.Locale.ROOT));
                row.put("detail", check.detail());
                row.put("fix", check.fix());
                checks.add(row);
            }
            document.put("checks", checks);
            document.put("budget", result.budget().map(AccountCommand::budgetJson).orElse(null));
            out.println(LabFormat.json(document));
            return result.allMet() ? ExitCode.OK : ExitCode.FAILED;
        }
        out.println("Account " + result.account() + " as " + result.callerArn()
                + (result.academy() ? " (AWS Academy)" : ""));
        for (AccountCheck check : result.checks()) {
            String mark = switch (check.status()) {
                case MET -> "[ok]";
                case NOT_MET -> "[!!]";
                case SKIPPED -> "[--]";
                case UNKNOWN -> "[??]";
            };
            out.println(mark + " " + check.what() + " — " + check.detail()
                    + (check.fix().isEmpty() ? "" : "\n     fix: " + check.fix()));
        }
        result.budget().ifPresent(b -> out.println(budgetLine(b)));
        long unknown = result.checks().stream().filter(c -> c.status() == AccountCheck.Status.UNKNOWN).count();
        long notMet = result.checks().stream().filter(c -> c.status() == AccountCheck.Status.NOT_MET).count();
        out.println(result.academy() ? "AWS Academy: nothing to do here; go on with the lab."
                : notMet == 0 && unknown == 0 ? "Section 1 done: the account is ready for the lab."
                : notMet + " to fix" + (unknown > 0 ? ", " + unknown + " could not be checked ([??]: see why)" : "")
                        + ".");
        return result.allMet() ? ExitCode.OK : ExitCode.FAILED;
    }

    static String budgetLine(Budget budget) {
        return "Budget " + budget.describe();
    }

    static Map<String, Object> budgetJson(Budget budget) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", budget.name());
        row.put("limitUsd", budget.limitUsd());
        row.put("actualSpendUsd", budget.actualSpendUsd());
        row.put("forecastUsd", budget.forecastUsd());
        row.put("alertsAtPercent", budget.alertsAtPercent());
        return row;
    }

}
