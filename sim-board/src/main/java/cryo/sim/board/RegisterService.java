package cryo.sim.board;

import cryo.hal.bus.Frame;
import cryo.hal.device.HeaterRanges;
import cryo.hal.regmap.Access;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.clock.VirtualClock;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * Serves register frames as the board's bus interface does: checks CRC, command, length and
 * addresses (refusing with the status a real board returns), then reads or writes the
 * {@link BoardFirmware}'s registers and seals the response's CRC. A write takes effect at once
 * (heaters re-applied, watchdog kicked, latches cleared).
 *
 * <p>Thread contract: called by {@link SimulatedBoard} under its lock only. No allocation.
 */
final class RegisterService {
    private final BoardFirmware fw;
    private final VirtualClock clock;
    private long latchedTimeHi;

    RegisterService(BoardFirmware firmware, VirtualClock clock) {
        this.fw = firmware;
        this.clock = clock;
    }

    /** Serves one request frame into {@code resp}; returns the response length. */
    int serve(byte[] req, int reqLen, byte[] resp) {
        if (reqLen < Frame.HEADER_BYTES + Frame.CRC_BYTES || !Frame.crcValid(req, reqLen)) {
            fw.crcErrorCount++;
            fw.faultFlags |= FAULT_BUS_CRC;
            return refuse(resp, Frame.STATUS_BAD_CRC, 0, 0);
        }
        int cmd = req[0] & 0xFF;
        int address = Frame.address(req);
        int count = Frame.count(req);
        if (cmd != Frame.CMD_READ && cmd != Frame.CMD_WRITE) {
            return refuse(resp, Frame.STATUS_BAD_COMMAND, address, count);
        }
        if (count < 1 || count > Frame.MAX_COUNT || reqLen != Frame.requestLength(cmd, count)) {
            return refuse(resp, Frame.STATUS_BAD_LENGTH, address, count);
        }
        for (int i = 0; i < count; i++) {
            if (CryoCmosRegisters.find(address + i) == null) {
                return refuse(resp, Frame.STATUS_BAD_ADDRESS, address, count);
            }
        }
        if (cmd == Frame.CMD_READ) {
            Frame.putHeader(resp, Frame.STATUS_OK, address, count);
            for (int i = 0; i < count; i++) {
                Frame.putWord(resp, i, read(address + i));
            }
        } else {
            for (int i = 0; i < count; i++) {
                if (CryoCmosRegisters.find(address + i).access() == Access.R) {
                    return refuse(resp, Frame.STATUS_READ_ONLY, address, count);
                }
            }
            for (int i = 0; i < count; i++) {
                write(address + i, Frame.word(req, i));
            }
            Frame.putHeader(resp, Frame.STATUS_OK, address, count);
        }
        int len = Frame.responseLength(cmd, count);
        Frame.sealCrc(resp, len);
        return len;
    }

    private static int refuse(byte[] resp, int status, int address, int count) {
        Frame.putHeader(resp, status, address, count);
        int len = Frame.HEADER_BYTES + Frame.CRC_BYTES;
        Frame.sealCrc(resp, len);
        return len;
    }

