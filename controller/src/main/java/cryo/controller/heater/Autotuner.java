package cryo.controller.heater;

import cryo.v1.LoopMode;

/**
 * Relay autotune (Åström–Hägglund): the heater switches between bias ± step around the setpoint
 * (with a little hysteresis against sensor noise); the stage settles into a limit cycle whose
 * amplitude a and period Pu give the ultimate gain Ku = 4·step/(π·a). Gains follow the
 * Tyreus–Luyben PI rule (Kp = Ku/3.2, Ti = 2.2·Pu), gentler than Ziegler–Nichols, because a fridge
 * stage would rather be slow than ring. Pure: no clock, no allocation in {@link #update}.
 *
 * <p>Safety: leaving the amplitude limit, the total timeout, a sensor fault or an abort end the
 * run with the heater off.
 *
 * <p>A relay switched once a tick cannot cycle faster than two ticks. A period under
 * {@link #MIN_PERIOD_TICKS} ticks means the stage answers within about a tick: the cycle is set
 * by the sampling, and the gains fit the loop at this tick rather than the stage. The result is
 * kept (the sampled loop is what runs) but flagged, in the message and {@link #periodAtTickLimit}.
 */
public final class Autotuner {
    public static final String IDLE = "idle";
    public static final String RELAY = "relay";
    public static final String DONE = "done";
    public static final String ABORTED = "aborted";
    public static final String FAILED = "failed";

    public static final String ABORTED_COMMAND = "aborted by command";
    public static final String ABORTED_MODE = "aborted by a mode change";
    public static final String ABORTED_INTERLOCK = "aborted: interlock tripped";
    static final String FAIL_AMPLITUDE = "temperature left the amplitude limit: use a smaller step";
    static final String FAIL_TIMEOUT = "no steady oscillation before the timeout";
    static final String FAIL_SENSOR = "sensor fault during tuning";
    static final String NOTE_TICK_LIMIT = "period under " + Autotuner.MIN_PERIOD_TICKS
            + " control ticks: the stage answers within a tick, so these gains fit this tick rather than the stage; check them with a setpoint step";

    /** Full cycles to see; the last {@link #CYCLES_MEASURED} are averaged. */
    static final int CYCLES_WANTED = 6;
    static final int CYCLES_MEASURED = 3;
    /** Periods shorter than this many control ticks are at the sampling limit (two ticks is the fastest relay cycle). */
    public static final int MIN_PERIOD_TICKS = 4;

    private String state = IDLE;
    private String message = "";
    private String faultReason = PidController.NO_FAULT;
    private int zone;
    private LoopMode returnMode = LoopMode.LOOP_MODE_OFF;
    private double setpointKelvin;
    private double biasWatts;
    private double stepWatts;
    private double amplitudeLimitKelvin;
    private double hysteresisKelvin;
    private double ceilingWatts;
    private long startTicks;
    private long timeoutTicks;
    /** Relay updates since start: with the elapsed time, the control tick. */
    private long updates;
    private double periodTicks;
    private boolean periodAtTickLimit;
    private boolean heating;
    private long lastRiseTicks = Long.MIN_VALUE;
    private double cycleMax;
    private double cycleMin;
    private int cycles;
    private final double[] amplitudes = new double[CYCLES_WANTED];
    private final double[] periods = new double[CYCLES_WANTED];
    private double amplitudeKelvin;
    private double periodSeconds;
    private double resultP;
    private double resultI;
    private double resultD;

    void start(int zone, double setpointKelvin, double biasWatts, double stepWatts, double amplitudeLimitKelvin,
               double timeoutSeconds, double ceilingWatts, LoopMode returnMode, long nowTicks) {
        this.zone = zone;
        this.setpointKelvin = setpointKelvin;
        this.biasWatts = biasWatts;
        this.stepWatts = stepWatts;
        this.amplitudeLimitKelvin = amplitudeLimitKelvin;
        this.hysteresisKelvin = amplitudeLimitKelvin * 0.02;
        this.ceilingWatts = ceilingWatts;
        this.returnMode = returnMode;
        this.startTicks = nowTicks;
        this.timeoutTicks = Math.round(timeoutSeconds * 1e9);
        this.heating = true;
        this.lastRiseTicks = Long.MIN_VALUE;
        this.cycleMax = Double.NEGATIVE_INFINITY;
        this.cycleMin = Double.POSITIVE_INFINITY;
        this.cycles = 0;
        this.amplitudeKelvin = 0;
        this.periodSeconds = 0;
        this.updates = 0;
        this.periodTicks = 0;
        this.periodAtTickLimit = false;
        this.state = RELAY;
        this.message = "relay ± " + stepWatts + " W around " + biasWatts + " W";
        this.faultReason = PidController.NO_FAULT;
    }

