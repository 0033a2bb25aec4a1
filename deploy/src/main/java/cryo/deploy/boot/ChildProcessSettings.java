package cryo.deploy.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How the loader runs a slot's controller.
 *
 * @param javaExecutable         the java binary (the loader's own by default)
 * @param jvmOptions             e.g. -Xmx256m
 * @param controllerArgs         arguments after the main class (e.g. run --board …)
 * @param extraEnvironment       added to the child's environment
 * @param healthTimeoutMillis    from launch to HEALTHY (self-test included)
 * @param heartbeatTimeoutMillis the longest silence allowed after HEALTHY
 * @param soakMillis             how long a healthy controller must stay up to be confirmed
 * @param stopGraceMillis        SIGTERM to SIGKILL when the loader stops a controller
 * @param pollMillis             how often the loader looks at the inbox while a controller runs
 * @param logDir                 where each slot's stdout and stderr go
 */
public record ChildProcessSettings(Path javaExecutable, List<String> jvmOptions, List<String> controllerArgs,
                                   Map<String, String> extraEnvironment, long healthTimeoutMillis,
                                   long heartbeatTimeoutMillis, long soakMillis, long stopGraceMillis, long pollMillis,
                                   Path logDir) {

    public ChildProcessSettings {
        if (healthTimeoutMillis < 100 || heartbeatTimeoutMillis < 100 || stopGraceMillis < 0 || pollMillis < 10) {
            throw new IllegalArgumentException("timeouts: expected health and heartbeat >= 100 ms, poll >= 10 ms, found health "
                    + healthTimeoutMillis + ", heartbeat " + heartbeatTimeoutMillis + ", poll " + pollMillis);
        }
        if (soakMillis <= heartbeatTimeoutMillis) {
            // a soak shorter than the heartbeat timeout would confirm a controller that never sent a heartbeat
            throw new IllegalArgumentException("soak: expected more than the heartbeat timeout " + heartbeatTimeoutMillis
                    + " ms, found " + soakMillis + " ms");
        }
        jvmOptions = List.copyOf(jvmOptions);
        controllerArgs = List.copyOf(controllerArgs);
        extraEnvironment = Map.copyOf(extraEnvironment);
    }

    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
