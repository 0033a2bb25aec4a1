package cryo.controller.interlock;

/**
 * Two sensors on one stage that disagree by more than {@code max(absoluteKelvin,
 * fraction·mean)} for N samples in a row: one of them is lying, and the loop may be following
 * the liar. Pure.
 */
public final class SensorDisagreementDetector {
    private final double absoluteKelvin;
    private final double fraction;
    private final int debounceSamples;
    private int over;
    private double lastDifferenceKelvin;
    private double lastLimitKelvin;

    public SensorDisagreementDetector(double absoluteKelvin, double fraction, int debounceSamples) {
        this.absoluteKelvin = Checks.positive("disagreementKelvin", absoluteKelvin);
        this.fraction = Checks.nonNegative("disagreementFraction", fraction);
        this.debounceSamples = Checks.atLeastOne("disagreementDebounceSamples", debounceSamples);
    }

    public boolean update(double aKelvin, double bKelvin) {
        if (Double.isNaN(aKelvin) || Double.isNaN(bKelvin)) {
            return false;
        }
        lastDifferenceKelvin = Math.abs(aKelvin - bKelvin);
        lastLimitKelvin = Math.max(absoluteKelvin, fraction * 0.5 * (aKelvin + bKelvin));
        over = lastDifferenceKelvin > lastLimitKelvin ? over + 1 : 0;
        return over >= debounceSamples;
    }

    public boolean causePresent() {
        return over > 0;
    }

    public double lastDifferenceKelvin() {
        return lastDifferenceKelvin;
    }

    public double lastLimitKelvin() {
        return lastLimitKelvin;
    }
}
