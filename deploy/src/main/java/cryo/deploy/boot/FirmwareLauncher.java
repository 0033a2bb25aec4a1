package cryo.deploy.boot;

import java.io.IOException;

/** Runs a slot's controller until it ends, reporting confirmation as soon as it happens. */
public interface FirmwareLauncher {

    /** Called once when the controller is confirmed healthy (handshake and soak passed). */
    interface ConfirmListener {
        void confirmed() throws IOException;
    }

    /** Blocks until the controller has exited or been stopped; never leaves it running. */
    BootOutcome boot(BootRequest request, ConfirmListener onConfirmed) throws IOException;
}
