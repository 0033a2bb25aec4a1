package cryo.hal.bus;

/**
 * A transport for register frames between the host and a Cryo-CMOS board: one request frame out,
 * one response frame back (SPI on a real board, a TCP socket or an in-process register file in
 * simulation).
 *
 * <p>Thread contract: not thread-safe; exactly one thread (the ring thread in the controller) owns
 * a bus. Timing: blocks for at most the transport's timeout, then throws {@link BusTimeoutException}.
 * Allocation: implementations must not allocate per transfer.
 */
public interface RegisterBus extends AutoCloseable {

    /**
     * Sends {@code requestLength} bytes of {@code request} and reads the board's response frame
     * into {@code response}.
     *
     * @return the number of response bytes written into {@code response}
     * @throws BusException when the transport fails or times out
     */
    int transfer(byte[] request, int requestLength, byte[] response) throws BusException;

    /** Closes the transport. Idempotent. */
    @Override
    void close();
}
