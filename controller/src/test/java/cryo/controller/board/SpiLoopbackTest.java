package cryo.controller.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.AlarmCause;
import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.hal.bus.BusException;
import cryo.hal.bus.CountingRegisterBus;
import cryo.hal.bus.RegisterBus;
import cryo.hal.bus.SpiBusBudget;
import cryo.hal.device.StageId;
import cryo.hal.pi4j.Pi4jSpiRegisterBus;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.board.SimulatedSpiPort;
import cryo.sim.board.SimulatedSpiPort.LineFault;
import cryo.sim.plant.MixingChamberPlant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The real Pi4J bus code end to end: {@link Pi4jSpiRegisterBus} through a Pi4J context whose SPI
 * provider is the simulated board's SPI port ({@link LoopbackSpiProvider}), the whole controller
 * in lock-step. The trace equals the one over the direct simulator bus for the same seed; a broken
 * line is a named BusException and ends in the interlock's safe state.
 */
class SpiLoopbackTest {
    private static final int CLOCK_HZ = 4_000_000;
    private static final int TICKS = 2000;

    @Test
    void loopbackTraceEqualsTheDirectTrace() throws Exception {
        Trace direct = trace(11, board -> board);
        Trace spi = trace(11, board -> new Pi4jSpiRegisterBus(
                new LoopbackSpiProvider(new SimulatedSpiPort(board)).newContext(), 0, 0, CLOCK_HZ));
        assertArrayEquals(direct.mxcKelvin, spi.mxcKelvin, "same plant temperatures, tick by tick");
        assertArrayEquals(direct.heaterWatts, spi.heaterWatts, "same heater power, tick by tick");
        assertEquals(direct.transfers, spi.transfers, "the same frames crossed the bus");
        assertFalse(spi.tripped, "no trip on a healthy loopback");
    }

