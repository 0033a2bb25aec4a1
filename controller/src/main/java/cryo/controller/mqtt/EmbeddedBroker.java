package cryo.controller.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * An MQTT broker inside the controller process (Moquette), for a single fridge without broker
 * infrastructure, for the README's one-command start and for tests. Loopback only, no
 * persistence on disk.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final Server server = new Server();
    private final int port;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    /** Starts a broker on 127.0.0.1:port, or throws with one clear line when it cannot. */
    public static EmbeddedBroker start(int port) throws IOException {
        if (port < 1 || port > 65535) {
            throw new IOException("embedded broker port " + port + " outside 1..65535");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IOException("port " + port + " on 127.0.0.1 is in use (another broker?): choose another with --embedded-port or use --broker tcp://HOST:PORT");
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("allow_zero_byte_client_id", "true"); // mosquitto_sub connects with an empty id
        p.setProperty("persistence_enabled", "false");
        p.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
        // Moquette 0.17 reports usage to its makers' server on every start unless told not to:
        // a controller beside a cryostat sends nothing anywhere it was not configured to
        p.setProperty("telemetry_enabled", "false");
        EmbeddedBroker b = new EmbeddedBroker(port);
        b.server.startServer(new MemoryConfig(p));
        return b;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
