package cryo.deploy.harness;

/** Thrown by {@link SimulatedDisk} at the armed operation: the machine lost power. An Error so no catch(Exception) swallows it. */
public final class PowerCut extends Error {
    public PowerCut(String message) {
        super(message, null, false, false);
    }
}
