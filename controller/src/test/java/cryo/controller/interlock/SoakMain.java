package cryo.controller.interlock;

/**
 * The seven-day no-false-trip soak ({@link SoakScenario}), outside {@code ./mvnw verify} (it takes
 * minutes). From the repository root:
 * <pre>
 * nice -n 19 mvn -q -o -pl controller -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/soak.cp -Dmdep.includeScope=test
 * nice -n 19 java -cp "controller/target/test-classes:controller/target/classes:$(cat controller/target/soak.cp)" \
 *     cryo.controller.interlock.SoakMain 7 7
 * </pre>
 * Arguments: days (default 7) and seed (default 7); a third argument {@code cryostat} runs
 * {@link CryostatSoak} (five-stage fridge, pulse-tube ripple, pulses heating the 4 K plate)
 * instead of the mixing-chamber soak, e.g. {@code SoakMain 7 7 cryostat}. Exit code 0 = no trip.
 */
public final class SoakMain {
    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        double days = args.length > 0 ? Double.parseDouble(args[0]) : 7;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        try {
            boolean cryostat = args.length > 2 && "cryostat".equals(args[2]);
            if (args.length > 2 && !cryostat) {
                System.out.println("soak: unknown plant '" + args[2] + "' (the only option is 'cryostat')");
                System.exit(2);
            }
            SoakScenario s = (cryostat ? SoakScenario.cryostat(seed) : new SoakScenario(seed)).run(days);
            System.out.println("soak: " + s.summary());
            System.exit(s.trips.isEmpty() ? 0 : 1);
        } catch (AssertionError e) {
            System.out.println("soak: " + e.getMessage());
            System.exit(1);
        }
    }
}
