package dev.llmsuite.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * PostgreSQL as a process of its own, so that it can be stopped for a while and started again on the same
 * data, as the fault-injection run does. SIGTERM stops the server cleanly (the server is a child of this
 * process, so SIGTERM rather than SIGKILL: a killed parent would leave the server running).
 *
 * <pre>java dev.llmsuite.infra.PostgresMain &lt;data-dir&gt; &lt;port&gt;</pre>
 */
public final class PostgresMain {

    private PostgresMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: PostgresMain <data-dir> <port>");
            System.exit(2);
        }
        EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            postgres.stop();
            stopped.countDown();
        }));
        postgres.start();
        System.out.println("POSTGRES READY " + postgres.jdbcUrl());
        stopped.await();
    }
}
