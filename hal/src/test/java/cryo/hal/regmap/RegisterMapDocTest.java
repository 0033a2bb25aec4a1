package cryo.hal.regmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** hal/README.md's register table must be the map in code, row for row. */
class RegisterMapDocTest {

    static String table() {
        StringBuilder b = new StringBuilder();
        b.append("| address | name | access | units | reset | meaning |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (RegisterSpec r : CryoCmosRegisters.all()) {
            b.append(String.format("| 0x%04X | %s | %s | %s | 0x%08X | %s |%n",
                    r.address(), r.name(), r.access(), r.units().replace("|", "\\|"), r.resetValue(), r.meaning().replace("|", "\\|")));
        }
        return b.toString();
    }

    @Test
    void addressesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (RegisterSpec r : CryoCmosRegisters.all()) {
            assertTrue(seen.add(r.address()), "duplicate address " + Integer.toHexString(r.address()));
        }
    }

    @Test
    void readmeTableIsCurrent() throws Exception {
        Path readme = Path.of("README.md");
        String text = Files.readString(readme);
        String begin = "<!-- register-map:begin -->\n";
        String end = "<!-- register-map:end -->";
        int a = text.indexOf(begin);
        int z = text.indexOf(end);
        assertTrue(a >= 0 && z > a, "hal/README.md has the register-map markers");
        String current = text.substring(a + begin.length(), z);
        if (!current.equals(table()) && Boolean.getBoolean("cryo.regenerate")) {
            Files.writeString(readme, text.substring(0, a + begin.length()) + table() + text.substring(z));
            return;
        }
        assertEquals(table(), current, "hal/README.md register table is stale: run mvn -pl hal test -Dcryo.regenerate=true");
    }
}
