package dev.labconsole.cli;

import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.account.AccountReview;
import dev.labconsole.lab.account.Budget;
import dev.labconsole.lab.account.BudgetRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code account budget}: show, create or delete the lab's monthly cost budget (lab section 1.4). */
@Command(
        name = "budget",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Show the account's monthly cost budget, or create the lab's (" + AccountReview.BUDGET_NAME + ") with"
                    + " e-mail alerts at 80 % and 100 % of the limit, or delete it. Budgets you made yourself are"
                    + " shown, never changed.",
            "Examples:",
            "  labconsole account budget --limit 5 --email you@example.com",
            "  labconsole account budget --delete"
        })
final class AccountBudgetCommand extends LabCommand {

    @Option(names = "--limit", paramLabel = "USD", description = "The monthly limit in US dollars, e.g. 5.")
    String limit;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "Where AWS e-mails the alerts.")
    String email;

    @Option(names = "--delete", description = "Delete the lab's budget.")
    boolean delete;

    private BudgetRequest request;

    @Override
    void checkOptions(List<String> problems) {
        if (delete && (limit != null || email != null)) {
            problems.add("--delete takes no --limit or --email: delete, or create, not both");
            return;
        }
        if (limit != null || email != null) {
            BudgetRequest.Parsed parsed = BudgetRequest.parse(limit, email);
            problems.addAll(parsed.problems());
            request = parsed.request();
        }
    }

    @Override
    int run(LabEngine engine) {
        AccountReview review = engine.accountReview();
        if (delete) {
            boolean deleted = review.deleteBudget();
            out.println(deleted ? "Deleted budget " + AccountReview.BUDGET_NAME + "."
                    : "There was no budget named " + AccountReview.BUDGET_NAME + "; nothing deleted.");
            return ExitCode.OK;
        }
        Optional<Budget> budget;
        if (request != null) {
            budget = Optional.of(review.createBudget(request));
            err.println("Created budget " + AccountReview.BUDGET_NAME + ": AWS e-mails " + request.email()
                    + " when the month's spend passes 80 % and 100 % of $" + request.limitUsd().toPlainString()
                    + " (AWS checks the spend a few times a day).");
        } else {
            budget = review.budget(engine.account());
        }
        if (options.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("budget", budget.map(AccountCommand::budgetJson).orElse(null));
            out.println(LabFormat.json(document));
        } else {
            out.println(budget.map(AccountCommand::budgetLine).orElse("No monthly cost budget: create one with"
                    + " 'labconsole account budget --limit 5 --email you@example.com'."));
        }
        return budget.isPresent() ? ExitCode.OK : ExitCode.FAILED;
    }
}
