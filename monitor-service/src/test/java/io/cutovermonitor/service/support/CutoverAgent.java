package io.cutovermonitor.service.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** cutover-agent as a user runs it: its packaged jar in a process of its own, with the environment given. */
public final class CutoverAgent {

    private static final Path JAR = Path.of("..", "agent", "target", "agent-0.1.0-SNAPSHOT-cli.jar");

    private CutoverAgent() {
    }

    /** What a run printed (standard output and error, interleaved) and its exit status. */
    public record Ran(int status, String output) {
    }

    public static Ran run(Map<String, String> environment, String... args) throws Exception {
        assertThat(Files.exists(JAR)).as("the agent's jar %s: ./mvnw -pl agent -am package", JAR).isTrue();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), output);
    }
}
