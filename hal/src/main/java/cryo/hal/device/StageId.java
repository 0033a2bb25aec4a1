package cryo.hal.device;

/**
 * The cryostat stages, top to bottom. Their ids are the same everywhere: configuration, status,
 * reports, CSV headers and the command line.
 */
public enum StageId {
    PLATE_50K("50k"),
    PLATE_4K("4k"),
    STILL("still"),
    COLD_PLATE("cold-plate"),
    MXC("mxc"),
    /** optional sample stage below the mixing chamber, where a chip sits */
    SAMPLE("sample");

    private final String id;

    StageId(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The stage for an id, or an exception naming the valid ids. */
    public static StageId fromId(String id) {
        for (StageId s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + id + "': expected one of 50k, 4k, still, cold-plate, mxc, sample");
    }
}
