package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** No false trips: one simulated day of normal operation (the seven-day run is {@link SoakMain}). */
class SoakOneDayTest {
    @Test
    void oneSimulatedDayOfNormalOperationTripsNothing() throws Exception {
        SoakScenario s = new SoakScenario(2026).run(1.0);
        System.out.println("soak: " + s.summary());
        assertEquals(List.of(), s.trips, s.summary());
    }
}
