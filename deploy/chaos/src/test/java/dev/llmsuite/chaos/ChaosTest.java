package dev.llmsuite.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI-sized fault-injection run: every target killed once (Kafka, generation, embedding, one pricing
 * replica), the other replica once, PostgreSQL stopped once, under load from three tenants. A fixed seed, so
 * a failure can be replayed; nothing here depends on how fast the machine is.
 */
class ChaosTest {

    @TempDir
    Path work;

    @Test
    void everyServedRequestIsBilledExactlyOnceWhateverIsKilled() throws Exception {
        ChaosRun.Result result = ChaosRun.run(new ChaosRun.Settings(1, 1, 17L, work), System.out::println);
        System.out.println(result.details());
        System.out.println(result.line());

        assertTrue(result.served() > 0, "load was served");
        assertEquals(5, result.kills(), "each of the 4 targets + the second pricing replica");
        assertEquals(0, result.lost(), result.line());
        assertEquals(0, result.duplicated(), result.line());
        assertEquals(result.served(), result.billed(), result.line());
        assertEquals(0, result.wrongAmount(), "tokens and cost as the client was told: " + result.details());
        assertEquals(0, result.refusedBilled(), "a refused request is never billed: " + result.details());
    }
}