    private int read(int a) {
        if (SimPulseEngine.owns(a)) {
            return fw.pulses.read(a);
        }
        if (a >= THERM_BASE && a < THERM_BASE + THERMOMETER_CHANNELS * THERM_STRIDE) {
            int ch = (a - THERM_BASE) / THERM_STRIDE;
            switch ((a - THERM_BASE) % THERM_STRIDE) {
                case THERM_RAW: return Float.floatToRawIntBits(fw.thermRaw[ch]);
                case THERM_STATUS: return fw.thermStatus[ch];
                case THERM_SAMPLE_COUNT: return fw.thermSampleCount[ch];
                case THERM_EXCITATION: return Float.floatToRawIntBits(fw.thermExcitationAmps[ch]);
                default: return 0;
            }
        }
        if (a >= HEATER_BASE && a < HEATER_BASE + HEATER_CHANNELS * HEATER_STRIDE) {
            int h = (a - HEATER_BASE) / HEATER_STRIDE;
            switch ((a - HEATER_BASE) % HEATER_STRIDE) {
                case HEATER_OUTPUT: return Float.floatToRawIntBits(fw.heaterOutputWatts[h]);
                case HEATER_RANGE: return fw.heaterRange[h];
                case HEATER_READBACK: return Float.floatToRawIntBits(fw.heaterReadbackWatts[h]);
                case HEATER_STATUS: return fw.cutStatus(h);
                case HEATER_COMP_CHANNEL: return fw.heaterCompChannel[h];
                case HEATER_COMP_THRESHOLD: return Float.floatToRawIntBits(fw.heaterCompThreshold[h]);
                case HEATER_COMP_MODE: return fw.heaterCompMode[h];
                default: return 0;
            }
        }
        switch (a) {
            case BOARD_ID: return BOARD_ID_MAGIC;
            case REGMAP_VERSION_REG: return REGMAP_VERSION;
            case FIRMWARE_VERSION: return 0x0001_0000;
            case CAPABILITIES: return THERMOMETER_CHANNELS | HEATER_CHANNELS << 8 | PULSE_CHANNELS << 16;
            case FAULT_FLAGS: return fw.faultFlags;
            case CONTROL: return fw.control;
            case WATCHDOG_TIMEOUT_MS: return fw.watchdogTimeoutMillis;
            case BOARD_TIME_LO: {
                long t = clock.nowTicks();
                latchedTimeHi = t >>> 32;
                return (int) t;
            }
            case BOARD_TIME_HI: return (int) latchedTimeHi;
            case DIE_TEMPERATURE: return Float.floatToRawIntBits(fw.dieTemperatureKelvin);
            case SUPPLY_VOLTS: return Float.floatToRawIntBits(fw.supplyVolts);
            case CRC_ERROR_COUNT: return fw.crcErrorCount;
            case COMPARATOR_TRIPPED: return fw.comparatorTripped;
            case CMOS_POWER: return Float.floatToRawIntBits((float) (fw.cmosPowerWatts + fw.pulses.dynamicWatts()));
            default: return 0;
        }
    }

    private void write(int a, int v) {
        if (SimPulseEngine.owns(a)) {
            fw.pulses.write(a, v, clock); // reads the clock only when a push completes (free-running: a host clock read)
            fw.pollPulseUnderflow();
            return;
        }
        double nowSeconds = cryo.hal.device.BoardClock.toSeconds(clock.nowTicks());
        if (a >= THERM_BASE && a < THERM_BASE + THERMOMETER_CHANNELS * THERM_STRIDE) {
            int ch = (a - THERM_BASE) / THERM_STRIDE;
            if ((a - THERM_BASE) % THERM_STRIDE == THERM_EXCITATION) {
                fw.thermExcitationAmps[ch] = Float.intBitsToFloat(v);
            }
            return;
        }
        if (a >= HEATER_BASE && a < HEATER_BASE + HEATER_CHANNELS * HEATER_STRIDE) {
            int h = (a - HEATER_BASE) / HEATER_STRIDE;
            switch ((a - HEATER_BASE) % HEATER_STRIDE) {
                case HEATER_OUTPUT: fw.heaterOutputWatts[h] = Float.intBitsToFloat(v); break;
                case HEATER_RANGE: fw.heaterRange[h] = HeaterRanges.valid(v) ? v : HeaterRanges.OFF; break;
                case HEATER_COMP_CHANNEL: fw.heaterCompChannel[h] = v; break;
                case HEATER_COMP_THRESHOLD: fw.heaterCompThreshold[h] = Float.intBitsToFloat(v); break;
                case HEATER_COMP_MODE: fw.heaterCompMode[h] = v; break;
                default: break;
            }
            fw.applyHeaters(nowSeconds);
            return;
        }
        switch (a) {
            case FAULT_FLAGS:
                fw.faultFlags &= ~v;
                if ((v & FAULT_WATCHDOG) != 0) {
                    fw.kickWatchdog(clock.nowTicks());
                }
                break;
            case CONTROL:
                if ((fw.control & CONTROL_RELAY_CLOSED) != 0 && (v & CONTROL_RELAY_CLOSED) == 0) {
                    fw.pulses.relayOpened(); // the relay breaks the pulse engine's supply too: nothing plays on
                }
                fw.control = v;
                break;
            case WATCHDOG_KICK:
                if (v == WATCHDOG_KICK_MAGIC) {
                    fw.kickWatchdog(clock.nowTicks());
                }
                break;
            case WATCHDOG_TIMEOUT_MS: fw.watchdogTimeoutMillis = v; break;
            case COMPARATOR_TRIPPED:
                fw.comparatorTripped &= ~v;
                if (fw.comparatorTripped == 0) {
                    fw.faultFlags &= ~FAULT_COMPARATOR;
                }
                break;
            default: break;
        }
        fw.applyHeaters(nowSeconds);
    }
}
