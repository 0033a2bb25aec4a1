package cryo.hal.bus;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Register frames over a TCP socket, each prefixed by a 2-byte big-endian length (transport
 * framing only; the board frame inside keeps its own CRC). Used to reach a simulated board that
 * runs as its own process, so that killing the controller leaves the board — and its watchdog —
 * running, as on real hardware.
 *
 * <p>Thread contract: one owning thread. Blocks at most {@code timeoutMillis} per transfer.
 */
public final class TcpRegisterBus implements RegisterBus {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] prefix = new byte[2];
    private final String where;

    public TcpRegisterBus(String host, int port, int timeoutMillis) throws BusException {
        this.where = host + ":" + port;
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new BusException("cannot reach board at " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
        try {
            prefix[0] = (byte) (requestLength >>> 8);
            prefix[1] = (byte) requestLength;
            out.write(prefix, 0, 2);
            out.write(request, 0, requestLength);
            out.flush();
            in.readFully(prefix, 0, 2);
            int len = ((prefix[0] & 0xFF) << 8) | (prefix[1] & 0xFF);
            if (len > response.length) {
                throw new BusException("board at " + where + " sent a " + len + "-byte frame, limit " + response.length);
            }
            in.readFully(response, 0, len);
            return len;
        } catch (SocketTimeoutException e) {
            throw new BusTimeoutException("board at " + where + " did not answer in time");
        } catch (IOException e) {
            throw new BusException("bus to " + where + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a dead socket: nothing left to release
        }
    }
}
