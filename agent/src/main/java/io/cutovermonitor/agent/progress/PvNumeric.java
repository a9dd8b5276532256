package io.cutovermonitor.agent.progress;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pv -n} with {@code -b} prints, every interval, how many bytes (with {@code -l}: lines) went through the pipe
 * so far, one number per line, after the elapsed seconds with {@code -t}. Without {@code -b} it prints a percentage,
 * which says nothing of records: give {@code -b}. The total is the one given to the agent, if any.
 */
final class PvNumeric implements ProgressReader {

    private static final Pattern COUNT = Pattern.compile("^\\s*(?:\\d+(?:\\.\\d+)?\\s+)?(\\d+)\\s*$");

    private final Long total;

    PvNumeric(Long total) {
        this.total = total;
    }

    @Override
    public Optional<Progress> read(String line) {
        Matcher m = COUNT.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        long done = Long.parseLong(m.group(1));
        return Optional.of(new Progress(done, total == null ? null : Math.max(done, total)));
    }
}
