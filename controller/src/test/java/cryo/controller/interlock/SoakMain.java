package cryo.controller.interlock;

/**
 * The seven-day no-false-trip soak, outside {@code ./mvnw verify} (it takes minutes). Run after a
 * build with: {@code java -cp "controller/target/test-classes:controller/target/classes:controller/target/lib/*"
 * cryo.controller.interlock.SoakMain [days] [seed]}. Exit code 0 = no trip.
 */
public final class SoakMain {
    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        double days = args.length > 0 ? Double.parseDouble(args[0]) : 7;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        try {
            SoakScenario s = new SoakScenario(seed).run(days);
            System.out.println("soak: " + s.summary());
            System.exit(s.trips.isEmpty() ? 0 : 1);
        } catch (AssertionError e) {
            System.out.println("soak: " + e.getMessage());
            System.exit(1);
        }
    }
}
