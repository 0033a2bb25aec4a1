package cryo.deploy.testfirmware;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The controller side of the loader's health handshake, as a controller would write it (JDK only;
 * this is the reference for deploy/README.md "Health handshake").
 */
public final class HandshakeClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;

    private HandshakeClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Connects when started by the loader; null when CRYO_LOADER_HEALTH is not set (run standalone). */
    public static HandshakeClient connectFromEnvironment() throws IOException {
        String address = System.getenv("CRYO_LOADER_HEALTH");
        if (address == null) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        HandshakeClient c = new HandshakeClient(new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
        c.send("HELLO " + System.getenv("CRYO_LOADER_TOKEN"));
        return c;
    }

    /** The heartbeat period to use: a third of the loader's allowed silence. */
    public static long heartbeatPeriodMillis() {
        String v = System.getenv("CRYO_LOADER_HEARTBEAT_MILLIS");
        return v == null ? 1000 : Math.max(10, Long.parseLong(v) / 3);
    }

    public synchronized void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
