package cryo.hal.regmap;

/** How the host may use a register. */
public enum Access {
    /** read only */
    R,
    /** read and write */
    RW,
    /** write only (reads return 0) */
    W,
    /** read; writing a 1 bit clears that bit */
    R_W1C
}
