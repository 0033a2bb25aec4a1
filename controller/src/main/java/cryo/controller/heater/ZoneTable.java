package cryo.controller.heater;

import cryo.controller.config.ZoneConfig;
import java.util.List;

/**
 * A checked, immutable zone table: which zone a setpoint falls in. The first zone whose upper
 * bound is at or above the setpoint applies; above the last bound the last zone applies.
 */
public final class ZoneTable {
    public static final ZoneTable EMPTY = new ZoneTable(List.of());
    private final ZoneConfig[] zones;

    /** The rows must already be checked ({@link ZoneConfig#tableProblem}). */
    public ZoneTable(List<ZoneConfig> rows) {
        this.zones = rows.toArray(new ZoneConfig[0]);
    }

    public int size() {
        return zones.length;
    }

    public ZoneConfig zone(int index) {
        return zones[index];
    }

    /** Zone index for a setpoint; -1 when the table is empty. */
    public int select(double setpointKelvin) {
        for (int k = 0; k < zones.length; k++) {
            if (setpointKelvin <= zones[k].upperBoundKelvin()) {
                return k;
            }
        }
        return zones.length - 1;
    }
}
