package cryo.workstation.broker;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Port 0 binds a free port and reports it (no probe-then-bind race); a busy port is one clear line. */
class EmbeddedBrokerPortTest {
    @Test
    void portZeroBindsAFreePortAndReportsIt() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, line -> { })) {
            assertNotEquals(0, broker.port());
            assertTrue(broker.uri().endsWith(":" + broker.port()), broker.uri());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), broker.port())) {
                assertTrue(s.isConnected());
            }
        }
    }

    @Test
    void aBusyPortIsOneClearLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class, () -> EmbeddedBroker.start(busy.getLocalPort(), line -> { }));
            assertTrue(e.getMessage().contains("port " + busy.getLocalPort() + " on 127.0.0.1 is in use"), e.getMessage());
        }
    }
}
