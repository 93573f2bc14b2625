package dev.labconsole.ui.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When temporary credentials stop working, and how to say so. AWS Academy's session credentials last
 * four hours; tools that write them to {@code ~/.aws/credentials} often add the expiry under one of a
 * few keys.
 *
 * @param expiresAt when the credentials stop working
 * @param estimate whether {@code expiresAt} is a guess (Academy's 4 h) rather than a stated expiry
 */
public record SessionExpiry(Instant expiresAt, boolean estimate) {

    /** How long AWS Academy's Learner Lab credentials last from when the lab starts. */
    public static final Duration ACADEMY_SESSION = Duration.ofHours(4);

    public static final String EXPIRED = "Your AWS Academy session has expired: start the lab again in AWS Academy"
            + " and paste the new AWS Details";

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(?:profile\\s+)?([^\\]\\s]+)\\s*]\\s*$");
    private static final Pattern EXPIRY_LINE = Pattern.compile(
            "^\\s*(?:aws_expiration|expiration|x_security_token_expires)\\s*=\\s*(\\S+)\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** The expiry stated in {@code text} (a credentials file, or a pasted block) for {@code profile}'s section. */
    public static Optional<Instant> stated(String text, String profile) {
        String section = null;
        for (String line : text.split("\\R")) {
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                section = s.group(1);
                continue;
            }
            Matcher e = EXPIRY_LINE.matcher(line);
            // A pasted block has one section (AWS Academy calls it [default]) or none at all.
            if (e.matches() && (profile == null || profile.equals(section))) {
                Optional<Instant> at = parse(e.group(1));
                if (at.isPresent()) {
                    return at;
                }
            }
        }
        return Optional.empty();
    }

    /** The expiry stated for {@code profile} in the credentials file, if the file says. */
    public static Optional<Instant> stated(Path credentialsFile, String profile) {
        try {
            return Files.isReadable(credentialsFile) ? stated(Files.readString(credentialsFile), profile)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parse(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(value));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    /** Whether the credentials no longer work at {@code now}. */
    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** "session expires in 2 h 13 min", with the estimate said as such, or what to do once expired. */
    public String describe(Instant now) {
        if (expired(now)) {
            return EXPIRED;
        }
        Duration left = Duration.between(now, expiresAt);
        // Rounded up: "0 min" while it still works would alarm for nothing.
        long minutes = (left.toSeconds() + 59) / 60;
        String in = minutes >= 60 ? String.format(Locale.ROOT, "%d h %d min", minutes / 60, minutes % 60)
                : minutes + " min";
        return "session expires in " + in + (estimate
                ? " (estimate: AWS Academy sessions last 4 h from when the credentials were pasted)" : "");
    }
}
