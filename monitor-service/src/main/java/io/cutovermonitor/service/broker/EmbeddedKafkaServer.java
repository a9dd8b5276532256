package io.cutovermonitor.service.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (combined broker + controller) running in this JVM.
 * <p>
 * {@link #start()} formats the log directory on first use (a new cluster id), reuses the existing cluster id and
 * data on later starts, and returns once the broker accepts clients. {@link #close()} shuts it down in a controlled
 * way and waits for it. Plain Java: usable outside Spring (benchmarks, tools).
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaServer.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";

    private final BrokerProperties settings;
    private final Path dataDir;
    private KafkaRaftServer server;
    private String clusterId;

    public EmbeddedKafkaServer(BrokerProperties settings) {
        if (settings.port() <= 0 || settings.controllerPort() <= 0) {
            throw new IllegalArgumentException("Ports must be resolved before the broker starts: port="
                    + settings.port() + ", controllerPort=" + settings.controllerPort());
        }
        this.settings = settings;
        this.dataDir = settings.dataDir().toAbsolutePath().normalize();
    }

    /** Formats the data directory if needed and starts the broker; blocks until it serves clients. */
    public synchronized EmbeddedKafkaServer start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            KafkaConfig config = KafkaConfig.fromProps(brokerProperties());
            clusterId = existingClusterId().orElseGet(Uuid.randomUuid()::toString);
            format(config);
            KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                raftServer.startup();
            } catch (RuntimeException e) {
                shutdown(raftServer);
                throw e;
            }
            server = raftServer;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare Kafka data directory " + dataDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Embedded Kafka broker did not start on " + bootstrapServers()
                    + " (data " + dataDir + "): " + e.getMessage(), e);
        }
        log.info("Embedded Kafka broker started in {} ms: bootstrap servers {}, controller 127.0.0.1:{}, cluster {}, data {}",
                (System.nanoTime() - started) / 1_000_000, bootstrapServers(), settings.controllerPort(), clusterId,
                dataDir);
        return this;
    }

    /** Controlled shutdown; waits until the broker and controller have stopped. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        long started = System.nanoTime();
        shutdown(server);
        server = null;
        log.info("Embedded Kafka broker on {} stopped in {} ms", bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    /** The KRaft cluster id (kept in {@code meta.properties} of the data directory); null before {@link #start()}. */
    public synchronized String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker configuration (a {@code server.properties} equivalent). */
    Properties brokerProperties() {
        String host = settings.host();
        String controller = host + ":" + settings.controllerPort();
        String maxMessageBytes = Long.toString(settings.maxMessageSize().toBytes());
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(settings.nodeId()));
        p.put("controller.quorum.voters", settings.nodeId() + "@" + controller);
        p.put("listeners", "PLAINTEXT://" + host + ":" + settings.port() + "," + CONTROLLER_LISTENER + "://" + controller);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + settings.port());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // One node: every internal topic has a single replica.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", Integer.toString(settings.partitions()));
        // The service creates its topics explicitly; a typo in an outside producer must not create a new topic.
        p.put("auto.create.topics.enable", "false");
        // Accept records above the service's event limit: the service rejects oversize events with a reason.
        p.put("message.max.bytes", maxMessageBytes);
        p.put("replica.fetch.max.bytes", maxMessageBytes);
        // The log cleaner (compacted __consumer_offsets) allocates this up front; 128 MiB by default.
        p.put("log.cleaner.dedupe.buffer.size", Long.toString(16L * 1024 * 1024));
        // A laptop / CI box, not a dedicated server.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        settings.properties().forEach(p::put);
        return p;
    }

    private Optional<String> existingClusterId() throws IOException {
        Path meta = dataDir.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        }
        return Optional.ofNullable(props.getProperty("cluster.id")).filter(id -> !id.isBlank());
    }

    private void format(KafkaConfig config) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
                .setNodeId(settings.nodeId())
                .setClusterId(clusterId)
                .setIgnoreFormatted(true)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(config.logDirs());
        formatter.run();
        String report = out.toString(StandardCharsets.UTF_8).strip();
        if (!report.isEmpty()) {
            log.debug("Kafka storage format: {}", report);
        }
    }

    private static void shutdown(KafkaRaftServer raftServer) {
        try {
            raftServer.shutdown();
        } finally {
            raftServer.awaitShutdown();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaServer[" + bootstrapServers() + ", data=" + dataDir + "]";
    }
}
