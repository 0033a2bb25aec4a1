package cryo.sim.plant;

/**
 * One stage of a two-stage pulse tube: cooling capacity as a function of its own temperature.
 *
 * <p>Capacity is zero at the no-load temperature and passes exactly through the rated point (e.g. 40 W at
 * 45 K): the linear fit CRYOSTAT.md calls fair. A linear fit extrapolated to room temperature would claim
 * hundreds of watts, so it saturates smoothly at {@code maxWatts}: Q(T) = Q_max·tanh(s·(T − T₀)/Q_max),
 * with s chosen so Q(T_rated) = Q_rated. Below T₀ the capacity is negative: a load colder than the cold head
 * is warmed back towards T₀, as a real stage behaves. Stopping it (fault) makes the capacity zero; the
 * stopped tube's own conduction is a separate {@link ConductanceLink}.
 */
final class PulseTubeStage extends HeatPath {

    private final int stage;
    private final double noLoadKelvin;
    private final double maxWatts;
    private final double slopeWattsPerKelvin;
    private boolean running = true;
    /** Ripple on the cooling power this substep, watts (positive = more cooling); set by the plant. */
    private double rippleWatts;

    PulseTubeStage(int stage, double ratedWatts, double ratedKelvin, double noLoadKelvin, double maxWatts) {
        super(EnergyAccount.PULSE_TUBE);
        this.stage = stage;
        this.noLoadKelvin = noLoadKelvin;
        this.maxWatts = maxWatts;
        double ratio = ratedWatts / maxWatts;
        // atanh(ratio) keeps the rated point exact despite the saturation; ratio == 1 would be infinite
        double atanh = ratio >= 1 ? 20 : 0.5 * Math.log((1 + ratio) / (1 - ratio));
        this.slopeWattsPerKelvin = maxWatts * atanh / (ratedKelvin - noLoadKelvin);
    }

    /** Cooling capacity at a stage temperature, watts (0 when stopped). */
    double capacityWatts(double kelvin) {
        if (!running || maxWatts == 0) {
            return 0;
        }
        return maxWatts * Math.tanh(slopeWattsPerKelvin * (kelvin - noLoadKelvin) / maxWatts);
    }

    /** The ripple term for the next step (zero-mean over a cycle; ignored while stopped). */
    void setRippleWatts(double rippleWatts) {
        this.rippleWatts = rippleWatts;
    }

    void setRunning(boolean running) {
        this.running = running;
    }

    boolean isRunning() {
        return running;
    }

    @Override
    void accumulate(NetworkState s) {
        if (!running || maxWatts == 0) {
            lastWattsIn = 0;
            return;
        }
        double th = Math.tanh(slopeWattsPerKelvin * (s.kelvin[stage] - noLoadKelvin) / maxWatts);
        double q = maxWatts * th + rippleWatts;
        s.source(stage, -q, -slopeWattsPerKelvin * (1 - th * th));
        lastWattsIn = -q;
    }
}
