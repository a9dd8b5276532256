package io.cutovermonitor.agent.progress;

/**
 * How far a tool is, as it reported it: records (files, rows, lines) done and, where the tool knows it, of how many.
 *
 * @param total null when the tool does not know the total
 */
public record Progress(long done, Long total) {

    public Progress {
        if (done < 0 || (total != null && total < 0)) {
            throw new IllegalArgumentException("progress cannot be negative: " + done + " of " + total);
        }
    }
}
