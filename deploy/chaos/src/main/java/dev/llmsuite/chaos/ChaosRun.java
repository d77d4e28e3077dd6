package dev.llmsuite.chaos;

import dev.llmsuite.reference.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The fault-injection run: steady load through the gateway while the generation-service, the
 * embedding-service, a pricing-service replica and the Kafka broker are each killed with SIGKILL several times
 * and restarted, the second pricing replica once, and PostgreSQL is stopped for a while; then the ledger is
 * audited against what the clients received. Faults come one at a time, in a seeded random order, at random
 * moments; each victim is restarted and the run waits (with generous deadlines, never a timing assertion) for
 * it to serve again before the next fault.
 */
public final class ChaosRun {

    /**
     * @param killsPerTarget SIGKILLs for each of generation, embedding, pricing replica A and Kafka
     * @param postgresStops  how many times PostgreSQL is stopped for a while
     */
    public record Settings(int killsPerTarget, int postgresStops, long seed, Path work) {
    }

    /** The audit, and how many SIGKILLs and PostgreSQL stops it survived. */
    public record Result(long served, long billed, long lost, long duplicated, long wrongAmount, long refused, long refusedBilled,
                         long indeterminate, long indeterminateBilled, int kills, int postgresStops) {

        public String line() {
            return "RESULT chaos served=" + served + " billed=" + billed + " lost=" + lost + " duplicated=" + duplicated
                    + " kills=" + kills;
        }

        public String details() {
            return "chaos: wrong_amount=" + wrongAmount + " refused=" + refused + " refused_billed=" + refusedBilled
                    + " indeterminate=" + indeterminate + " (billed " + indeterminateBilled + ") postgres_stops=" + postgresStops;
        }
    }

    private static final Duration AUDIT_DEADLINE = Duration.ofMinutes(5);

    private ChaosRun() {
    }

    public static Result run(Settings settings, Consumer<String> progress) throws Exception {
        Files.createDirectories(settings.work());
        List<Tenant> tenants = List.of(Tenant.named("acme"), Tenant.named("globex"), Tenant.named("initech"));
        Random random = new Random(settings.seed());
        try (ChaosCluster cluster = new ChaosCluster(repository(), settings.work(), SharedData.model("stories260K.gguf"), tenants)) {
            progress.accept("starting Kafka, PostgreSQL, 2 pricing replicas, embedding, generation and the gateway in " + settings.work());
            cluster.start();
            LoadDriver load = new LoadDriver(cluster.gatewayUrl(), tenants);
            awaitServed(load, 10);
            int kills = 0;
            int stops = 0;
            for (Fault fault : schedule(cluster, settings, random)) {
                pause(random, 2_000, 5_000);
                progress.accept("fault: " + fault.describe() + " (served so far: " + load.served() + ")");
                if (fault.stopForAWhile()) {
                    fault.victim().stop();
                    pause(random, 5_000, 10_000);
                    stops++;
                } else {
                    fault.victim().kill();
                    pause(random, 500, 3_000);
                    kills++;
                }
                fault.victim().start();
                fault.victim().awaitReady(ChaosCluster.START_DEADLINE);
            }
            awaitServed(load, load.served() + 10);
            List<Outcome> outcomes = load.stop();
            progress.accept("load stopped after " + outcomes.size() + " requests; auditing the ledger");
            LedgerAudit.Result audit = LedgerAudit.awaitAndAudit(cluster.jdbcUrl(), outcomes, AUDIT_DEADLINE);
            return new Result(audit.served(), audit.billed(), audit.lost(), audit.duplicated(), audit.wrongAmount(), audit.refused(),
                    audit.refusedBilled(), audit.indeterminate(), audit.indeterminateBilled(), kills, stops);
        }
    }

    private record Fault(ManagedProcess victim, boolean stopForAWhile) {
        String describe() {
            return (stopForAWhile ? "stop " : "SIGKILL ") + victim.name();
        }
    }

    private static List<Fault> schedule(ChaosCluster cluster, Settings settings, Random random) {
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < settings.killsPerTarget(); i++) {
            for (ManagedProcess victim : List.of(cluster.generation, cluster.embedding, cluster.pricingA, cluster.kafka)) {
                faults.add(new Fault(victim, false));
            }
        }
        faults.add(new Fault(cluster.pricingB, false));
        for (int i = 0; i < settings.postgresStops(); i++) {
            faults.add(new Fault(cluster.postgres, true));
        }
        Collections.shuffle(faults, random);
        return faults;
    }

    /** Waits until the clients have been served {@code count} times: load must flow around the faults. */
    private static void awaitServed(LoadDriver load, long count) throws InterruptedException {
        long end = System.nanoTime() + ChaosCluster.START_DEADLINE.toNanos();
        while (load.served() < count && System.nanoTime() < end) {
            Thread.sleep(200);
        }
    }

    private static void pause(Random random, int fromMillis, int toMillis) throws InterruptedException {
        Thread.sleep(fromMillis + random.nextInt(toMillis - fromMillis));
    }

    /** The repository root: the folder with the {@code suite} launcher, found from the working directory up. */
    static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("suite")) && Files.isDirectory(dir.resolve("pricing-service"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the repository");
    }
}
