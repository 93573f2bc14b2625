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
}
