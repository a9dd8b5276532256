package io.cutovermonitor.agent.progress;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one tool's own progress output, a line at a time: a line that reports progress gives it, any other line
 * (the tool's log, a warning, a copied file's name) gives nothing. Never throws on a line it does not understand:
 * the tool's output is passed through whatever it says.
 */
public interface ProgressReader {

    Optional<Progress> read(String line);

    /** {@code rclone … --use-json-log --stats 5s}: the {@code stats} object of rclone's JSON log lines. */
    static ProgressReader rclone() {
        return new RcloneStats();
    }

    /** {@code pv -n -l -b} (lines) or {@code pv -n -b} (bytes): one number per interval, optionally after the time. */
    static ProgressReader pv(Long total) {
        return new PvNumeric(total);
    }

    /** {@code azcopy copy|sync … --output-type json}: transfers completed of the total. */
    static ProgressReader azcopy() {
        return new AzCopyProgress();
    }

    /** {@code velero backup|restore describe NAME -o json}, repeated: Kubernetes items done of the total. */
    static ProgressReader velero() {
        return new VeleroProgress();
    }

    /**
     * Any tool that prints "N of M": a regular expression with the groups {@code done} and, optionally,
     * {@code total}.
     */
    static ProgressReader regex(String expression) {
        return new RegexProgress(Pattern.compile(expression));
    }
}
