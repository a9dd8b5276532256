package io.cutovermonitor.service.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service jar run as a child process, as an operator runs it: its own JVM, command-line arguments, its
 * output appended to {@code <name>.log} in the test's working directory. A process of its own is what a SIGKILL
 * can take down without taking the test with it.
 */
public final class PackagedService implements AutoCloseable {

    /**
     * The heap limit the child JVM runs with, as {@code ./cutover-monitor} starts the service: without one each child
     * would take a quarter of the machine's memory, and a test runs up to three of them next to its own JVM.
     */
    public static final String HEAP = "-Xmx1g";

    private final Process process;
    private final int httpPort;

    private PackagedService(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts {@code target/monitor-service-*.jar} with the given arguments and HTTP on {@code httpPort}, and waits
     * until its health is UP.
     */
    public static PackagedService start(Path workingDirectory, String name, int httpPort, List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), HEAP, "-jar", packagedJar().toString()));
        command.addAll(arguments);
        if (arguments.stream().noneMatch(a -> a.startsWith("--monitor.decisions.signing-key="))) {
            command.add(TestDecisionKey.ARGUMENT);
        }
        command.add("--server.port=" + httpPort);
        Path log = workingDirectory.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PackagedService service = new PackagedService(process, httpPort);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(process.isAlive()).as(name + " is running; see its log in " + log).isTrue();
                return service.healthy();
            });
        } catch (RuntimeException | AssertionError e) {
            service.close();
            throw e;
        }
        return service;
    }

    public Process process() {
        return process;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** SIGKILL: no shutdown hook, no flush, no commit; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private boolean healthy() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("monitor-service-.*\\.jar"))
                    .map(Path::toAbsolutePath).findFirst()
                    .orElseThrow(() -> new IllegalStateException("package the service first (mvn package)"));
        }
    }
}
