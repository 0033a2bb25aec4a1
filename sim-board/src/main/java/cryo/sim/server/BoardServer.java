package cryo.sim.server;

import cryo.hal.bus.BusException;
import cryo.hal.bus.Frame;
import cryo.sim.board.SimulatedBoard;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Serves a simulated board's register bus over TCP (the framing of cryo.hal.bus.TcpRegisterBus),
 * so the board can outlive the controller process — as a real board does — and its watchdog can
 * be tested against a killed controller. One host connection at a time; loopback only.
 */
public final class BoardServer implements AutoCloseable {
    private final SimulatedBoard board;
    private final ServerSocket server;
    private final Thread thread;
    private volatile boolean running = true;

    public BoardServer(SimulatedBoard board, int port) throws IOException {
        this.board = board;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.thread = new Thread(this::acceptLoop, "sim-board-server");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                serve(s);
            } catch (IOException e) {
                // host went away or server closed: wait for the next host
            }
        }
    }

    private void serve(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        byte[] req = new byte[Frame.MAX_FRAME_BYTES];
        byte[] resp = new byte[Frame.MAX_FRAME_BYTES];
        byte[] prefix = new byte[2];
        while (running) {
            in.readFully(prefix, 0, 2);
            int len = ((prefix[0] & 0xFF) << 8) | (prefix[1] & 0xFF);
            if (len > req.length) {
                return; // not our protocol: drop the host
            }
            in.readFully(req, 0, len);
            int n;
            try {
                n = board.transfer(req, len, resp);
            } catch (BusException hung) {
                continue; // a hung board sends nothing; the host times out
            }
            prefix[0] = (byte) (n >>> 8);
            prefix[1] = (byte) n;
            out.write(prefix, 0, 2);
            out.write(resp, 0, n);
            out.flush();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
