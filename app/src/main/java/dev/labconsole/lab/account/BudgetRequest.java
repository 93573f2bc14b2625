package dev.labconsole.lab.account;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A monthly cost budget to create, checked before any AWS call.
 *
 * @param limitUsd the monthly limit in US dollars, positive, at most two decimals
 * @param email where AWS sends the alerts
 */
public record BudgetRequest(BigDecimal limitUsd, String email) {

    /** Budgets accepts larger amounts; a student's lab budget above this is a typo (an extra zero or three). */
    static final BigDecimal LARGEST = new BigDecimal("100000");

    // Deliberately plain: one @, no spaces, a dot in the domain. AWS confirms the address by e-mail anyway.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

    /** The request, or the problems with what was typed (each a sentence saying what to type instead). */
    public static Parsed parse(String limit, String email) {
        List<String> problems = new ArrayList<>();
        BigDecimal amount = null;
        if (limit == null || limit.isBlank()) {
            problems.add("the budget needs a monthly limit in US dollars, e.g. --limit 5");
        } else {
            try {
                amount = new BigDecimal(limit.trim().replaceFirst("^\\$", ""));
                if (amount.signum() <= 0) {
                    problems.add("the budget limit must be a positive amount of US dollars, not " + limit.trim()
                            + " (e.g. 5)");
                    amount = null;
                } else if (amount.stripTrailingZeros().scale() > 2) {
                    problems.add("the budget limit has more than two decimals (" + limit.trim() + "): use dollars and"
                            + " cents, e.g. 5.50");
                    amount = null;
                } else if (amount.compareTo(LARGEST) > 0) {
                    problems.add("a budget limit of $" + limit.trim() + " a month is far beyond a lab's; type the"
                            + " amount in dollars, e.g. 5");
                    amount = null;
                }
            } catch (NumberFormatException e) {
                problems.add("the budget limit must be an amount of US dollars such as 5 or 12.50, not '" + limit.trim()
                        + "'");
            }
        }
        if (email == null || email.isBlank()) {
            problems.add("the budget needs an e-mail address for its alerts, e.g. --email you@example.com");
        } else if (!EMAIL.matcher(email.trim()).matches()) {
            problems.add("'" + email.trim() + "' is not an e-mail address (like you@example.com)");
        }
        return problems.isEmpty() ? new Parsed(new BudgetRequest(amount, email.trim()), List.of())
                : new Parsed(null, List.copyOf(problems));
    }

    /** A request, or why there is none. */
    public record Parsed(BudgetRequest request, List<String> problems) {
        public boolean ok() {
            return request != null;
        }
    }
}
