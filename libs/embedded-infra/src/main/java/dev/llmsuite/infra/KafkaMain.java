package dev.llmsuite.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A Kafka broker as a process of its own, so that it can be killed (SIGKILL) and started again on the same
 * data and ports, as the fault-injection run does. SIGTERM stops it cleanly.
 *
 * <pre>java dev.llmsuite.infra.KafkaMain &lt;data-dir&gt; &lt;broker-port&gt; &lt;controller-port&gt;</pre>
 */
public final class KafkaMain {

    private KafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: KafkaMain <data-dir> <broker-port> <controller-port>");
            System.exit(2);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            stopped.countDown();
        }));
        kafka.start();
        System.out.println("KAFKA READY " + kafka.bootstrapServers());
        stopped.await();
    }
}
