package cryo.controller.board;

import cryo.controller.config.ControllerConfig;
import cryo.hal.bus.Frame;
import cryo.hal.bus.SpiBusBudget;
import cryo.hal.bus.SpiFraming;

/**
 * The register traffic one control tick puts on the board bus, worst case, from the
 * configuration alone: each thermometer is one 3-register read; each loop writes its output,
 * reads its heater back and, while the board flags a heater fault, reads its status; the tick
 * also reads board time (2 registers), the fault flags, the comparator latch and the relay, kicks
 * the watchdog, and reads the pulse engine's and the program core's status blocks (up to
 * {@value #SEQUENCER_STATUS_REGISTERS} registers each). An upper bound of what SpiLoopbackTest
 * counts on the shipped configurations, so a configuration refused here would not fit; pure.
 *
 * @param transfers frames per tick
 * @param spiBytes  bytes clocked per tick on SPI (request, turnaround, response)
 */
public record BusTraffic(int transfers, long spiBytes) {
    private static final int FIXED_READS_ONE = 3;   // fault flags, comparator latch, relay
    private static final int SEQUENCER_READS = 2;   // pulse engine status, program core status
    private static final int SEQUENCER_STATUS_REGISTERS = 16;
    private static final int FIXED_WRITES_ONE = 1;  // watchdog kick
    private static final int TIME_REGISTERS = 2;    // BOARD_TIME_LO/HI in one read
    private static final int THERMOMETER_REGISTERS = 3;

    /** The worst-case traffic of one tick of {@code config}. */
    public static BusTraffic perTick(ControllerConfig config) {
        int sensors = config.sensors().size();
        int loops = config.loops().size();
        int transfers = 1 + FIXED_READS_ONE + FIXED_WRITES_ONE + SEQUENCER_READS + sensors + 3 * loops;
        long bytes = SpiFraming.transferLength(Frame.CMD_READ, TIME_REGISTERS)
                + (long) FIXED_READS_ONE * SpiFraming.transferLength(Frame.CMD_READ, 1)
                + (long) FIXED_WRITES_ONE * SpiFraming.transferLength(Frame.CMD_WRITE, 1)
                + (long) sensors * SpiFraming.transferLength(Frame.CMD_READ, THERMOMETER_REGISTERS)
                + (long) SEQUENCER_READS * SpiFraming.transferLength(Frame.CMD_READ, SEQUENCER_STATUS_REGISTERS)
                + (long) loops * (SpiFraming.transferLength(Frame.CMD_WRITE, 1) + 2L * SpiFraming.transferLength(Frame.CMD_READ, 1));
        return new BusTraffic(transfers, bytes);
    }

    /**
     * Refuses {@code config} on an SPI bus at {@code clockHz} when a tick's traffic cannot fit
     * ({@link SpiBusBudget#check}); returns the bus seconds per tick.
     *
     * @throws IllegalArgumentException one line with the figures and the clock that would fit
     */
    public static double checkSpi(ControllerConfig config, int clockHz) {
        BusTraffic t = perTick(config);
        return SpiBusBudget.check(t.transfers(), t.spiBytes(), clockHz, config.tickIntervalSeconds());
    }
}
