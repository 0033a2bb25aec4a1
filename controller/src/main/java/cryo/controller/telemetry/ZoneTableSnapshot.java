package cryo.controller.telemetry;

import cryo.controller.config.LoopConfig;
import cryo.controller.config.ZoneConfig;
import cryo.controller.heater.ZoneTable;
import cryo.v1.LoopStatus;
import cryo.v1.Zone;

/**
 * One loop's zone table as primitives, preallocated for {@link LoopConfig#MAX_ZONES} rows: the
 * ring thread copies into it without allocating, the publisher turns it into {@code Zone} rows.
 */
public final class ZoneTableSnapshot {
    private int count;
    private final double[] upperBoundKelvin = new double[LoopConfig.MAX_ZONES];
    private final double[] p = new double[LoopConfig.MAX_ZONES];
    private final double[] i = new double[LoopConfig.MAX_ZONES];
    private final double[] d = new double[LoopConfig.MAX_ZONES];
    private final int[] heaterRange = new int[LoopConfig.MAX_ZONES];
    private final double[] maxOutputWatts = new double[LoopConfig.MAX_ZONES];
    private final double[] rampRateKelvinPerMinute = new double[LoopConfig.MAX_ZONES];

    /** Ring thread: copies the table's rows (at most MAX_ZONES, as every table is checked to be). */
    void copyFrom(ZoneTable table) {
        count = Math.min(table.size(), LoopConfig.MAX_ZONES);
        for (int k = 0; k < count; k++) {
            ZoneConfig z = table.zone(k);
            upperBoundKelvin[k] = z.upperBoundKelvin();
            p[k] = z.p();
            i[k] = z.i();
            d[k] = z.d();
            heaterRange[k] = z.heaterRange();
            maxOutputWatts[k] = z.maxOutputWatts();
            rampRateKelvinPerMinute[k] = z.rampRateKelvinPerMinute();
        }
    }

    /** Publisher thread: the rows as {@code LoopStatus.zones}. */
    void addTo(LoopStatus.Builder loop) {
        for (int k = 0; k < count; k++) {
            loop.addZones(Zone.newBuilder()
                    .setUpperBoundKelvin(upperBoundKelvin[k])
                    .setP(p[k]).setI(i[k]).setD(d[k])
                    .setHeaterRange(heaterRange[k])
                    .setMaxOutputWatts(maxOutputWatts[k])
                    .setRampRateKelvinPerMinute(rampRateKelvinPerMinute[k]));
        }
    }

    public int count() {
        return count;
    }
}