    /** One tick of the relay; returns the heater power. */
    double update(double measurementKelvin, long measurementTicks, long nowTicks, boolean sensorFaulted) {
        if (state != RELAY) {
            return 0.0;
        }
        updates++;
        if (sensorFaulted || !Double.isFinite(measurementKelvin)) {
            fail(FAIL_SENSOR);
            faultReason = FAIL_SENSOR;
            return 0.0;
        }
        if (nowTicks - startTicks > timeoutTicks) {
            fail(FAIL_TIMEOUT);
            return 0.0;
        }
        double error = measurementKelvin - setpointKelvin;
        if (Math.abs(error) > amplitudeLimitKelvin) {
            fail(FAIL_AMPLITUDE);
            return 0.0;
        }
        cycleMax = Math.max(cycleMax, measurementKelvin);
        cycleMin = Math.min(cycleMin, measurementKelvin);
        if (heating && error > hysteresisKelvin) {
            heating = false;
        } else if (!heating && error < -hysteresisKelvin) {
            heating = true;
            onRise(nowTicks);
        }
        if (state != RELAY) {
            return 0.0;
        }
        double out = heating ? biasWatts + stepWatts : biasWatts - stepWatts;
        return Math.max(0.0, Math.min(ceilingWatts, out));
    }

    /** A switch to heating closes one cycle (rise to rise). */
    private void onRise(long nowTicks) {
        if (lastRiseTicks != Long.MIN_VALUE) {
            int k = cycles % CYCLES_WANTED;
            amplitudes[k] = (cycleMax - cycleMin) / 2.0;
            periods[k] = (nowTicks - lastRiseTicks) * 1e-9;
            cycles++;
            amplitudeKelvin = amplitudes[k];
            periodSeconds = periods[k];
            if (cycles >= CYCLES_WANTED) {
                finish(nowTicks);
            }
        }
        lastRiseTicks = nowTicks;
        cycleMax = Double.NEGATIVE_INFINITY;
        cycleMin = Double.POSITIVE_INFINITY;
    }

    private void finish(long nowTicks) {
        double a = 0;
        double pu = 0;
        for (int k = cycles - CYCLES_MEASURED; k < cycles; k++) {
            a += amplitudes[k % CYCLES_WANTED];
            pu += periods[k % CYCLES_WANTED];
        }
        a /= CYCLES_MEASURED;
        pu /= CYCLES_MEASURED;
        if (!(a > 0) || !(pu > 0)) {
            fail(FAIL_TIMEOUT);
            return;
        }
        double ku = 4.0 * stepWatts / (Math.PI * a);
        resultP = ku / 3.2;
        resultI = resultP / (2.2 * pu);
        resultD = 0.0; // a stage dominated by one lag and sensor noise gains nothing from D
        amplitudeKelvin = a;
        periodSeconds = pu;
        double tickSeconds = (nowTicks - startTicks) * 1e-9 / updates;
        periodTicks = pu / tickSeconds;
        periodAtTickLimit = periodTicks < MIN_PERIOD_TICKS;
        state = DONE;
        message = "Ku=" + (float) ku + " W/K Pu=" + (float) pu + " s (" + (float) periodTicks + " ticks) -> p=" + (float) resultP
                + " i=" + (float) resultI + (periodAtTickLimit ? "; " + NOTE_TICK_LIMIT : "");
    }

    private void fail(String why) {
        state = FAILED;
        message = why;
    }

    void abort(String why) {
        if (state == RELAY) {
            state = ABORTED;
            message = why;
        }
    }

    boolean finished() {
        return state != RELAY;
    }

    boolean succeeded() {
        return state == DONE;
    }

    public boolean running() {
        return state == RELAY;
    }

    public String state() {
        return state;
    }

    public String message() {
        return message;
    }

    String faultReason() {
        return faultReason;
    }

    public int zone() {
        return zone;
    }

    LoopMode returnMode() {
        return returnMode;
    }

    public int cyclesSeen() {
        return cycles;
    }

    public double amplitudeKelvin() {
        return amplitudeKelvin;
    }

    public double periodSeconds() {
        return periodSeconds;
    }

    /** The identified period in control ticks (0 until done). */
    public double periodTicks() {
        return periodTicks;
    }

    /** Whether the identified period was under {@link #MIN_PERIOD_TICKS} ticks: set by the sampling, not the stage. */
    public boolean periodAtTickLimit() {
        return periodAtTickLimit;
    }

    public double resultP() {
        return resultP;
    }

    public double resultI() {
        return resultI;
    }

    public double resultD() {
        return resultD;
    }
}
