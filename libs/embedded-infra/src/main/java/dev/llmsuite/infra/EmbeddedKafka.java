package dev.llmsuite.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process),
 * listening on loopback. Its ports and data folder stay the same across {@link #stop()} and
 * {@link #start()}, so clients reconnect and nothing written before a restart is lost.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    /** @param brokerPort 0 picks a free port once; it is then kept across restarts */
    public EmbeddedKafka(Path dataDir, int brokerPort) {
        this(dataDir, brokerPort, 0);
    }

    /**
     * @param controllerPort fixed when another process restarts the broker on the same data (the KRaft quorum
     *                       keeps its voter's address); 0 picks a free one
     */
    public EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.brokerPort = brokerPort == 0 ? FreePorts.pick() : brokerPort;
        this.controllerPort = controllerPort == 0 ? FreePorts.pick() : controllerPort;
    }

    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            KafkaConfig config = new KafkaConfig(properties(), false);
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                format();
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker failed to start on port " + brokerPort + " with data in " + dataDir, e);
        }
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public int port() {
        return brokerPort;
    }

    @Override
    public void close() {
        stop();
    }

    private void format() throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(dataDir.toString())
                .setDirectories(List.of(dataDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Large enough for the pricing tests' oversized poison record; producers still default to 1 MB.
        p.put("message.max.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("log.flush.interval.messages", "1");
        return p;
    }
}
