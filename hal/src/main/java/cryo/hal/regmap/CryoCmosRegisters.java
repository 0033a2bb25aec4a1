package cryo.hal.regmap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Cryo-CMOS board register map, version {@value #REGMAP_VERSION}. 32-bit registers, 16-bit
 * addresses. Values marked f32 are IEEE-754 single precision bit patterns. Board time is in ticks
 * of 1 ns. This class is the single source of truth: hal/README.md is generated from {@link #all()}
 * (see RegisterMapDocTest) and the simulated board serves exactly these registers.
 */
public final class CryoCmosRegisters {
    public static final int REGMAP_VERSION = 1;
    public static final int BOARD_ID_MAGIC = 0xC7C0_0001;

    public static final int THERMOMETER_CHANNELS = 8;
    public static final int HEATER_CHANNELS = 4;
    public static final int PULSE_CHANNELS = 8;

    // --- identity ---
    public static final int BOARD_ID = 0x0000;
    public static final int REGMAP_VERSION_REG = 0x0001;
    public static final int FIRMWARE_VERSION = 0x0002;
    public static final int CAPABILITIES = 0x0003;

    // --- board status and control ---
    public static final int FAULT_FLAGS = 0x0010;
    public static final int CONTROL = 0x0011;
    public static final int WATCHDOG_KICK = 0x0012;
    public static final int WATCHDOG_TIMEOUT_MS = 0x0013;
    public static final int BOARD_TIME_LO = 0x0014;
    public static final int BOARD_TIME_HI = 0x0015;
    public static final int DIE_TEMPERATURE = 0x0016;
    public static final int SUPPLY_VOLTS = 0x0017;
    public static final int CRC_ERROR_COUNT = 0x0018;
    public static final int COMPARATOR_TRIPPED = 0x0019;
    public static final int CMOS_POWER = 0x001A;

    /** Value to write to {@link #WATCHDOG_KICK}; any other value is ignored by the board. */
    public static final int WATCHDOG_KICK_MAGIC = 0x5AFE;

    // FAULT_FLAGS bits (latched until written with 1)
    public static final int FAULT_WATCHDOG = 1;
    public static final int FAULT_COMPARATOR = 1 << 1;
    public static final int FAULT_SUPPLY = 1 << 2;
    public static final int FAULT_DIE_OVER_TEMPERATURE = 1 << 3;
    public static final int FAULT_BUS_CRC = 1 << 4;
    public static final int FAULT_PULSE_UNDERFLOW = 1 << 5;
    public static final int FAULT_HEATER = 1 << 6;

    // CONTROL bits
    public static final int CONTROL_RELAY_CLOSED = 1;
    public static final int CONTROL_PULSE_ENABLE = 1 << 1;
    public static final int CONTROL_WATCHDOG_ENABLE = 1 << 2;

    // --- thermometer channel n: base + n * stride ---
    public static final int THERM_BASE = 0x0100;
    public static final int THERM_STRIDE = 0x10;
    public static final int THERM_RAW = 0x0;         // f32, sensor units (ohms)
    public static final int THERM_STATUS = 0x1;      // bits below
    public static final int THERM_SAMPLE_COUNT = 0x2; // u32, +1 per conversion
    public static final int THERM_EXCITATION = 0x3;   // f32 amps, RW
    public static final int THERM_STATUS_VALID = 1;
    public static final int THERM_STATUS_OPEN = 1 << 1;
    public static final int THERM_STATUS_SHORT = 1 << 2;
    public static final int THERM_STATUS_OVERRANGE = 1 << 3;

    // --- heater channel n ---
    public static final int HEATER_BASE = 0x0200;
    public static final int HEATER_STRIDE = 0x10;
    public static final int HEATER_OUTPUT = 0x0;      // f32 watts requested, RW
    public static final int HEATER_RANGE = 0x1;       // u32 range index, 0 = off, RW
    public static final int HEATER_READBACK = 0x2;    // f32 watts measured, R
    public static final int HEATER_STATUS = 0x3;      // bits below, R
    public static final int HEATER_COMP_CHANNEL = 0x4; // u32 thermometer channel the comparator watches, RW
    public static final int HEATER_COMP_THRESHOLD = 0x5; // f32 sensor units, RW
    public static final int HEATER_COMP_MODE = 0x6;   // 0 off, 1 trip above threshold, 2 trip below, RW
    public static final int HEATER_STATUS_OPEN = 1;
    public static final int HEATER_STATUS_SHORT = 1 << 1;
    public static final int HEATER_STATUS_CUT_COMPARATOR = 1 << 2;
    public static final int HEATER_STATUS_CUT_WATCHDOG = 1 << 3;
    public static final int HEATER_STATUS_CUT_RELAY = 1 << 4;
    public static final int COMP_MODE_OFF = 0;
    public static final int COMP_MODE_ABOVE = 1;
    public static final int COMP_MODE_BELOW = 2;

    // --- pulse engine (0x0300..0x03FF reserved; see the pulse sequencer issue) ---
    public static final int PULSE_CONTROL = 0x0300;
    public static final int PULSE_FIFO_DEPTH = 0x0301;
    public static final int PULSE_FIFO_FREE = 0x0302;
    public static final int PULSE_UNDERFLOW_COUNT = 0x0303;
    public static final int PULSE_PLAYED_COUNT = 0x0304;

    private static final List<RegisterSpec> ALL = build();

    private CryoCmosRegisters() {
    }

    public static int thermometer(int channel, int offset) {
        return THERM_BASE + channel * THERM_STRIDE + offset;
    }

    public static int heater(int channel, int offset) {
        return HEATER_BASE + channel * HEATER_STRIDE + offset;
    }

    /** Every register, in address order. */
    public static List<RegisterSpec> all() {
        return ALL;
    }

    /** The spec at an address, or null when the address is not mapped. */
    public static RegisterSpec find(int address) {
        for (int i = 0; i < ALL.size(); i++) { // indexed: no iterator, the simulated board calls this per register
            RegisterSpec r = ALL.get(i);
            if (r.address() == address) {
                return r;
            }
        }
        return null;
    }

    private static List<RegisterSpec> build() {
        List<RegisterSpec> l = new ArrayList<>();
        l.add(new RegisterSpec(BOARD_ID, "BOARD_ID", Access.R, "magic", BOARD_ID_MAGIC, "identifies a Cryo-CMOS board"));
        l.add(new RegisterSpec(REGMAP_VERSION_REG, "REGMAP_VERSION", Access.R, "u32", REGMAP_VERSION, "version of this register map"));
        l.add(new RegisterSpec(FIRMWARE_VERSION, "FIRMWARE_VERSION", Access.R, "major<<16|minor<<8|patch", 0x0001_0000, "board firmware version"));
        l.add(new RegisterSpec(CAPABILITIES, "CAPABILITIES", Access.R, "therm|heater<<8|pulse<<16",
                THERMOMETER_CHANNELS | HEATER_CHANNELS << 8 | PULSE_CHANNELS << 16, "channel counts"));
        l.add(new RegisterSpec(FAULT_FLAGS, "FAULT_FLAGS", Access.R_W1C, "bits", 0,
                "latched faults: 0 watchdog, 1 comparator, 2 supply, 3 die over-temp, 4 bus CRC, 5 pulse underflow, 6 heater"));
        l.add(new RegisterSpec(CONTROL, "CONTROL", Access.RW, "bits", 0,
                "0 interlock relay closed (heaters powered), 1 pulse engine enable, 2 watchdog enable"));
        l.add(new RegisterSpec(WATCHDOG_KICK, "WATCHDOG_KICK", Access.W, "magic 0x5AFE", 0, "restarts the hardware watchdog"));
        l.add(new RegisterSpec(WATCHDOG_TIMEOUT_MS, "WATCHDOG_TIMEOUT_MS", Access.RW, "ms", 3000,
                "heaters and pulse engine cut when not kicked within this board time"));
        l.add(new RegisterSpec(BOARD_TIME_LO, "BOARD_TIME_LO", Access.R, "ns", 0, "board clock low word; reading it latches HI"));
        l.add(new RegisterSpec(BOARD_TIME_HI, "BOARD_TIME_HI", Access.R, "ns", 0, "board clock high word (latched)"));
        l.add(new RegisterSpec(DIE_TEMPERATURE, "DIE_TEMPERATURE", Access.R, "f32 K", 0, "Cryo-CMOS die temperature"));
        l.add(new RegisterSpec(SUPPLY_VOLTS, "SUPPLY_VOLTS", Access.R, "f32 V", 0, "core supply rail"));
        l.add(new RegisterSpec(CRC_ERROR_COUNT, "CRC_ERROR_COUNT", Access.R, "count", 0, "request frames rejected for CRC"));
        l.add(new RegisterSpec(COMPARATOR_TRIPPED, "COMPARATOR_TRIPPED", Access.R_W1C, "bit per heater", 0,
                "heaters cut by their over-temperature comparator (latched)"));
        l.add(new RegisterSpec(CMOS_POWER, "CMOS_POWER", Access.R, "f32 W", 0, "board dissipation on the 4 K plate"));
        for (int ch = 0; ch < THERMOMETER_CHANNELS; ch++) {
            String p = "THERM" + ch + "_";
            l.add(new RegisterSpec(thermometer(ch, THERM_RAW), p + "RAW", Access.R, "f32 ohm", 0, "latest conversion in sensor units"));
            l.add(new RegisterSpec(thermometer(ch, THERM_STATUS), p + "STATUS", Access.R, "bits", 0, "0 valid, 1 open, 2 short, 3 over-range"));
            l.add(new RegisterSpec(thermometer(ch, THERM_SAMPLE_COUNT), p + "SAMPLE_COUNT", Access.R, "count", 0, "conversions since reset"));
            l.add(new RegisterSpec(thermometer(ch, THERM_EXCITATION), p + "EXCITATION", Access.RW, "f32 A", Float.floatToRawIntBits(1e-9f), "excitation current"));
        }
        for (int ch = 0; ch < HEATER_CHANNELS; ch++) {
            String p = "HEATER" + ch + "_";
            l.add(new RegisterSpec(heater(ch, HEATER_OUTPUT), p + "OUTPUT", Access.RW, "f32 W", 0, "requested heater power"));
            l.add(new RegisterSpec(heater(ch, HEATER_RANGE), p + "RANGE", Access.RW, "index", 0, "heater range, 0 = off"));
            l.add(new RegisterSpec(heater(ch, HEATER_READBACK), p + "READBACK", Access.R, "f32 W", 0, "measured heater power"));
            l.add(new RegisterSpec(heater(ch, HEATER_STATUS), p + "STATUS", Access.R, "bits", 0,
                    "0 open, 1 short, 2 cut by comparator, 3 cut by watchdog, 4 cut by relay"));
            l.add(new RegisterSpec(heater(ch, HEATER_COMP_CHANNEL), p + "COMP_CHANNEL", Access.RW, "channel", ch, "thermometer the comparator watches"));
            l.add(new RegisterSpec(heater(ch, HEATER_COMP_THRESHOLD), p + "COMP_THRESHOLD", Access.RW, "f32 ohm", 0, "comparator threshold in sensor units"));
            l.add(new RegisterSpec(heater(ch, HEATER_COMP_MODE), p + "COMP_MODE", Access.RW, "0 off, 1 above, 2 below", 0,
                    "trip when the raw reading is above (PTC) or below (NTC) the threshold"));
        }
        l.add(new RegisterSpec(PULSE_CONTROL, "PULSE_CONTROL", Access.RW, "bits", 0, "pulse engine control (reserved)"));
        l.add(new RegisterSpec(PULSE_FIFO_DEPTH, "PULSE_FIFO_DEPTH", Access.R, "entries", 0, "pulse FIFO depth (reserved)"));
        l.add(new RegisterSpec(PULSE_FIFO_FREE, "PULSE_FIFO_FREE", Access.R, "entries", 0, "free FIFO entries (reserved)"));
        l.add(new RegisterSpec(PULSE_UNDERFLOW_COUNT, "PULSE_UNDERFLOW_COUNT", Access.R, "count", 0, "late entries not played (reserved)"));
        l.add(new RegisterSpec(PULSE_PLAYED_COUNT, "PULSE_PLAYED_COUNT", Access.R, "count", 0, "entries played (reserved)"));
        l.sort((a, b) -> Integer.compare(a.address(), b.address()));
        return Collections.unmodifiableList(l);
    }
}
