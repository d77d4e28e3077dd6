package dev.llmsuite.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher's infrastructure process: Kafka and PostgreSQL with data under one folder, until
 * the process is told to stop (SIGTERM / Ctrl-C), when both shut down cleanly.
 *
 * <pre>java dev.llmsuite.infra.InfraMain &lt;data-dir&gt; &lt;kafka-port&gt; &lt;postgres-port&gt;</pre>
 */
public final class InfraMain {

    private InfraMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: InfraMain <data-dir> <kafka-port> <postgres-port>");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(data.resolve("postgres"), Integer.parseInt(args[2]));
        EmbeddedKafka kafka = new EmbeddedKafka(data.resolve("kafka"), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            postgres.stop();
            stopped.countDown();
        }));
        postgres.start();
        System.out.println("postgres ready: " + postgres.jdbcUrl());
        kafka.start();
        System.out.println("kafka ready: " + kafka.bootstrapServers());
        System.out.println("INFRA READY");
        stopped.await();
    }
}
