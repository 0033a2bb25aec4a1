package cryo.controller.sequencer;

import cryo.hal.bus.BusException;
import cryo.hal.device.BoardClock;
import cryo.hal.program.BoardProgram;
import cryo.hal.program.ProgramDriver;
import cryo.hal.program.ProgramError;
import cryo.hal.program.ProgramStatus;

/**
 * One sequence on the program path, as the ring thread drives it: upload a few bursts a pass (a
 * large program never stalls the ring: {@value #BURSTS_PER_PASS} bursts are about 14 ms of SPI at
 * 10 MHz), load (the board checks sizes, CRC and structure), arm {@value #ARM_LEAD_MILLIS} ms
 * ahead (re-armed on the next pass if the host was descheduled past the board's minimum lead),
 * then only read status. The board plays the loops and waits; nothing the host does later can
 * make an entry late.
 *
 * <p>Ring thread only. No allocation after construction on the upload and status paths.
 */
final class ProgramRun {
    static final int BURSTS_PER_PASS = 64;
    static final int ARM_LEAD_MILLIS = 10;
    private static final int ARM_TRIES = 5;

    final ProgramDriver driver;
    final ProgramStatus status = new ProgramStatus();
    private BoardProgram program;
    private boolean uploaded;
    private boolean armed;
    private int armTries;

    ProgramRun(ProgramDriver driver) {
        this.driver = driver;
    }

    /** Host-side check and start of the upload: "" or one line naming the field and the limit. */
    String begin(BoardProgram p) {
        program = p;
        uploaded = false;
        armed = false;
        armTries = 0;
        return driver.beginUpload(p);
    }

    /**
     * One pass of upload, load and arm. Returns "" while under way or once armed
     * ({@link #armed()}), else the board's refusal (it then plays nothing).
     */
    String step(long nowTicks) throws BusException {
        if (!uploaded) {
            if (!driver.uploadSome(BURSTS_PER_PASS)) {
                return "";
            }
            uploaded = true;
            String why = driver.load(program, status);
            if (!why.isEmpty()) {
                return why;
            }
        }
        String why = driver.arm(nowTicks + ARM_LEAD_MILLIS * BoardClock.TICKS_PER_SECOND / 1000, program, status);
        if (why.isEmpty()) {
            armed = true;
            return "";
        }
        return status.error() == ProgramError.START_TOO_SOON && ++armTries < ARM_TRIES ? "" : why;
    }

    boolean armed() {
        return armed;
    }

    BoardProgram program() {
        return program;
    }

    void read() throws BusException {
        driver.readStatus(status);
    }
}
