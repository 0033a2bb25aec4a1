package cryo.deploy.boot;

/**
 * How one launch of a slot's controller ended.
 *
 * @param confirmed   the controller passed self-test, reported healthy and survived the soak
 * @param description one line for the state record and {@code loader status}
 */
public record BootOutcome(boolean confirmed, String description) {
    public static BootOutcome failed(String description) {
        return new BootOutcome(false, description);
    }
}
