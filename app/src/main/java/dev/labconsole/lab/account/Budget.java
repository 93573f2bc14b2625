package dev.labconsole.lab.account;

import java.math.BigDecimal;
import java.util.List;

/**
 * The lab's monthly cost budget as AWS Budgets reports it now.
 *
 * @param name the budget's name
 * @param limitUsd the monthly limit
 * @param actualSpendUsd this month's spend so far; null when AWS has not calculated it yet (it does a few times a day)
 * @param forecastUsd AWS's forecast for the month; null when there is none yet
 * @param alertsAtPercent the thresholds (percent of the limit) at which AWS e-mails
 */
public record Budget(String name, BigDecimal limitUsd, BigDecimal actualSpendUsd, BigDecimal forecastUsd,
        List<Integer> alertsAtPercent) {

    public Budget {
        alertsAtPercent = List.copyOf(alertsAtPercent);
    }

    /** "e-mail alerts at 80 % and 100 % of the limit", or "no e-mail alert". */
    public String alertsInWords() {
        return alertsAtPercent.isEmpty() ? "no e-mail alert" : "e-mail alerts at " + String.join(" and ",
                alertsAtPercent.stream().map(p -> p + " %").toList()) + " of the limit";
    }

    /** The budget in one sentence, as the CLI and the Account page show it. */
    public String describe() {
        return name + ": $" + limitUsd.toPlainString() + " a month; spent so far " + usd(actualSpendUsd)
                + ", forecast " + usd(forecastUsd) + "; " + alertsInWords()
                + " (AWS updates spend a few times a day).";
    }

    private static String usd(BigDecimal amount) {
        return amount == null ? "not calculated yet" : "$" + amount.toPlainString();
    }
}