    /**
     * The control path over the real SPI bus code allocates nothing per tick: the ring thread's
     * allocated bytes through the whole stage chain in lock-step, every transfer going through
     * Pi4jSpiRegisterBus and the Pi4J provider (ZeroAllocationTest does the same over the direct
     * bus). After 60 000 ticks of warm-up the fewest bytes over five rounds of 4 000 ticks must be
     * zero: a one-off in a round (a late JIT transition: 296 and once 7 152 bytes in 20 000 ticks were seen
     * here; after 300 000 warm-up ticks, 100 000 ticks allocated nothing) is not the tick's, and
     * anything a tick or a transfer allocates shows in every round.
     */
    @Test
    void ringThreadAllocatesNothingPerTickOverTheSpiBus() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        SimulatedBoard board = SimulatedBoards.mixingChamber(31);
        ControllerConfig cfg = DefaultConfig.mixingChamber("loopback", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        RegisterBus bus = new Pi4jSpiRegisterBus(new LoopbackSpiProvider(new SimulatedSpiPort(board)).newContext(), 0, 0, CLOCK_HZ);
        try (Controller c = Controller.create(cfg, bus, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> { }).start()) {
            LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            long ringThread = c.ring().thread().getId();
            for (int i = 0; i < 60_000; i++) { // warm-up: JIT, relay closing, regulation settled
                driver.step();
            }
            long fewest = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long before = mx.getThreadAllocatedBytes(ringThread);
                for (int i = 0; i < 4_000; i++) {
                    driver.step();
                }
                fewest = Math.min(fewest, mx.getThreadAllocatedBytes(ringThread) - before);
            }
            assertEquals(0L, fewest, "fewest bytes allocated on the ring thread in a round of 4000 ticks on the SPI bus");
            assertFalse(c.interlock().tripped(), () -> "tripped: " + c.interlock().cause());
        } finally {
            bus.close();
        }
    }

    @Test
    void theTicksTransfersFitTheBusBudgetAtTheDefaultClock() throws Exception {
        Trace t = trace(12, board -> board);
        double perTickTransfers = t.transfers / (double) TICKS;
        double perTickBytes = t.spiBytes / (double) TICKS;
        ControllerConfig mxc = DefaultConfig.mixingChamber("x", SimulatedBoards.mixingChamber(1).wiring()
                .sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        double tick = mxc.tickIntervalSeconds();
        assertWithinEstimate(mxc, perTickTransfers, perTickBytes);
        double bus = SpiBusBudget.check((int) Math.ceil(perTickTransfers), (long) Math.ceil(perTickBytes), CLOCK_HZ, tick);
        System.out.printf("mixing-chamber config: %.1f transfers, %.0f SPI bytes per %.0f ms tick: %.3f ms of bus at %d Hz%n",
                perTickTransfers, perTickBytes, tick * 1e3, bus * 1e3, CLOCK_HZ);
    }

    @Test
    void theCryostatConfigsTransfersFitTheBusBudgetAtTheDefaultClock() throws Exception {
        SimulatedBoard board = SimulatedBoards.cryostatRedundantMxc(
                cryo.sim.plant.CryostatPlant.cooledToBase(cryo.sim.plant.PlantParameters.defaults(), 0.015), 5);
        cryo.hal.calibration.CalibrationCurve[] curves = new cryo.hal.calibration.CalibrationCurve[7];
        for (int ch = 0; ch < curves.length; ch++) {
            curves[ch] = board.wiring().sensor(ch).curve();
        }
        ControllerConfig cfg = DefaultConfig.cryostat("loopback", 1.0, curves);
        CountingRegisterBus bus = new CountingRegisterBus(board);
        try (Controller c = Controller.create(cfg, bus, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> { }).start()) {
            LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            driver.run(10);
            long t0 = bus.transfers();
            long b0 = bus.spiBytes();
            driver.run(100);
            double transfers = (bus.transfers() - t0) / 100.0;
            double bytes = (bus.spiBytes() - b0) / 100.0;
            assertWithinEstimate(cfg, transfers, bytes);
            double busSeconds = SpiBusBudget.check((int) Math.ceil(transfers), (long) Math.ceil(bytes), CLOCK_HZ, cfg.tickIntervalSeconds());
            System.out.printf("cryostat config: %.1f transfers, %.0f SPI bytes per %.0f ms tick: %.3f ms of bus at %d Hz%n",
                    transfers, bytes, cfg.tickIntervalSeconds() * 1e3, busSeconds * 1e3, CLOCK_HZ);
        }
    }

    /** The configuration-time estimate that refuses a configuration is an upper bound of what a tick moves. */
    private static void assertWithinEstimate(ControllerConfig cfg, double transfers, double bytes) {
        BusTraffic estimate = BusTraffic.perTick(cfg);
        assertTrue(transfers <= estimate.transfers(), "measured " + transfers + " transfers per tick, estimate " + estimate);
        assertTrue(bytes <= estimate.spiBytes(), "measured " + bytes + " SPI bytes per tick, estimate " + estimate);
    }

    private record Trace(double[] mxcKelvin, double[] heaterWatts, long transfers, long spiBytes, boolean tripped) {
    }

    private static Trace trace(long seed, Function<SimulatedBoard, RegisterBus> busOf) throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(seed);
        ControllerConfig cfg = DefaultConfig.mixingChamber("loopback", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        CountingRegisterBus bus = new CountingRegisterBus(busOf.apply(board));
        try (Controller c = Controller.create(cfg, bus, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> { }).start()) {
            LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            double[] kelvin = new double[TICKS];
            double[] watts = new double[TICKS];
            long transfersBefore = bus.transfers();
            long bytesBefore = bus.spiBytes();
            for (int i = 0; i < TICKS; i++) {
                driver.step();
                kelvin[i] = board.plant().temperatureKelvin(StageId.MXC);
                watts[i] = board.heaterPowerWatts(SimulatedBoards.MXC_HEATER);
            }
            return new Trace(kelvin, watts, bus.transfers() - transfersBefore, bus.spiBytes() - bytesBefore, c.interlock().tripped());
        } finally {
            bus.close();
        }
    }

    @Test
    void misoStuckHighIsNoBoardAndTrips() throws Exception {
        brokenLine(LineFault.MISO_STUCK_HIGH, "spi:0.0: no board: MISO reads all ones");
    }

    @Test
    void misoStuckLowIsNoBoardAndTrips() throws Exception {
        brokenLine(LineFault.MISO_STUCK_LOW, "spi:0.0: no board: MISO reads all zeros");
    }

    @Test
    void mosiEchoedIsAShortAndTrips() throws Exception {
        brokenLine(LineFault.MOSI_ECHOED, "spi:0.0: MISO echoes MOSI");
    }

    @Test
    void aDroppedByteIsOutOfStepAndTrips() throws Exception {
        brokenLine(LineFault.DROPPED_BYTE, "spi:0.0: board out of step: byte 11 before the response is 0x00, not SYNC 0xA5");
    }

    /**
     * Regulating over the loopback, the line breaks: every tick's transfers fail with the named
     * BusException, the interlock trips (stale data or board not answering) and the board ends safe:
     * relay open, heater off (the host's safe-state writes still reach the board over MOSI).
     */
    private static void brokenLine(LineFault fault, String message) throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(new MixingChamberPlant(1.0, 0.5e-3, 4e-6, 4.0), 21);
        ControllerConfig cfg = DefaultConfig.mixingChamber("loopback", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        SimulatedSpiPort port = new SimulatedSpiPort(board);
        AtomicReference<String> firstBusFault = new AtomicReference<>();
        RingStage probe = e -> {
            if (e.type == EventType.TICK && e.busFaultMessage != null) {
                firstBusFault.compareAndSet(null, e.busFaultMessage);
            }
        };
        RegisterBus bus = new Pi4jSpiRegisterBus(new LoopbackSpiProvider(port).newContext(), 0, 0, CLOCK_HZ);
        try (Controller c = Controller.create(cfg, bus, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> { }, probe).start()) {
            LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            driver.run(120);
            assertTrue(board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0, "regulating before the fault");
            assertFalse(c.interlock().tripped());
            assertEquals(null, firstBusFault.get(), "no bus fault before the line breaks");

            port.lineFault(fault);
            driver.run(10);
            assertNotNull(firstBusFault.get(), fault + ": no bus fault seen");
            assertTrue(firstBusFault.get().startsWith(message), fault + ": " + firstBusFault.get());
            assertTrue(c.interlock().tripped(), fault + ": the interlock tripped");
            // whichever detector of a lost board sees it first: the samples stopped, or the transfers fail
            assertTrue(c.interlock().cause() == AlarmCause.BOARD_NOT_ANSWERING || c.interlock().cause() == AlarmCause.STALE_DATA,
                    fault + ": cause " + c.interlock().cause());
            assertFalse(board.relayClosed(), fault + ": relay open");
            assertEquals(0.0, board.heaterPowerWatts(SimulatedBoards.MXC_HEATER), fault + ": heater off");
        } finally {
            bus.close();
        }
    }

    @Test
    void theLoopbackAsksForMode0AtTheConfiguredClock() throws BusException {
        SimulatedBoard board = SimulatedBoards.mixingChamber(3);
        LoopbackSpiProvider provider = new LoopbackSpiProvider(new SimulatedSpiPort(board));
        try (Pi4jSpiRegisterBus bus = new Pi4jSpiRegisterBus(provider.newContext(), 0, 1, 8_000_000)) {
            new cryo.hal.cmos.CryoCmosBoard(bus).verifyIdentity();
            assertEquals(com.pi4j.io.spi.SpiMode.MODE_0, provider.config.mode());
            assertEquals(8_000_000, provider.config.baud());
            assertEquals("spi:0.1", bus.where());
        }
    }
}
