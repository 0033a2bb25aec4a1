package cryo.workstation.cli;

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
 * The {@code ./cryo} launcher runs the command line in the caller's directory, so
 * {@code ./cryo curve show curves/x.340} from elsewhere finds the file. The real script runs in a
 * copy of the repository layout (built jar and stamp present, so it builds nothing) with a stub
 * {@code java} first on PATH that reports its working directory and arguments.
 */
class LauncherScriptTest {
    @TempDir
    Path tmp;

    @Test
    void relativeFileArgumentsAreTheCallersNotTheRepositoryRoots() throws Exception {
        Path script = Path.of("..", "cryo").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(script) && Files.isExecutable(Path.of("/bin/bash")), "the launcher and bash");
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("workstation/target/lib"));
        Files.createDirectories(repo.resolve("target"));
        Files.copy(script, repo.resolve("cryo"));
        Files.writeString(repo.resolve("workstation/target/workstation-0.1.0.jar"), "");
        Files.writeString(repo.resolve("target/.cryo-built"), "");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/bash\necho \"cwd=$PWD\"\nfor a in \"$@\"; do echo \"arg=$a\"; done\n"
                + "[ -f \"${@: -1}\" ] && echo found || echo missing\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path caller = Files.createDirectories(tmp.resolve("elsewhere/curves"));
        Files.writeString(caller.resolve("x.340"), "");

        ProcessBuilder pb = new ProcessBuilder("/bin/bash", repo.resolve("cryo").toString(), "curve", "show", "curves/x.340")
                .directory(caller.getParent().toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher finished");
        List<String> out = List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        assertEquals(0, p.exitValue(), String.join("\n", out));
        assertTrue(out.contains("cwd=" + caller.getParent().toRealPath()), "runs where it was called: " + out);
        assertTrue(out.contains("arg=curves/x.340"), "argument passed as given: " + out);
        assertEquals("found", out.get(out.size() - 1), "the relative file resolves from there: " + out);
        String jar = "arg=" + repo.toRealPath() + "/workstation/target/workstation-";
        assertTrue(out.stream().anyMatch(l -> l.startsWith(jar)),
                "the classpath is absolute: " + out);
    }
}
