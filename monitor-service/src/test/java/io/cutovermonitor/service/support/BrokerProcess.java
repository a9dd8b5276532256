package io.cutovermonitor.service.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cutovermonitor.service.broker.BrokerProperties;
import io.cutovermonitor.service.broker.EmbeddedKafkaServer;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft broker in a JVM of its own — the product's {@link EmbeddedKafkaServer} with its settings —
 * on a data directory and ports that stay the same across restarts. A test can kill it with SIGKILL, as a crashed
 * broker host, and start it again while the service, in the test's JVM, keeps running against it.
 * <p>
 * The broker JVM ends by itself when the test JVM goes away (it watches its standard input), so a crashed test run
 * leaves no broker behind.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final Path log;
    private final Path ready;
    private final int port;
    private final int controllerPort;
    private Process process;

    private BrokerProcess(Path workDirectory) {
        this.dataDir = workDirectory.resolve("kafka").toAbsolutePath();
        this.log = workDirectory.resolve("broker.log").toAbsolutePath();
        this.ready = workDirectory.resolve("broker.ready").toAbsolutePath();
        this.port = Ports.free();
        int controller = Ports.free();
        while (controller == port) {
            controller = Ports.free();
        }
        this.controllerPort = controller;
    }

    /** Starts a broker with its data under {@code workDirectory}, on ports free now, and waits until it serves. */
    public static BrokerProcess start(Path workDirectory) {
        BrokerProcess broker = new BrokerProcess(workDirectory);
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker JVM on the same data directory and ports; returns once the broker accepts clients. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        try {
            Files.deleteIfExists(ready);
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"),
                    BrokerProcess.class.getName(),
                    Integer.toString(port), Integer.toString(controllerPort), dataDir.toString(), ready.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start(); // standard input stays a pipe from this JVM: its end tells the broker to go
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.exists(ready)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the broker did not start; see " + log + ":\n"
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SIGKILL: no controlled shutdown and no goodbye to clients; the next start recovers the logs and the KRaft
     * metadata from the data directory. Returns once the process is gone and its ports are closed.
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            if (!process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker process did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return "BrokerProcess[" + bootstrapServers() + ", data=" + dataDir + "]";
    }

    /**
     * The broker JVM: {@code port controllerPort dataDir readyFile}. Every other setting is the product's default,
     * bound the way the service binds {@code monitor.broker.*}.
     */
    public static void main(String[] args) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("io.cutovermonitor")).setLevel(Level.INFO);
        BrokerProperties settings = new Binder(new MapConfigurationPropertySource(Map.of(
                BrokerProperties.PREFIX + ".port", args[0],
                BrokerProperties.PREFIX + ".controller-port", args[1],
                BrokerProperties.PREFIX + ".data-dir", args[2])))
                .bindOrCreate(BrokerProperties.PREFIX, BrokerProperties.class);
        EmbeddedKafkaServer server = new EmbeddedKafkaServer(settings).start();
        Files.writeString(Path.of(args[3]), server.clusterId());
        // the test JVM holds our standard input open; when it is gone, so is the broker
        while (System.in.read() >= 0) {
            // nothing is sent
        }
        Runtime.getRuntime().halt(1);
    }
}
