package cryo.deploy.cli;

import cryo.deploy.bundle.Bundle;
import cryo.deploy.bundle.BundleBuilder;
import cryo.deploy.bundle.BundleHeader;
import cryo.deploy.bundle.BundleLimits;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.bundle.BundleVerifier;
import cryo.deploy.bundle.KeyFiles;
import cryo.deploy.bundle.ManifestChecks;
import cryo.deploy.bundle.TrustedKeys;
import cryo.deploy.bundle.Versions;
import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Signed firmware bundles.",
        subcommands = {BundleCommand.Keygen.class, BundleCommand.Build.class, BundleCommand.Verify.class, BundleCommand.Show.class})
final class BundleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "expected keygen, build, verify or show");
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true, description = "Write DIR/signing.key and DIR/signing.pub (Ed25519).")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() throws Exception {
            try {
                KeyFiles.writeKeyPair(KeyFiles.generate(), out);
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            System.out.println("wrote " + out.resolve(KeyFiles.PRIVATE_FILE) + " (keep secret) and " + out.resolve(KeyFiles.PUBLIC_FILE)
                    + " (copy into the node's trusted keys directory)");
            return 0;
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Pack payload files and a signed manifest into a bundle. Default payload: controller/target/controller-*.jar as "
                    + "controller.jar plus controller/target/lib/*.jar as lib/.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--key", required = true, paramLabel = "KEY", description = "signing.key (signing.pub must sit beside it)")
        Path key;

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Option(names = "--payload", paramLabel = "DIR", description = "every file under DIR becomes a payload file")
        Path payload;

        @Option(names = "--firmware", paramLabel = "DIR",
                description = "the built firmware: controller-*.jar and lib/ (default: controller/target in the checkout; ignored with --payload)")
        Path firmware;

        @Option(names = "--version", paramLabel = "V", description = "firmware version (default: from the controller jar's name)")
        String version;

        @Option(names = "--security-counter", defaultValue = "0", paramLabel = "N",
                description = "anti-rollback counter, 0..1000000; a node accepts at most its own + 10 without --allow-counter-jump")
        long securityCounter;

        @Option(names = "--main-class", defaultValue = "cryo.controller.app.FirmwareMain", paramLabel = "CLASS")
        String mainClass;

        @Option(names = "--min-loader-version", defaultValue = Versions.LOADER_VERSION, paramLabel = "V")
        String minLoaderVersion;

        @Override
        public Integer call() throws Exception {
            if (!ManifestChecks.counterInRange(securityCounter)) {
                throw new UserError("--security-counter: expected 0.." + ManifestChecks.MAX_SECURITY_COUNTER + ", found " + securityCounter);
            }
            PrivateKey priv;
            PublicKey pub;
            try {
                priv = KeyFiles.readPrivate(key);
                pub = KeyFiles.readPublic(key.resolveSibling(KeyFiles.PUBLIC_FILE));
            } catch (IOException e) {
                throw new UserError("--key: " + e.getMessage());
            }
            BundleBuilder b = new BundleBuilder().securityCounter(securityCounter).mainClass(mainClass).minLoaderVersion(minLoaderVersion)
                    .buildTimeUnixSeconds(System.currentTimeMillis() / 1000);
            String v = version;
            if (payload != null) {
                if (!Files.isDirectory(payload)) {
                    throw new UserError("--payload: expected a directory, found " + (Files.exists(payload) ? "a file" : "nothing") + " at " + payload);
                }
                try (Stream<Path> s = Files.walk(payload)) {
                    for (Path f : s.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                        b.file(payload.relativize(f).toString().replace('\\', '/'), f);
                    }
                }
            } else {
                // the default is the checkout's build, wherever the command runs (the launcher passes cryo.home)
                Path target = firmware != null ? firmware : Path.of(System.getProperty("cryo.home", ".")).resolve("controller/target");
                List<Path> jars;
                try (Stream<Path> s = Files.list(target)) {
                    jars = s.filter(p -> p.getFileName().toString().matches("controller-.*\\.jar")
                            && !p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar")).collect(Collectors.toList());
                } catch (IOException e) {
                    throw new UserError("--firmware: expected the built firmware at " + target + " (run ./mvnw package), found none; or give --payload DIR");
                }
                if (jars.size() != 1) {
                    throw new UserError("--firmware: expected one controller-*.jar in " + target + ", found " + jars.size());
                }
                String jarName = jars.get(0).getFileName().toString();
                if (v == null) {
                    v = jarName.substring("controller-".length(), jarName.length() - ".jar".length());
                }
                b.file("controller.jar", jars.get(0));
                try (Stream<Path> s = Files.list(target.resolve("lib"))) {
                    for (Path lib : s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList())) {
                        b.file("lib/" + lib.getFileName(), lib);
                    }
                }
                try (JarFile jf = new JarFile(jars.get(0).toFile())) {
                    // keep the default main class unless told otherwise; the jar may name its own
                    if (jf.getManifest() != null && jf.getManifest().getMainAttributes().getValue("Main-Class") != null
                            && "cryo.controller.app.FirmwareMain".equals(mainClass)) {
                        b.mainClass(jf.getManifest().getMainAttributes().getValue("Main-Class"));
                    }
                }
            }
            if (v == null || !Versions.valid(v)) {
                throw new UserError("--version: expected a dotted version like 1.2.0, found " + (v == null ? "none" : "'" + v + "'"));
            }
            b.version(v);
            FirmwareManifest m = b.manifest();
            if (m.getFilesCount() == 0) {
                throw new UserError("payload: expected at least one file, found none");
            }
            long size;
            try {
                size = b.writeTo(out, priv, pub);
            } catch (IOException e) {
                throw new UserError("--out " + out + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            System.out.println("wrote " + out + ": " + m.getVersion() + ", " + m.getFilesCount() + " files, " + size
                    + " bytes, security counter " + m.getSecurityCounter() + ", signed by key " + KeyFiles.shortId(KeyFiles.fingerprint(pub)));
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a bundle against the public keys in DIR (exit 0 only when it verifies).")
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--trusted", required = true, paramLabel = "DIR")
        Path trusted;

        @Override
        public Integer call() throws Exception {
            TrustedKeys keys;
            try {
                keys = TrustedKeys.load(trusted);
            } catch (IOException e) {
                throw new UserError("--trusted: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            if (!Files.isRegularFile(file)) {
                throw new UserError("bundle file: expected a file, found " + (Files.exists(file) ? "a directory" : "nothing") + " at " + file);
            }
            try {
                FirmwareManifest m = new BundleVerifier(keys, BundleLimits.DEFAULT, Versions.LOADER_VERSION)
                        .verifyFile(file.getFileName().toString(), file).manifest();
                System.out.println("bundle '" + file.getFileName() + "' verifies: " + m.getVersion() + ", "
                        + m.getFilesCount() + " files, security counter " + m.getSecurityCounter());
                return 0;
            } catch (BundleRefusedException e) {
                throw new UserError(e.getMessage());
            } catch (IOException e) {
                throw new UserError("bundle file " + file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "List what a bundle holds: manifest fields, signer, files with sizes and SHA-256 (no trust check: use verify).")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new UserError("bundle file: expected a file, found " + (Files.exists(file) ? "a directory" : "nothing") + " at " + file);
            }
            BundleHeader h;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                h = BundleHeader.read(file.getFileName().toString(), in, Files.size(file), BundleLimits.DEFAULT);
            } catch (BundleRefusedException e) {
                throw new UserError(e.getMessage());
            }
            FirmwareManifest m = h.manifest();
            long total = 0;
            for (PayloadFile f : m.getFilesList()) {
                total += f.getSizeBytes();
            }
            System.out.println("bundle " + file + " (" + Files.size(file) + " bytes; contents as the manifest states them, not verified)");
            System.out.println("product            " + m.getProduct());
            System.out.println("version            " + m.getVersion());
            System.out.println("main class         " + m.getMainClass());
            System.out.println("security counter   " + Long.toUnsignedString(m.getSecurityCounter()));
            System.out.println("min loader version " + (m.getMinLoaderVersion().isEmpty() ? "-" : m.getMinLoaderVersion()));
            System.out.println("built              " + Instant.ofEpochSecond(m.getBuildTimeUnixSeconds()));
            System.out.println("signed by key      " + KeyFiles.shortId(Arrays.copyOf(h.signatureBlock(), Bundle.FINGERPRINT_BYTES)));
            System.out.println("files              " + m.getFilesCount() + ", " + total + " bytes");
            for (PayloadFile f : m.getFilesList()) {
                System.out.printf("  %10d  %s  %s%n", f.getSizeBytes(), HexFormat.of().formatHex(f.getSha256().toByteArray()), f.getPath());
            }
            return 0;
        }
    }
}
