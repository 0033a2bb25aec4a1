package cryo.controller.mqtt;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A node as {@link NodeFixture} wires it, in a JVM of its own so a test can give it a small heap
 * ({@code java -Xmx64m ... SmallHeapNode URI NODE STATE_DIR}). Prints {@code ready}, then, when its
 * standard input closes, one line {@code final connects=N bd_seq=N published=N error=...} and
 * exits. Any throwable that escapes a thread is printed as {@code uncaught THREAD: ...}. Tests only.
 */
public final class SmallHeapNode {
    private SmallHeapNode() {
    }

    public static void main(String[] args) throws Exception {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.out.println("uncaught " + t.getName() + ": " + e);
            System.out.flush();
        });
        try (NodeFixture n = new NodeFixture(args[1], BrokerOptions.plain(args[0]), Path.of(args[2]), null, false, 0.2)) {
            System.out.println("ready max-heap=" + Runtime.getRuntime().maxMemory());
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // until the test closes our input
                }
            } catch (IOException e) {
                // input gone: stop
            }
            System.out.println("final connects=" + n.session.connects() + " bd_seq=" + n.session.bdSeq() + " published="
                    + n.session.published() + " adapter=" + n.commands.alive() + " session=" + n.session.alive()
                    + " error=" + n.session.lastError());
            System.out.flush();
        }
    }
}
