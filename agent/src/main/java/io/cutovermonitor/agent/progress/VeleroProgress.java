package io.cutovermonitor.agent.progress;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * {@code velero backup describe NAME -o json} (or {@code restore describe}) prints the Backup or Restore object, over
 * many lines; its {@code status.progress} counts Kubernetes items: {@code itemsBackedUp} (a restore:
 * {@code itemsRestored}) of {@code totalItems} (Velero's API types BackupProgress and RestoreProgress). The lines of
 * one document are gathered from the first line that opens an object until the braces close, then read; a loop that
 * describes the backup every few seconds gives a progress per document.
 */
final class VeleroProgress implements ProgressReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_DOCUMENT = 4 * 1024 * 1024;

    private final StringBuilder document = new StringBuilder();
    private int depth;

    @Override
    public Optional<Progress> read(String line) {
        if (document.isEmpty() && !line.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        document.append(line).append('\n');
        depth += braces(line);
        if (depth > 0 && document.length() < MAX_DOCUMENT) {
            return Optional.empty();
        }
        String text = document.toString();
        document.setLength(0);
        depth = 0;
        try {
            JsonNode progress = JSON.readTree(text).path("status").path("progress");
            JsonNode done = progress.has("itemsRestored") ? progress.path("itemsRestored") : progress.path("itemsBackedUp");
            if (!done.isNumber()) {
                return Optional.empty();
            }
            JsonNode total = progress.path("totalItems");
            return Optional.of(new Progress(done.asLong(),
                    total.isNumber() ? Math.max(done.asLong(), total.asLong()) : null));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    /** Opening minus closing braces outside strings. */
    private static int braces(String line) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && inString) {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && c == '{') {
                depth++;
            } else if (!inString && c == '}') {
                depth--;
            }
        }
        return depth;
    }
}
