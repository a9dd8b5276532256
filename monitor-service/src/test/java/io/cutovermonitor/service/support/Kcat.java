package io.cutovermonitor.service.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

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
        return Tool.run("kcat", command, stdin, Duration.ofSeconds(60));
    }

    /**
     * A key of {@code prefix} and a random suffix that kcat puts on {@code partition} of a topic with
     * {@code partitions} partitions. kcat partitions by librdkafka's default, the CRC-32 of the key (Java clients
     * take its murmur2 hash, so the two can put one key on different partitions).
     */
    public static String keyOnPartition(String prefix, int partition, int partitions) {
        while (true) {
            String key = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            CRC32 crc = new CRC32();
            crc.update(key.getBytes(StandardCharsets.UTF_8));
            if (crc.getValue() % partitions == partition) {
                return key;
            }
        }
    }

    public static Path tempFile(String content) throws IOException {
        Path file = Files.createTempFile("kcat", ".json");
        Files.writeString(file, content);
        file.toFile().deleteOnExit();
        return file;
    }
}
