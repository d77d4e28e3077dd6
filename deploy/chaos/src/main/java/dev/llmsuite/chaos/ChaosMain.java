package dev.llmsuite.chaos;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./suite chaos [kills-per-target] [seed]}: the fault-injection run at full size (4 SIGKILLs of each
 * target, PostgreSQL stopped twice by default); exits 1 when a served request is lost, billed twice or billed
 * wrong, or a refused one is billed.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Path work = Files.createTempDirectory("llmsuite-chaos-");
        System.out.println("chaos: seed " + seed + ", " + kills + " SIGKILLs per target; logs in " + work.resolve("logs"));
        ChaosRun.Result result = ChaosRun.run(new ChaosRun.Settings(kills, Math.max(1, kills / 2), seed, work), System.out::println);
        System.out.println(result.details());
        System.out.println(result.line());
        boolean clean = result.lost() == 0 && result.duplicated() == 0 && result.wrongAmount() == 0 && result.refusedBilled() == 0;
        System.exit(clean ? 0 : 1);
    }
}
