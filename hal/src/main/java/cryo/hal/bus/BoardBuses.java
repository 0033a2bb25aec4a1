package cryo.hal.bus;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import cryo.hal.pi4j.Pi4jSpiRegisterBus;
import cryo.hal.pi4j.SpiDevices;
import cryo.hal.pi4j.SpidevSpiProvider;

/**
 * Opens the register bus a board URI names ({@link BoardUri}): {@code spi:BUS.CS[@HZ]} through
 * Pi4J and {@code /dev/spidev}, or {@code tcp://HOST:PORT} to a simulated board. On a machine
 * where SPI cannot work it fails at once with one line naming what is missing and how to fix it.
 *
 * <p>Thread contract: call from the thread that will own the bus (the ring thread's owner). The
 * caller closes the bus (try-with-resources).
 */
public final class BoardBuses {
    /** How long a TCP transfer may take before the board counts as not answering. */
    public static final int DEFAULT_TCP_TIMEOUT_MILLIS = 1000;

    private BoardBuses() {
    }

    /**
     * Parses and opens {@code uri}.
     *
     * @throws IllegalArgumentException a malformed URI or a field out of range (one line)
     * @throws BusException             the bus cannot be opened: SPI absent or not permitted, board unreachable (one line)
     */
    public static RegisterBus open(String uri) throws BusException {
        return open(BoardUri.parse(uri), DEFAULT_TCP_TIMEOUT_MILLIS);
    }

    /** As {@link #open(String)}, with the TCP transfer timeout (SPI has none: a transfer takes its clock time). */
    public static RegisterBus open(BoardUri uri, int tcpTimeoutMillis) throws BusException {
        if (!uri.spi()) {
            return new TcpRegisterBus(uri.host(), uri.port(), tcpTimeoutMillis);
        }
        String problem = SpiDevices.problem(uri.spiBus(), uri.chipSelect());
        if (problem != null) {
            throw new BusException(problem);
        }
        Context pi4j;
        try {
            pi4j = Pi4J.newContextBuilder().noAutoDetect().add(new SpidevSpiProvider()).build();
        } catch (RuntimeException e) {
            throw new BusException(uri + ": Pi4J did not start: " + e.getMessage(), e);
        }
        try {
            return new Pi4jSpiRegisterBus(pi4j, uri.spiBus(), uri.chipSelect(), uri.clockHz());
        } catch (RuntimeException e) {
            throw new BusException(uri + ": " + e.getMessage(), e); // the bus shut the context down
        }
    }
}
