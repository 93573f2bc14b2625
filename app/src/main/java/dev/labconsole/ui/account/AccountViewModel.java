package dev.labconsole.ui.account;

import dev.labconsole.lab.account.AccountCheck;
import dev.labconsole.lab.account.AccountReview;
import dev.labconsole.lab.account.Budget;
import dev.labconsole.lab.account.BudgetRequest;
import dev.labconsole.ui.BackgroundRunner;
import dev.labconsole.ui.FailureText;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Account page. The checks are cleared before each review, so a tick is never
 * older than the last look; a failed review shows no checks at all, only why.
 */
public final class AccountViewModel {

    private final BackgroundRunner runner;
    private final Supplier<AccountReview> review;
    private final ObservableList<AccountCheck> checks = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper budget = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper academy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final StringProperty limit = new SimpleStringProperty("5");
    private final StringProperty email = new SimpleStringProperty("");

    /** @param review the review for the current connection (the session's engine's) */
    public AccountViewModel(BackgroundRunner runner, Supplier<AccountReview> review) {
        this.runner = runner;
        this.review = review;
    }

    /** Looks at the account now. */
    public void check() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        checks.clear();
        budget.set("");
        status.set("Looking at the account...");
        runner.run(() -> review.get().review(), result -> {
            busy.set(false);
            academy.set(result.academy());
            checks.setAll(result.checks());
            budget.set(result.budget().map(Budget::describe).orElse(result.academy() ? ""
                    : "No monthly cost budget yet: create one below."));
            long notMet = result.checks().stream().filter(c -> c.status() == AccountCheck.Status.NOT_MET).count();
            long unknown = result.checks().stream().filter(c -> c.status() == AccountCheck.Status.UNKNOWN).count();
            status.set(result.academy() ? "AWS Academy: the account is managed for you; nothing to do here."
                    : notMet == 0 && unknown == 0 ? "Section 1 done: the account is ready for the lab."
                    : notMet + " to fix" + (unknown > 0 ? ", " + unknown + " could not be checked" : "") + ".");
        }, failure -> {
            busy.set(false);
            status.set("Could not look at the account: " + FailureText.of(failure));
        });
    }

    /** Creates the lab's budget from the form; bad values are refused before any call. */
    public void createBudget() {
        BudgetRequest.Parsed parsed = BudgetRequest.parse(limit.get(), email.get());
        if (!parsed.ok()) {
            budget.set(String.join("; ", parsed.problems()) + ".");
            return;
        }
        busy.set(true);
        runner.run(() -> review.get().createBudget(parsed.request()), created -> {
            busy.set(false);
            budget.set("Created. " + created.describe());
            check();
        }, failure -> {
            busy.set(false);
            budget.set("Could not create the budget: " + FailureText.of(failure));
        });
    }


    public ObservableList<AccountCheck> checks() {
        return FXCollections.unmodifiableObservableList(checks);
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty budgetProperty() {
        return budget.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty academyProperty() {
        return academy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public StringProperty limitProperty() {
        return limit;
    }

    public StringProperty emailProperty() {
        return email;
    }
}
