package cryo.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cryo bundle|loader} run in the caller's directory, so {@code --out rel.cryob} lands
 * where the caller stands (it used to land in the repository root while saying "wrote rel.cryob"),
 * and the default firmware is still found through -Dcryo.home. The real script runs in a copy of
 * the repository layout with a stub {@code java} first on PATH that reports where and how it ran.
 */
class LauncherBundleBranchTest {
    @TempDir
    Path tmp;

    @Test
    void bundleAndLoaderRunInTheCallersDirectory() throws Exception {
        Path script = Path.of("..", "cryo").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(script) && Files.isExecutable(Path.of("/bin/bash")), "the launcher and bash");
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("workstation/target/lib"));
        Files.createDirectories(repo.resolve("deploy/target/lib"));
        Files.createDirectories(repo.resolve("target"));
        Files.copy(script, repo.resolve("cryo"));
        Files.writeString(repo.resolve("workstation/target/workstation-0.1.0.jar"), "");
        Files.writeString(repo.resolve("deploy/target/deploy-0.1.0.jar"), "");
        Files.writeString(repo.resolve("target/.cryo-built"), "");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/bash\necho \"cwd=$PWD\"\nfor a in \"$@\"; do echo \"arg=$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path caller = Files.createDirectories(tmp.resolve("elsewhere"));

        for (String command : new String[] {"bundle", "loader"}) {
            ProcessBuilder pb = new ProcessBuilder("/bin/bash", repo.resolve("cryo").toString(), command, "build", "--out", "rel.cryob")
                    .directory(caller.toFile()).redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process p = pb.start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher finished");
            List<String> out = List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            assertEquals(0, p.exitValue(), String.join("\n", out));
            assertTrue(out.contains("cwd=" + caller.toRealPath()), command + " runs where it was called: " + out);
            assertTrue(out.contains("arg=rel.cryob"), "argument passed as given: " + out);
            assertTrue(out.contains("arg=-Dcryo.home=" + repo.toRealPath()), "the checkout for default paths: " + out);
            String jar = "arg=" + repo.toRealPath() + "/deploy/target/deploy-";
            assertTrue(out.stream().anyMatch(l -> l.startsWith(jar)),
                    "the classpath is absolute: " + out);
        }
    }
}
