package cryo.deploy.cli;

import cryo.deploy.bundle.Bundle;
import cryo.deploy.bundle.BundleBuilder;
import cryo.deploy.bundle.BundleLimits;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.bundle.BundleVerifier;
import cryo.deploy.bundle.KeyFiles;
import cryo.deploy.bundle.TrustedKeys;
import cryo.deploy.bundle.Versions;
import cryo.v1.FirmwareManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
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
        subcommands = {BundleCommand.Keygen.class, BundleCommand.Build.class, BundleCommand.Verify.class})
final class BundleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "expected keygen, build or verify");
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

        @Option(names = "--firmware", defaultValue = "controller/target", paramLabel = "DIR",
                description = "the built firmware: controller-*.jar and lib/ (default ${DEFAULT-VALUE}; ignored with --payload)")
        Path firmware;

        @Option(names = "--version", paramLabel = "V", description = "firmware version (default: from the controller jar's name)")
        String version;

        @Option(names = "--security-counter", defaultValue = "0", paramLabel = "N")
        long securityCounter;

        @Option(names = "--main-class", defaultValue = "cryo.controller.app.FirmwareMain", paramLabel = "CLASS")
        String mainClass;

        @Option(names = "--min-loader-version", defaultValue = Versions.LOADER_VERSION, paramLabel = "V")
        String minLoaderVersion;

        @Override
        public Integer call() throws Exception {
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
                        b.file(payload.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            } else {
                Path target = firmware;
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
                b.file("controller.jar", Files.readAllBytes(jars.get(0)));
                try (Stream<Path> s = Files.list(target.resolve("lib"))) {
                    for (Path lib : s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList())) {
                        b.file("lib/" + lib.getFileName(), Files.readAllBytes(lib));
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
            byte[] bytes = b.build(priv, pub);
            Files.write(out, bytes);
            System.out.println("wrote " + out + ": " + m.getVersion() + ", " + m.getFilesCount() + " files, " + bytes.length
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
            byte[] bytes;
            try {
                keys = TrustedKeys.load(trusted);
                bytes = Files.readAllBytes(file);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UserError("bundle file: expected a file, found nothing at " + file);
            } catch (IOException e) {
                throw new UserError(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            try {
                Bundle b = new BundleVerifier(keys, BundleLimits.DEFAULT, Versions.LOADER_VERSION)
                        .verify(file.getFileName().toString(), bytes, 0);
                System.out.println("bundle '" + file.getFileName() + "' verifies: " + b.manifest().getVersion() + ", "
                        + b.manifest().getFilesCount() + " files, security counter " + b.manifest().getSecurityCounter());
                return 0;
            } catch (BundleRefusedException e) {
                throw new UserError(e.getMessage());
            }
        }
    }
}
