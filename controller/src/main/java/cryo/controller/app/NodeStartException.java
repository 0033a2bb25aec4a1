package cryo.controller.app;

/** A node could not be assembled; the message is one line naming what failed. */
public final class NodeStartException extends RuntimeException {
    /** Which part failed: the loader's self-test fails on a board, not on a state directory typo. */
    public enum Part { STATE, BOARD }

    private final Part part;

    public NodeStartException(Part part, String message) {
        super(message);
        this.part = part;
    }

    public Part part() {
        return part;
    }
}
