package io.cutovermonitor.agent.progress;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * rclone's JSON log ({@code --use-json-log}) carries, every {@code --stats} interval and at the end, a {@code stats}
 * object: {@code transfers} of {@code totalTransfers} files (and {@code bytes} of {@code totalBytes}). Files are
 * the records of a file sync: they are what rclone counts as done or not.
 */
final class RcloneStats implements ProgressReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Optional<Progress> read(String line) {
        if (!line.startsWith("{") || !line.contains("\"stats\"")) {
            return Optional.empty();
        }
        try {
            JsonNode stats = JSON.readTree(line).path("stats");
            if (!stats.path("transfers").isNumber()) {
                return Optional.empty();
            }
            long done = stats.path("transfers").asLong();
            JsonNode total = stats.path("totalTransfers");
            return Optional.of(new Progress(done, total.isNumber() ? Math.max(done, total.asLong()) : null));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }
}
