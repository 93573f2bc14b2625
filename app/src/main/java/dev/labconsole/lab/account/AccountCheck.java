package dev.labconsole.lab.account;

/**
 * One thing the lab's section 1 asks of the account, and what was found now.
 *
 * @param what what the lab asks, in its words ("the root user has MFA")
 * @param status met, not met, skipped (AWS Academy manages it), or unknown (the lookup failed: why is in detail)
 * @param detail what was found, or why it is unknown or skipped
 * @param fix what to do in the AWS Console when it is not met; empty otherwise
 */
public record AccountCheck(String what, Status status, String detail, String fix) {

    /** A check is only {@link #MET} when it was looked up now and passed. */
    public enum Status { MET, NOT_MET, SKIPPED, UNKNOWN }

    static AccountCheck of(String what, boolean met, String detail, String fix) {
        return new AccountCheck(what, met ? Status.MET : Status.NOT_MET, detail, met ? "" : fix);
    }
}
