package cryo.controller.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every module is compiled with string concatenation as plain code, not invokedynamic
 * (root pom.xml, {@code -XDstringConcat=inline}). An indy concat site is bootstrapped the
 * first time it runs, on the thread that runs it; the ring's error paths (underflow, trip and bus
 * fault messages) run rarely, so their first run was a ~57 ms, ~470 kB stall of the ring thread
 * (the 391,240 "streaming" bytes of the real-time benchmark were part of it). Which call site
 * runs first in a JVM depends on test order, so an allocation test cannot see this
 * deterministically; the bytecode can.
 */
class RingBytecodeTest {
    private static final byte[] INDY_CONCAT = "java/lang/invoke/StringConcatFactory".getBytes(StandardCharsets.US_ASCII);

    @Test
    void noControllerClassUsesInvokedynamicStringConcat() throws Exception {
        assertNoIndyConcat(ControlRing.class, 50);
    }

    /** The ring thread also runs the register driver and, in-process, the simulated board. */
    @Test
    void noHalOrSimulatedBoardClassUsesInvokedynamicStringConcat() throws Exception {
        assertNoIndyConcat(cryo.hal.cmos.CryoCmosBoard.class, 20);
        assertNoIndyConcat(cryo.sim.board.SimulatedBoard.class, 40);
    }

    private static void assertNoIndyConcat(Class<?> anyClassOfTheModule, int leastClasses) throws Exception {
        Path classes = Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int checked;
        if (Files.isDirectory(classes)) {
            checked = scan(classes, offenders);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + classes.toUri()), Map.of())) {
                checked = scan(jar.getPath("/"), offenders);
            }
        }
        assertTrue(checked > leastClasses, "found the module's classes (" + checked + ") under " + classes);
        assertEquals(List.of(), offenders, "classes with invokedynamic string concatenation (bootstrapped on first use, "
                + "on the ring thread for its error paths): compile with -XDstringConcat=inline (root pom.xml)");
    }

    private static int scan(Path root, List<String> offenders) throws Exception {
        int n = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                n++;
                if (contains(Files.readAllBytes(p), INDY_CONCAT)) {
                    offenders.add(root.relativize(p).toString());
                }
            }
        }
        return n;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
