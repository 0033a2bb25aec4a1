package cryo.sim.board;

import cryo.hal.bus.BusException;
import cryo.hal.bus.BusTimeoutException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;
import cryo.hal.device.BoardClock;
import cryo.hal.pulse.PulseDissipation;
import cryo.sim.clock.VirtualClock;
import cryo.sim.fault.BoardFaults;
import cryo.sim.plant.Plant;
import java.util.function.LongSupplier;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * The device side of the Cryo-CMOS register map: a board in front of a thermal plant. The
 * controller's real driver talks to it through {@link RegisterBus} frames, so framing, CRC and
 * refusals are exercised exactly as on hardware. It puts together the parts that each do one job:
 * {@link RegisterService} serves the frames, {@link BoardFirmware} converts sensors and holds the
 * board's own safety (watchdog, comparators, relay; see there), {@link RealTimeCatchUp} keeps the
 * simulation up with a free-running clock, {@link SimPulseEngine} plays pulses, and
 * {@link BoardFaults} holds what is broken (changed only through {@link cryo.sim.fault.FaultInjector}).
 *
 * <p>Time: in lock-step mode the board's {@link VirtualClock} is stepped by {@link #update}, so
 * firmware, plant and clock move together. In real-time mode ({@link RealTimeRunner}) the clock
 * runs free on the host's monotonic clock, as a real board's counter does, and the simulation
 * thread calls {@link #catchUp} to bring firmware and plant up to it. Every bus transfer judges
 * the watchdog at the clock's time; when the simulation is a step late it also plays the FIFO up
 * to the clock, and when it is half a sample interval late it catches the whole board up itself.
 * So a late FIFO write is judged against the free-running time of the write, and what the host
 * reads never waits for a descheduled simulation thread.
 *
 * <p>Thread contract: {@link #transfer} (host side) and {@link #update}/{@link #catchUp}
 * (simulation side) may run on different threads in real-time mode; both are synchronized. Noise
 * comes from a seeded RNG, so the same seed and the same sequence of calls give the same readings.
 */
public final class SimulatedBoard implements RegisterBus {
    private final Plant plant;
    private final BoardWiring wiring;
    private final VirtualClock clock;
    private final SimPulseEngine pulses = new SimPulseEngine(PulseDissipation.DEFAULT);
    private final BoardFaults faults;
    private final BoardFirmware firmware;
    private final RegisterService registers;
    private final RealTimeCatchUp catchUp;
    private int corruptResponses;

    public SimulatedBoard(Plant plant, BoardWiring wiring, VirtualClock clock, long seed, double sampleIntervalSeconds) {
        this.plant = plant;
        this.wiring = wiring;
        this.clock = clock;
        this.catchUp = new RealTimeCatchUp(clock.nowTicks(), sampleIntervalSeconds);
        this.faults = new BoardFaults(THERMOMETER_CHANNELS, HEATER_CHANNELS, seed);
        this.firmware = new BoardFirmware(plant, wiring, faults, pulses, seed);
        this.registers = new RegisterService(firmware, clock);
        firmware.kickWatchdog(clock.nowTicks());
        pulses.startAt(clock.nowTicks());
        firmware.sample(clock.nowTicks());
    }

    public VirtualClock clock() {
        return clock;
    }

    /**
     * Real-time mode: from now on the board's clock runs free on {@code wallNanos} × {@code speed}
     * (see {@link VirtualClock#runFree}) and the board is simulated in steps of at most
     * {@code stepTicks} of board time (and at most one sample interval) by {@link #catchUp}, or by
     * a host transfer that finds the simulation half a sample interval (at least a step) behind:
     * what the host sees must not wait for a descheduled thread.
     */
    public synchronized void runFree(LongSupplier wallNanos, double speed, long stepTicks) {
        if (stepTicks <= 0) {
            throw new IllegalArgumentException("stepTicks must be > 0, was " + stepTicks);
        }
        clock.runFree(wallNanos, speed);
        catchUp.runFree(stepTicks);
    }

    /** Board time firmware and plant have been simulated up to (the clock's time in lock-step mode). */
    public synchronized long simulatedUpToTicks() {
        return catchUp.simulatedTicks();
    }

    public Plant plant() {
        return plant;
    }

    public BoardWiring wiring() {
        return wiring;
    }

    /** Lock-step mode: advances board time, firmware and plant by {@code dtSeconds}. */
    public synchronized void update(double dtSeconds) {
        long before = clock.nowTicks();
        clock.advanceTicks(Math.round(dtSeconds * 1e9)); // refused once the clock runs free
        step(before, clock.nowTicks(), dtSeconds);
    }

    /**
     * Real-time mode (after {@link #runFree}): simulates firmware, pulse engine and plant from where
     * they were up to the clock's time now, in steps of at most the step given to {@link #runFree}
     * (so a late thread still converts at the board's rate). Each step holds the board's lock
     * alone, so a host transfer waits for one step at most. Returns the board time caught up to.
     */
    public long catchUp() {
        if (!catchUp.freeRunning()) {
            throw new IllegalStateException("catchUp is for a free-running board (runFree)");
        }
        long target = clock.nowTicks();
        while (true) {
            synchronized (this) {
                if (catchUp.simulatedTicks() >= target) {
                    return catchUp.simulatedTicks();
                }
                stepToward(target);
            }
        }
    }

    /** One real-time step toward {@code target}. Under the lock. */
    private void stepToward(long target) {
        long from = catchUp.simulatedTicks();
        long to = catchUp.nextStepEnd(target);
        step(from, to, (to - from) * 1e-9);
    }

    /** One firmware and plant step from {@code before} to {@code now} (board ticks). */
    private void step(long before, long now, double dtSeconds) {
        double nowSeconds = BoardClock.toSeconds(now);
        firmware.checkWatchdog(now);
        firmware.advancePulses(now);
        pulses.closeStep(now - before);
        faults.advance(nowSeconds, plant);
        firmware.applyHeaters(nowSeconds);
        plant.setBoardDissipationWatts(faults.cmosWatts(firmware.cmosPowerWatts, nowSeconds), pulses.dynamicWatts());
        plant.update(dtSeconds);
        firmware.updateBoardHealth(nowSeconds);
        if (catchUp.stepped(now, dtSeconds)) {
            firmware.sample(now);
        }
        firmware.checkComparators();
        firmware.applyHeaters(nowSeconds);
    }

    @Override
    public synchronized int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
        if (catchUp.freeRunning()) {
            // a real board never waits for a simulation thread: what the host sees is up to date
            long now = clock.nowTicks();
            if (catchUp.hostMustCatchUp(now)) {
                // the simulation thread is late by half a conversion (or a step): this access does its work,
                // so the conversion counters the host sees are never more than that behind
                while (catchUp.simulatedTicks() < now) {
                    stepToward(now);
                }
            }
            firmware.checkWatchdog(now);
            if (catchUp.stepBehind(now)) {
                firmware.advancePulses(now); // a step late: FIFO_FREE and PLAYED_COUNT as the hardware's would be
            }
            // (less than a step late: the board thread plays them at its next step; FIFO_FREE then
            // lags the hardware's by at most one step of entries, and a late write is judged against
            // the clock at the write either way)
        }
        if (faults.hung()) {
            throw new BusTimeoutException("simulated board does not answer (hung)");
        }
        boolean badRequest = requestLength > 0 && faults.corruptRequest();
        int flipped = badRequest ? faults.bitToFlip(requestLength) : 0;
        if (badRequest) {
            request[flipped >> 3] ^= (byte) (1 << (flipped & 7)); // a bit flipped on the way in
        }
        int len = registers.serve(request, requestLength, response);
        if (badRequest) {
            request[flipped >> 3] ^= (byte) (1 << (flipped & 7)); // the host's buffer is the host's
        }
        if (corruptResponses > 0) {
            corruptResponses--;
            response[Math.min(len - 3, Frame.HEADER_BYTES)] ^= 0x10; // one flipped bit after the CRC was sealed
        } else if (faults.corruptResponse()) {
            int bit = faults.bitToFlip(len);
            response[bit >> 3] ^= (byte) (1 << (bit & 7));
        }
        return len;
    }

    @Override
    public void close() {
        // an in-process board has nothing to release
    }

    // ---- test knobs (faults: FaultInjector) ----

    /** Forces the temperature a thermometer channel sees (NaN restores the plant's). */
    public synchronized void mockTemperatureKelvin(int thermometerChannel, double kelvin) {
        firmware.mockTemperatureKelvin[thermometerChannel] = kelvin;
        long now = clock.nowTicks();
        firmware.sample(now);
        firmware.checkComparators();
        firmware.applyHeaters(BoardClock.toSeconds(now));
    }

    /** Flips a bit in the next {@code n} response frames after their CRC is computed. */
    public synchronized void corruptNextResponses(int n) {
        corruptResponses = n;
    }

    /** The board's fault state; change it through {@link cryo.sim.fault.FaultInjector}. */
    public BoardFaults faults() {
        return faults;
    }

    /** Re-applies heater outputs at once (the fault injector calls it after changing a heater fault). */
    public synchronized void applyHeaters() {
        firmware.applyHeaters(BoardClock.toSeconds(clock.nowTicks()));
    }

    // ---- read-outs ----

    /** Test knob (read side): board time of the last watchdog kick. */
    public synchronized long lastKickTicks() {
        return firmware.lastKickTicks;
    }

    /** Test knob (read side): board time the watchdog last cut the heaters; Long.MIN_VALUE when it never did. */
    public synchronized long watchdogFiredTicks() {
        return firmware.watchdogFiredTicks;
    }

    /** Power actually delivered to a heater, watts (what the plant receives). */
    public synchronized double heaterPowerWatts(int heaterChannel) {
        return firmware.heaterReadbackWatts[heaterChannel];
    }

    public synchronized int faultFlags() {
        return firmware.faultFlags;
    }

    public int thermometerChannels() {
        return THERMOMETER_CHANNELS;
    }

    public int heaterChannels() {
        return HEATER_CHANNELS;
    }

    public synchronized double dieTemperatureKelvin() {
        return firmware.dieTemperatureKelvin;
    }

    public synchronized double supplyVolts() {
        return firmware.supplyVolts;
    }

    public synchronized boolean relayClosed() {
        return firmware.relayClosed();
    }

    /** The pulse engine (test view: played log, counters). Read it between updates. */
    public SimPulseEngine pulseEngine() {
        return pulses;
    }
}
