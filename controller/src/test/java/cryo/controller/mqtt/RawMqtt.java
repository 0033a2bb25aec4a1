package cryo.controller.mqtt;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile or careless client as a test needs one: MQTT 3.1.1 packets written by hand on a
 * socket, as fast as the socket takes them, payloads of any size streamed without holding them
 * (a 30 MB publish costs this side nothing). A daemon thread reads and counts what the broker
 * sends back (CONNACK, PUBACK) so its socket never stalls. Tests only.
 */
final class RawMqtt implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final AtomicLong pubacks = new AtomicLong();
    private volatile int connackCode = -1;
    private volatile boolean closedByBroker;
    private int nextId = 1;

    /** Connects (clean session, keep-alive off) and waits for the CONNACK; username null for anonymous. */
    RawMqtt(int port, String clientId, String username, String password) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        socket.setTcpNoDelay(false);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        Thread reader = new Thread(this::read, "raw-mqtt-reader");
        reader.setDaemon(true);
        reader.start();
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, "MQTT");
        v.write(4);
        v.write((username != null ? 0x80 : 0) | (password != null ? 0x40 : 0) | 0x02);
        v.write(0);
        v.write(0); // keep-alive off
        string(v, clientId);
        if (username != null) {
            string(v, username);
        }
        if (password != null) {
            string(v, password);
        }
        out.write(0x10);
        length(out, v.size());
        v.writeTo(out);
        out.flush();
        if (!TestSubscriber.await(5, () -> connackCode >= 0 || closedByBroker)) {
            throw new IOException("no CONNACK");
        }
        if (connackCode != 0) {
            throw new IOException("CONNACK refused: " + connackCode);
        }
    }

    /** Publishes (not flushed: call {@link #flush}); QoS 0 or 1. */
    void publish(String topic, byte[] payload, int qos, boolean retain) throws IOException {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        out.write(0x30 | qos << 1 | (retain ? 1 : 0));
        length(out, 2 + t.length + (qos > 0 ? 2 : 0) + payload.length);
        out.write(t.length >> 8);
        out.write(t.length);
        out.write(t);
        if (qos > 0) {
            int id = nextId;
            nextId = nextId == 0xFFFF ? 1 : nextId + 1;
            out.write(id >> 8);
            out.write(id);
        }
        out.write(payload);
    }

    /** Publishes {@code size} bytes of {@code fill} at QoS 1, streamed in 64 KiB pieces, and flushes. */
    void publishHuge(String topic, int size, byte fill, boolean retain) throws IOException {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        out.write(0x32 | (retain ? 1 : 0));
        length(out, 2 + t.length + 2 + size);
        out.write(t.length >> 8);
        out.write(t.length);
        out.write(t);
        out.write(0);
        out.write(1);
        byte[] piece = new byte[64 * 1024];
        java.util.Arrays.fill(piece, fill);
        for (int left = size; left > 0; left -= piece.length) {
            out.write(piece, 0, Math.min(left, piece.length));
        }
        out.flush();
    }

    void flush() throws IOException {
        out.flush();
    }

    long pubacks() {
        return pubacks.get();
    }

    boolean closedByBroker() {
        return closedByBroker;
    }

    private void read() {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    break;
                }
                int len = 0;
                for (int shift = 0; ; shift += 7) {
                    int b = in.read();
                    if (b < 0) {
                        throw new IOException("eof");
                    }
                    len |= (b & 0x7F) << shift;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                byte[] body = in.readNBytes(len);
                if ((type & 0xF0) == 0x20) {
                    connackCode = body.length > 1 ? body[1] : 0;
                } else if ((type & 0xF0) == 0x40) {
                    pubacks.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // closed
        }
        closedByBroker = true;
    }

    private static void string(OutputStream o, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write(b.length >> 8);
        o.write(b.length);
        o.write(b);
    }

    private static void length(OutputStream o, int n) throws IOException {
        do {
            int b = n % 128;
            n /= 128;
            o.write(n > 0 ? b | 0x80 : b);
        } while (n > 0);
    }

    @Override
    public void close() {
        try {
            out.write(0xE0);
            out.write(0);
            out.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
