package io.cutovermonitor.service.packaged;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher {@code ./cutover-monitor} starts the JVM with a heap limit of 1 GiB unless the operator sets one.
 * <p>
 * The real script runs in a copy of the repository's layout where the jar is newer than the sources, so it builds
 * nothing ({@code mvnw} there fails the test if called), and {@code java} on its PATH only records the arguments it
 * was given. The JVM options recorded are then given to the real {@code java}, which says what heap they mean.
 */
class LauncherTest {

    private static final Path SCRIPT = Path.of("..", "cutover-monitor");
    private static final String JAR = "monitor-service/target/monitor-service-0.1.0-SNAPSHOT.jar";

    @TempDir
    Path repository;
    private Path recorded;

    @BeforeEach
    void aRepositoryWithABuiltJar() throws IOException {
        Files.copy(SCRIPT, repository.resolve("cutover-monitor"));
        Instant sources = Instant.now().minus(Duration.ofHours(1));
        Files.createDirectories(repository.resolve("validators/src"));
        Files.writeString(repository.resolve("validators/src/Source.java"), "");
        Files.createDirectories(repository.resolve("monitor-service/src"));
        Files.writeString(repository.resolve("monitor-service/src/Source.java"), "");
        Files.writeString(repository.resolve("pom.xml"), "");
        for (String source : List.of("validators/src/Source.java", "monitor-service/src/Source.java", "pom.xml")) {
            Files.setLastModifiedTime(repository.resolve(source), FileTime.from(sources));
        }
        Files.createDirectories(repository.resolve(JAR).getParent());
        Files.writeString(repository.resolve(JAR), "");
        recorded = repository.resolve("java-arguments");
        executable(repository.resolve("mvnw"), "#!/bin/sh\necho 'the launcher tried to build' >&2\nexit 97\n");
        executable(repository.resolve("bin/java"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '"
                + recorded + "'\n");
    }

    @Test
    void withNoOptionsTheHeapIsLimitedToOneGibibyte() throws Exception {
        List<String> arguments = launch(Map.of(), "--server.port=8081");

        assertThat(arguments).containsExactly("-Xmx1g", "-jar", JAR, "--server.port=8081");
        assertThat(maxHeapOf(jvmOptions(arguments))).isEqualTo(1024L * 1024 * 1024);
    }

    @Test
    void otherJvmOptionsKeepTheLimit() throws Exception {
        List<String> arguments = launch(Map.of("JAVA_OPTS", "-Dfile.encoding=UTF-8 -XX:+UseSerialGC"));

        assertThat(arguments).containsExactly("-Xmx1g", "-Dfile.encoding=UTF-8", "-XX:+UseSerialGC", "-jar", JAR);
    }

    @Test
    void aHeapSetInJavaOptsReplacesTheLimit() throws Exception {
        List<String> arguments = launch(Map.of("JAVA_OPTS", "-Xmx2g"));

        assertThat(arguments).containsExactly("-Xmx2g", "-jar", JAR);
        assertThat(maxHeapOf(jvmOptions(arguments))).isEqualTo(2L * 1024 * 1024 * 1024);
        for (String sizing : List.of("-XX:MaxRAMPercentage=50", "-XX:MaxHeapSize=3g", "-XX:MaxRAM=8g")) {
            assertThat(launch(Map.of("JAVA_OPTS", sizing))).as(sizing).containsExactly(sizing, "-jar", JAR);
        }
    }

    @Test
    void aHeapSetInJdkJavaOptionsReplacesTheLimit() throws Exception {
        // the java launcher reads JDK_JAVA_OPTIONS by itself, before the command line: a -Xmx1g there would win
        assertThat(launch(Map.of("JDK_JAVA_OPTIONS", "-Xmx3g"))).containsExactly("-jar", JAR);
    }

    /** Runs the launcher; the arguments its {@code java} got. */
    private List<String> launch(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repository.resolve("cutover-monitor").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true);
        launcher.environment().remove("JAVA_OPTS");
        launcher.environment().remove("JDK_JAVA_OPTIONS");
        launcher.environment().put("PATH", repository.resolve("bin") + ":" + System.getenv("PATH"));
        launcher.environment().putAll(environment);
        Files.deleteIfExists(recorded);
        Process process = launcher.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        assertThat(process.exitValue()).as("the launcher's exit code; its output: " + output).isZero();
        return Files.readAllLines(recorded);
    }

    /** The launcher's options to the JVM: what comes before {@code -jar}. */
    private static List<String> jvmOptions(List<String> arguments) {
        return arguments.subList(0, arguments.indexOf("-jar"));
    }

    /** The maximum heap, in bytes, that the real JVM gives itself with these options. */
    private static long maxHeapOf(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process java = builder.start();
        String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return flags.lines().filter(line -> line.matches("\\s*size_t MaxHeapSize\\s+=.*")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll(".*=\\s*(\\d+).*", "$1")))
                .orElseThrow(() -> new AssertionError("no MaxHeapSize in:\n" + flags));
    }

    private static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
