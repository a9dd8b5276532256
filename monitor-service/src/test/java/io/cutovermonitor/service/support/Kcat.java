package io.cutovermonitor.service.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** kcat (Debian package {@code kcat}) as the outside producer a migration tool would be. */
public final class Kcat {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String bootstrap;

    public Kcat(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** Produces one record per line with the given key and headers (each {@code name=value}). */
    public void produce(String topic, String key, List<String> headers, List<String> lines) {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", bootstrap, "-P", "-t", topic, "-k", key,
                "-X", "message.max.bytes=8388608", "-X", "enable.idempotence=true"));
        headers.forEach(h -> {
            command.add("-H");
            command.add(h);
        });
        run(command, String.join("\n", lines) + "\n");
    }

    /** Produces one record whose value is the whole file (no line splitting), e.g. a 2 MiB value. */
    public void produceFile(String topic, String key, Path file) {
        run(List.of("kcat", "-b", bootstrap, "-P", "-t", topic, "-k", key, "-X", "message.max.bytes=8388608",
                file.toString()), null);
    }

    /** Every record of a topic from the beginning to its current end, one kcat JSON envelope per line. */
    public List<String> consumeAll(String topic) {
        return List.of(run(List.of("kcat", "-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-J", "-q",
                "-X", "fetch.message.max.bytes=8388608"), null).split("\n"));
    }

    /** The values of the records with {@code key} on {@code topic}, from the beginning to its current end. */
    public List<String> valuesOf(String topic, String key) {
        List<String> values = new ArrayList<>();
        for (String line : consumeAll(topic)) {
            if (line.startsWith("{")) {
                JsonNode envelope = JSON.readTree(line);
                if (key.equals(envelope.path("key").asString())) {
                    values.add(envelope.path("payload").asString());
                }
            }
        }
        return values;
    }

    private static String run(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            // read before waiting: a consumer's output can fill the pipe
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kcat timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kcat failed (" + process.exitValue() + "): " + command + " " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("kcat is not installed (apt-get install -y kcat)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Path tempFile(String content) throws IOException {
        Path file = Files.createTempFile("kcat", ".json");
        Files.writeString(file, content);
        file.toFile().deleteOnExit();
        return file;
    }
}
