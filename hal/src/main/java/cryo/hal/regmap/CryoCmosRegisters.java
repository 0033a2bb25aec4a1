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

    /** Core supply level below which the board latches {@link #FAULT_SUPPLY} (nominal 1.1 V). */
    public static final double SUPPLY_MIN_VOLTS = 1.0;
    /**
     * Rise of the die above the 4 K plate at which the board latches
     * {@link #FAULT_DIE_OVER_TEMPERATURE} (a rise, not a level: a warm die at room temperature is healthy).
     */
    public static final double DIE_MAX_RISE_KELVIN = 5.0;

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
    public static final int PULSE_STATUS = 0x0305;
    public static final int PULSE_GRID_TICKS_REG = 0x0306;
    public static final int PULSE_MIN_DURATION_TICKS_REG = 0x0307;
    public static final int PULSE_PUSHED_COUNT = 0x0308;
    public static final int PULSE_REJECTED_COUNT = 0x0309;
    public static final int PULSE_LATE_TIME_LO = 0x030A;
    public static final int PULSE_LATE_TIME_HI = 0x030B;
    /** Entry staging window: {@value #PULSE_SLOTS} slots of {@value #PULSE_ENTRY_WORDS} words; writing a slot's last word pushes it. */
    public static final int PULSE_SLOT_BASE = 0x0340;
    public static final int PULSE_SLOTS = 8;
    public static final int PULSE_ENTRY_WORDS = 8;

    /** Entries the board's pulse FIFO holds. */
    public static final int PULSE_FIFO_ENTRIES = 4096;
    /** The pulse engine's time grid (4 ns: a 250 MS/s sample clock); entry times and durations are multiples of it. */
    public static final int PULSE_GRID_TICKS = 4;
    /** Shortest pulse the engine plays (four samples). */
    public static final int PULSE_MIN_DURATION_TICKS = 16;

    // PULSE_CONTROL bits: RUN is a level; CLEAR_FIFO and HALT act once (HALT also clears RUN)
    public static final int PULSE_CONTROL_RUN = 1;
    public static final int PULSE_CONTROL_CLEAR_FIFO = 1 << 1;
    public static final int PULSE_CONTROL_HALT = 1 << 2;
    // PULSE_STATUS bits (1..3 latched until written with 1)
    public static final int PULSE_STATUS_RUNNING = 1;
    public static final int PULSE_STATUS_UNDERFLOW = 1 << 1;
    public static final int PULSE_STATUS_OVERFLOW = 1 << 2;
    public static final int PULSE_STATUS_BAD_ENTRY = 1 << 3;


    // --- pulse program memory (issue 17): the board's own sequencer core feeds the FIFO ---
    public static final int PROG_INSTR_CAPACITY = 0x0310;
    public static final int PROG_ENTRY_CAPACITY = 0x0311;
    public static final int PROG_DEF_CAPACITY = 0x0312;
    public static final int PROG_LOOP_DEPTH_MAX = 0x0313;
    public static final int PROG_EVENT_TICKS_REG = 0x0314;
    public static final int PROG_CONTROL = 0x0315;
    public static final int PROG_STATE = 0x0316;
    public static final int PROG_ERROR = 0x0317;
    public static final int PROG_ERROR_INDEX = 0x0318;
    public static final int PROG_INSTR_COUNT = 0x0319;
    public static final int PROG_ENTRY_COUNT = 0x031A;
    public static final int PROG_DEF_COUNT = 0x031B;
    public static final int PROG_CRC = 0x031C;
    public static final int PROG_CRC_LOADED = 0x031D;
    public static final int PROG_START_TIME_LO = 0x031E;
    public static final int PROG_START_TIME_HI = 0x031F;
    public static final int PROG_PC = 0x0320;
    /** Loop counters, outermost first: iterations left in each open loop ({@value #PROG_LOOP_DEPTH} registers). */
    public static final int PROG_LOOP_COUNTER_BASE = 0x0321;
    public static final int PROG_LOOP_DEPTH_NOW = 0x0325;
    public static final int PROG_EVENTS_LO = 0x0326;
    public static final int PROG_EVENTS_HI = 0x0327;
    public static final int PROG_LATE_ENTRY = 0x0328;
    public static final int PROG_PASSES = 0x0329;
    public static final int PROG_MIN_ARM_LEAD_TICKS_REG = 0x032A;
    /** Upload window: PROG_ADDR then {@value #PROG_DATA_WORDS} data words, so one 64-register frame is one self-addressed burst. */
    public static final int PROG_ADDR = 0x0380;
    public static final int PROG_DATA_BASE = 0x0381;
    public static final int PROG_DATA_WORDS = 63;

    /** Instructions the program memory holds (two words each). */
    public static final int PROG_INSTRUCTIONS = 16_384;
    /** Entries the entry table holds (two words each: offset, definition index). */
    public static final int PROG_ENTRIES = 65_536;
    /** Pulse definitions (parameter sets, six words each) the definition table holds. */
    public static final int PROG_DEFINITIONS = 4_096;
    /** Loops nest at most this deep. */
    public static final int PROG_LOOP_DEPTH = 4;
    /**
     * The sequencer core's event rate limit, the board's specification: one event (an instruction
     * executed or an entry pushed into the FIFO) per 64 ns, 15.625 M events/s.
     */
    public static final int PROG_EVENT_TICKS = 64;
    /** An arm must give the core at least this much board time before the program's start (100 µs). */
    public static final int PROG_MIN_ARM_LEAD_TICKS = 100_000;
    /** A SYNC_TRIGGER resumes this long after the trigger (1 µs). */
    public static final int PROG_TRIGGER_LATENCY_TICKS = 1_000;

    // PROG_ADDR regions (bits 24..31); bits 0..23 are the word offset in the region
    public static final int PROG_REGION_INSTRUCTIONS = 0;
    public static final int PROG_REGION_ENTRIES = 1;
    public static final int PROG_REGION_DEFINITIONS = 2;

    // PROG_CONTROL bits (each acts once)
    public static final int PROG_CONTROL_LOAD = 1;
    public static final int PROG_CONTROL_ARM = 1 << 1;
    public static final int PROG_CONTROL_ABORT = 1 << 2;
    public static final int PROG_CONTROL_STOP_AFTER_PASS = 1 << 3;
    public static final int PROG_CONTROL_TRIGGER = 1 << 4;

    // PROG_STATE values
    public static final int PROG_STATE_EMPTY = 0;
    public static final int PROG_STATE_LOADED = 1;
    public static final int PROG_STATE_ARMED = 2;
    public static final int PROG_STATE_RUNNING = 3;
    public static final int PROG_STATE_DONE = 4;
    public static final int PROG_STATE_ABORTED = 5;

    private static final List<RegisterSpec> ALL = build();
    private static final RegisterSpec[] BY_ADDRESS = index(ALL);

    private CryoCmosRegisters() {
    }

    public static int thermometer(int channel, int offset) {
        return THERM_BASE + channel * THERM_STRIDE + offset;
    }

    public static int heater(int channel, int offset) {
        return HEATER_BASE + channel * HEATER_STRIDE + offset;
    }

    /** Address of word {@code word} of pulse entry staging slot {@code slot}. */
    public static int pulseSlot(int slot, int word) {
        return PULSE_SLOT_BASE + slot * PULSE_ENTRY_WORDS + word;
    }

    /** Every register, in address order. */
    public static List<RegisterSpec> all() {
        return ALL;
    }

    /** The spec at an address, or null when the address is not mapped. */
    public static RegisterSpec find(int address) {
        // an array lookup: the simulated board calls this per register on the control path
        return address >= 0 && address < BY_ADDRESS.length ? BY_ADDRESS[address] : null;
    }

    private static RegisterSpec[] index(List<RegisterSpec> all) {
        RegisterSpec[] byAddress = new RegisterSpec[all.get(all.size() - 1).address() + 1];
        for (RegisterSpec r : all) {
            byAddress[r.address()] = r;
        }
        return byAddress;
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
        l.add(new RegisterSpec(PULSE_CONTROL, "PULSE_CONTROL", Access.RW, "bits", 0,
                "0 run (level), 1 clear FIFO (acts once), 2 halt: stop, clear FIFO and abort a program (acts once)"));
        l.add(new RegisterSpec(PULSE_FIFO_DEPTH, "PULSE_FIFO_DEPTH", Access.R, "entries", PULSE_FIFO_ENTRIES, "pulse FIFO depth"));
        l.add(new RegisterSpec(PULSE_FIFO_FREE, "PULSE_FIFO_FREE", Access.R, "entries", PULSE_FIFO_ENTRIES, "free FIFO entries"));
        l.add(new RegisterSpec(PULSE_UNDERFLOW_COUNT, "PULSE_UNDERFLOW_COUNT", Access.R, "count", 0,
                "entries not played because their board time had passed (late)"));
        l.add(new RegisterSpec(PULSE_PLAYED_COUNT, "PULSE_PLAYED_COUNT", Access.R, "count", 0, "entries played"));
        l.add(new RegisterSpec(PULSE_STATUS, "PULSE_STATUS", Access.R_W1C, "bits", 0,
                "0 running, 1 underflow, 2 overflow (push into a full FIFO), 3 bad entry (1..3 latched)"));
        l.add(new RegisterSpec(PULSE_GRID_TICKS_REG, "PULSE_GRID_TICKS", Access.R, "ns", PULSE_GRID_TICKS,
                "entry times and durations are multiples of this"));
        l.add(new RegisterSpec(PULSE_MIN_DURATION_TICKS_REG, "PULSE_MIN_DURATION_TICKS", Access.R, "ns", PULSE_MIN_DURATION_TICKS,
                "shortest playable pulse"));
        l.add(new RegisterSpec(PULSE_PUSHED_COUNT, "PULSE_PUSHED_COUNT", Access.R, "count", 0, "entries accepted into the FIFO"));
        l.add(new RegisterSpec(PULSE_REJECTED_COUNT, "PULSE_REJECTED_COUNT", Access.R, "count", 0,
                "pushes refused: FIFO full, bad channel/envelope, off-grid, too short, earlier than the FIFO's last entry, or while a program plays"));
        l.add(new RegisterSpec(PULSE_LATE_TIME_LO, "PULSE_LATE_TIME_LO", Access.R, "ns", 0, "board time of the last late entry, low word"));
        l.add(new RegisterSpec(PULSE_LATE_TIME_HI, "PULSE_LATE_TIME_HI", Access.R, "ns", 0, "board time of the last late entry, high word"));
        String[] words = {"TIME_LO", "TIME_HI", "DURATION", "CHANNEL_ENVELOPE_PHASE", "AMPLITUDE", "CARRIER", "SIGMA", "DRAG_PUSH"};
        String[] wordUnits = {"ns", "ns", "ns", "ch|env<<8|phase16<<16", "f32", "f32 Hz", "f32 ns", "f32"};
        for (int slot = 0; slot < PULSE_SLOTS; slot++) {
            for (int w = 0; w < PULSE_ENTRY_WORDS; w++) {
                l.add(new RegisterSpec(pulseSlot(slot, w), "PULSE_SLOT" + slot + "_" + words[w], Access.W, wordUnits[w], 0,
                        w == PULSE_ENTRY_WORDS - 1 ? "entry staging; writing this word pushes the slot's entry" : "entry staging"));
            }
        }
        l.add(new RegisterSpec(PROG_INSTR_CAPACITY, "PROG_INSTR_CAPACITY", Access.R, "instructions", PROG_INSTRUCTIONS, "program memory size (64-bit instructions)"));
        l.add(new RegisterSpec(PROG_ENTRY_CAPACITY, "PROG_ENTRY_CAPACITY", Access.R, "entries", PROG_ENTRIES, "entry table size (8 bytes an entry)"));
        l.add(new RegisterSpec(PROG_DEF_CAPACITY, "PROG_DEF_CAPACITY", Access.R, "definitions", PROG_DEFINITIONS, "pulse definition table size (24 bytes each)"));
        l.add(new RegisterSpec(PROG_LOOP_DEPTH_MAX, "PROG_LOOP_DEPTH_MAX", Access.R, "loops", PROG_LOOP_DEPTH, "deepest loop nesting"));
        l.add(new RegisterSpec(PROG_EVENT_TICKS_REG, "PROG_EVENT_TICKS", Access.R, "ns", PROG_EVENT_TICKS,
                "event rate limit: one instruction or FIFO push per this many ns"));
        l.add(new RegisterSpec(PROG_CONTROL, "PROG_CONTROL", Access.W, "bits", 0,
                "0 load (check counts, CRC, structure), 1 arm at PROG_START_TIME, 2 abort, 3 stop after this pass, 4 trigger (each acts once)"));
        l.add(new RegisterSpec(PROG_STATE, "PROG_STATE", Access.R, "0..5", 0, "0 empty, 1 loaded, 2 armed, 3 running, 4 done, 5 aborted"));
        l.add(new RegisterSpec(PROG_ERROR, "PROG_ERROR", Access.R, "code", 0,
                "last refusal or abort: see ProgramError (0 none); a refusal leaves the engine playing nothing"));
        l.add(new RegisterSpec(PROG_ERROR_INDEX, "PROG_ERROR_INDEX", Access.R, "index", 0, "instruction, entry or definition the error names"));
        l.add(new RegisterSpec(PROG_INSTR_COUNT, "PROG_INSTR_COUNT", Access.RW, "instructions", 0, "instructions in the uploaded program"));
        l.add(new RegisterSpec(PROG_ENTRY_COUNT, "PROG_ENTRY_COUNT", Access.RW, "entries", 0, "entries in the uploaded table"));
        l.add(new RegisterSpec(PROG_DEF_COUNT, "PROG_DEF_COUNT", Access.RW, "definitions", 0, "definitions in the uploaded table"));
        l.add(new RegisterSpec(PROG_CRC, "PROG_CRC", Access.RW, "crc32", 0, "CRC-32 the host computed over the whole program; load refuses a mismatch"));
        l.add(new RegisterSpec(PROG_CRC_LOADED, "PROG_CRC_LOADED", Access.R, "crc32", 0, "CRC-32 of the loaded program, as the board computed it"));
        l.add(new RegisterSpec(PROG_START_TIME_LO, "PROG_START_TIME_LO", Access.RW, "ns", 0, "board time the armed program starts, low word"));
        l.add(new RegisterSpec(PROG_START_TIME_HI, "PROG_START_TIME_HI", Access.RW, "ns", 0, "board time the armed program starts, high word"));
        l.add(new RegisterSpec(PROG_PC, "PROG_PC", Access.R, "instruction", 0, "instruction the core executes next"));
        for (int d = 0; d < PROG_LOOP_DEPTH; d++) {
            l.add(new RegisterSpec(PROG_LOOP_COUNTER_BASE + d, "PROG_LOOP" + d, Access.R, "count", 0, "iterations left in the open loop at depth " + d));
        }
        l.add(new RegisterSpec(PROG_LOOP_DEPTH_NOW, "PROG_LOOP_DEPTH_NOW", Access.R, "loops", 0, "loops open now"));
        l.add(new RegisterSpec(PROG_EVENTS_LO, "PROG_EVENTS_LO", Access.R, "count", 0, "entries the core pushed into the FIFO, low word; reading it latches HI"));
        l.add(new RegisterSpec(PROG_EVENTS_HI, "PROG_EVENTS_HI", Access.R, "count", 0, "entries pushed, high word (latched)"));
        l.add(new RegisterSpec(PROG_LATE_ENTRY, "PROG_LATE_ENTRY", Access.R, "entry", 0, "entry table index of the last late entry (time in PULSE_LATE_TIME)"));
        l.add(new RegisterSpec(PROG_PASSES, "PROG_PASSES", Access.R, "count", 0, "pass-end instructions executed (passes played)"));
        l.add(new RegisterSpec(PROG_MIN_ARM_LEAD_TICKS_REG, "PROG_MIN_ARM_LEAD_TICKS", Access.R, "ns", PROG_MIN_ARM_LEAD_TICKS,
                "arm refuses a start time closer than this"));
        l.add(new RegisterSpec(PROG_ADDR, "PROG_ADDR", Access.W, "region<<24|word", 0,
                "upload burst address: region 0 instructions, 1 entries, 2 definitions"));
        for (int w = 0; w < PROG_DATA_WORDS; w++) {
            l.add(new RegisterSpec(PROG_DATA_BASE + w, "PROG_DATA" + w, Access.W, "word", 0, "stored at PROG_ADDR + " + w));
        }
        l.sort((a, b) -> Integer.compare(a.address(), b.address()));
        return Collections.unmodifiableList(l);
    }
}
