package io.cutovermonitor.agent.progress;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * AzCopy with {@code --output-type json} writes one JSON object per line: {@code MessageType} ({@code Init},
 * {@code Info}, {@code Progress}, {@code EndOfJob}, ...) and {@code MessageContent}, which for Progress and
 * EndOfJob is the job summary ({@code TransfersCompleted}, {@code TotalTransfers}, {@code TransfersFailed}) as a
 * JSON text inside the string (AzCopy's common/output.go; some wrappers give it as an object: both are read).
 */
final class AzCopyProgress implements ProgressReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Optional<Progress> read(String line) {
        if (!line.startsWith("{") || !line.contains("MessageType")) {
            return Optional.empty();
        }
        try {
            JsonNode message = JSON.readTree(line);
            String type = message.path("MessageType").asString();
            if (!type.equals("Progress") && !type.equals("EndOfJob")) {
                return Optional.empty();
            }
            JsonNode content = message.path("MessageContent");
            JsonNode summary = content.isString() ? JSON.readTree(content.asString()) : content;
            if (!summary.path("TransfersCompleted").isNumber()) {
                return Optional.empty();
            }
            long done = summary.path("TransfersCompleted").asLong();
            JsonNode total = summary.path("TotalTransfers");
            return Optional.of(new Progress(done, total.isNumber() ? Math.max(done, total.asLong()) : null));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }
}
