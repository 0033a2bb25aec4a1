package cryo.sim.plant;

/**
 * One way heat moves: a link between two stages, radiation, a cooler. {@link #accumulate} adds its flow
 * and derivatives; paths that cross the cryostat's boundary remember the heat they brought in
 * ({@link #lastWattsIn}) so the integrator can book it once a step is accepted.
 */
abstract class HeatPath {

    /** ledger account for boundary paths; null for paths between two stages (they cancel) */
    final EnergyAccount account;
    /** heat into the cryostat through this path at the last evaluation, watts (boundary paths only) */
    double lastWattsIn;

    HeatPath(EnergyAccount account) {
        this.account = account;
    }

    abstract void accumulate(NetworkState s);

    /** Books the accepted step's boundary heat; paths with several accounts override. */
    void book(EnergyLedger ledger, double dtSeconds) {
        if (account != null) {
            ledger.book(account, lastWattsIn * dtSeconds);
        }
    }
}
