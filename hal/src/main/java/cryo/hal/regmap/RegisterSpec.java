package cryo.hal.regmap;

/**
 * One register of the Cryo-CMOS map: what hal/README.md documents and what the simulator serves.
 *
 * @param address   16-bit register address
 * @param name      register name, upper snake case; per-channel registers carry the channel, e.g. {@code THERM0_RAW}
 * @param access    host access
 * @param units     units of the value ({@code f32} values are IEEE-754 bits)
 * @param resetValue value after power-on reset (raw 32-bit word)
 * @param meaning   one line of meaning
 */
public record RegisterSpec(int address, String name, Access access, String units, int resetValue, String meaning) {
}
