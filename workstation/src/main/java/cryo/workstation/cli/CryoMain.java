package cryo.workstation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cryo} command line. Errors are one line on stderr and a non-zero exit, never a stack trace. */
@Command(name = "cryo", mixinStandardHelpOptions = true, version = "cryo 0.1.0",
        description = "Cryostat controller for a Cryo-CMOS board.",
        footer = {"", "Through the ./cryo launcher also: bundle, loader (firmware bundles and the safe-mode loader, module deploy;",
                "  './cryo bundle --help') and bench (control-path benchmarks, module bench; './cryo bench --help')."},
        subcommands = {RunCommand.class, WatchCommand.class, BoardCommand.class, SimCommand.class, SequenceCommand.class,
                CurveCommand.class, CmdCommand.class, AlarmsCommand.class, ExporterCommand.class, JobsCommand.class})
public final class CryoMain {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command line with the given output and error streams. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new CryoMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("cryo: " + oneLine(ex));
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            // qualifiedName: 'cryo sequence plot', and 'cryo' itself (not 'cryo cryo')
            ex.getCommandLine().getErr().println("cryo: " + oneLine(ex) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cl.execute(args);
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }
}
