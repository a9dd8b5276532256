package io.cutovermonitor.validators.event;

import java.time.Duration;
import java.time.Instant;

/**
 * What an accepted event may hold: everything the ledger, the alert outbox, the metrics and the HTTP API would refuse
 * or mangle is refused at validation instead (SPEC section 3), so an accepted event is always stored and judged and
 * never stalls its partition. Each limit names what it protects.
 */
public final class Limits {

    /** CloudEvents {@code id} and {@code source}: {@code ledger_event.event_id} and {@code .source} hold 512. */
    public static final int MAX_ENVELOPE_TEXT = 512;
    /**
     * ... and 1,024 bytes in UTF-8 each, so the pair fits PostgreSQL's B-tree entry (2,704 bytes) of the ledger's
     * unique (id, source) index, whatever characters they are written in.
     */
    public static final int MAX_ENVELOPE_BYTES = 1024;
    /**
     * A migration id: a path segment of every endpoint, a metric label, and part of each episode key; the ledger holds
     * 256, the grammar keeps it to half that.
     */
    public static final int MAX_MIGRATION_ID = 128;
    /**
     * A name (table, chunk id or bound, check, job, runId, scope, component, phase name, rule, algorithm, checksum,
     * {@code by}): short enough that the longest episode key, {@code integrity-mismatch|table|lower..upper|time},
     * stays inside {@code alert.episode_key}'s 1,024 characters.
     */
    public static final int MAX_NAME = 256;
    /** Free text a person writes ({@code reason}, {@code detail}). */
    public static final int MAX_TEXT = 4096;
    /**
     * A plan's text in a {@code migration.plan.v1}: a real plan is a few kilobytes; this leaves the event under the
     * 1 MiB record limit however its text is escaped in JSON (tab and line ends are two characters there).
     */
    public static final int MAX_PLAN_TEXT = 256 * 1024;
    /**
     * The largest count one event may report (10^15 records, rows or records/hour: thousands of times any real
     * migration). The engine's sums saturate besides, so no total it computes can wrap around.
     */
    public static final long MAX_COUNT = 1_000_000_000_000_000L;
    /** A maintenance window longer than this is a typo; bounded so that no instant plus it leaves the calendar. */
    public static final Duration MAX_WINDOW = Duration.ofDays(30);
    /** RFC 3339 years 0001-9999: what every database and every client can hold. */
    public static final Instant EARLIEST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Limits() {
    }

    /**
     * Why {@code id} is not a migration id, or null when it is one. A migration id is 1 to {@value #MAX_MIGRATION_ID}
     * characters, not blank, with no control character, no unpaired surrogate and none of {@code / \ ; %}, and is not
     * {@code .} or {@code ..}: what every endpoint can carry as one path segment (Tomcat and Spring Security's
     * firewall refuse an encoded slash, a backslash, a semicolon or an encoded percent, and resolve dot segments).
     */
    public static String migrationIdProblem(String id) {
        if (id == null || id.isBlank()) {
            return "must not be blank";
        }
        if (id.length() > MAX_MIGRATION_ID) {
            return "is " + id.length() + " characters, over the limit of " + MAX_MIGRATION_ID;
        }
        if (id.equals(".") || id.equals("..")) {
            return "must not be \".\" or \"..\"";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\' || c == ';' || c == '%') {
                return "must not contain '" + c + "'";
            }
        }
        return textProblem(id, false);
    }

    /**
     * Why the text cannot be stored as it is, or null: a NUL or (outside {@code prose}) any control character, or an
     * unpaired surrogate, which PostgreSQL refuses and other databases replace.
     *
     * @param prose free text a person wrote, where tab, line feed and carriage return are allowed
     */
    static String textProblem(String text, boolean prose) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "holds an unpaired surrogate at character " + i;
            } else if (Character.getType(c) == Character.CONTROL && !(prose && (c == '\t' || c == '\n' || c == '\r'))) {
                return "holds the control character U+" + String.format("%04X", (int) c) + " at character " + i;
            }
        }
        return null;
    }
}
