package cryo.deploy.testfirmware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Packs the compiled fake-firmware classes into a jar, the payload of test bundles. */
public final class FirmwareJars {
    private FirmwareJars() {
    }

    public static byte[] fakeFirmwareJar() throws IOException {
        Path classes;
        try {
            classes = Path.of(FakeFirmware.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path pkg = classes.resolve("cryo/deploy/testfirmware");
        List<Path> files;
        try (Stream<Path> s = Files.list(pkg)) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (Path f : files) {
                JarEntry e = new JarEntry("cryo/deploy/testfirmware/" + f.getFileName());
                e.setTime(0); // same bytes every build
                jar.putNextEntry(e);
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
