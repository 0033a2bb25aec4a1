package cryo.controller.sequencer;

import java.util.List;

/** A sequence that cannot be played, with every problem found (each names pulse, field and limit). */
public final class SequenceException extends Exception {
    private final List<String> errors;

    public SequenceException(List<String> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public SequenceException(String error) {
        this(List.of(error));
    }

    public List<String> errors() {
        return errors;
    }

    private static String summary(List<String> errors) {
        if (errors.size() == 1) {
            return errors.get(0);
        }
        return errors.get(0) + " (and " + (errors.size() - 1) + " more)";
    }
}
