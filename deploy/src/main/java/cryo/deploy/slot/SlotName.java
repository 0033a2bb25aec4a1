package cryo.deploy.slot;

/** The two firmware slots. */
public enum SlotName {
    A, B;

    public SlotName other() {
        return this == A ? B : A;
    }

    /** "a" or "b": the directory name and the spelling in the state record and on the command line. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses "a"/"b" (any case); null when it is neither. */
    public static SlotName parse(String text) {
        if ("a".equalsIgnoreCase(text)) {
            return A;
        }
        if ("b".equalsIgnoreCase(text)) {
            return B;
        }
        return null;
    }
}
