package io.cutovermonitor.agent.progress;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "N of M" in any form, by a regular expression with the named groups {@code done} and (optional) {@code total}. */
final class RegexProgress implements ProgressReader {

    private final Pattern pattern;
    private final boolean withTotal;

    RegexProgress(Pattern pattern) {
        if (!pattern.pattern().contains("(?<done>")) {
            throw new IllegalArgumentException("--progress-regex needs a group (?<done>\\d+), and may have (?<total>\\d+): "
                    + pattern.pattern());
        }
        this.pattern = pattern;
        this.withTotal = pattern.pattern().contains("(?<total>");
    }

    @Override
    public Optional<Progress> read(String line) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            long done = Long.parseLong(m.group("done").replace(",", ""));
            Long total = withTotal && m.group("total") != null ? Long.valueOf(m.group("total").replace(",", "")) : null;
            return Optional.of(new Progress(done, total == null ? null : Math.max(done, total)));
        } catch (NumberFormatException tooBig) {
            return Optional.empty();
        }
    }
}
