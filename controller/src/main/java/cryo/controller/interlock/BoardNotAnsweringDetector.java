package cryo.controller.interlock;

/** A board that stops answering: N consecutive ticks on which a transfer failed. Pure. */
public final class BoardNotAnsweringDetector {
    private final int maxFailedTicks;
    private int failed;

    public BoardNotAnsweringDetector(int maxFailedTicks) {
        this.maxFailedTicks = Checks.atLeastOne("notAnsweringTicks", maxFailedTicks);
    }

    public boolean update(boolean busFault) {
        failed = busFault ? failed + 1 : 0;
        return failed >= maxFailedTicks;
    }

    public boolean causePresent() {
        return failed > 0;
    }

    public int failedTicks() {
        return failed;
    }

    public int maxFailedTicks() {
        return maxFailedTicks;
    }
}
