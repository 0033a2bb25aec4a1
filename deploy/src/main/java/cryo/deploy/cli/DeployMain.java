package cryo.deploy.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./cryo bundle ...} and {@code ./cryo loader ...}. Exit codes: 0 ok, 1 refused or failed, 2 usage. */
@Command(name = "cryo", mixinStandardHelpOptions = true, version = "cryo deploy 1.0.0",
        subcommands = {BundleCommand.class, LoaderCommand.class},
        description = "Firmware bundles and the safe-mode loader.")
public final class DeployMain implements Runnable {

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "expected a subcommand: bundle or loader");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; never throws, never prints a stack trace. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new DeployMain());
        cl.setAllowOptionsAsOptionParameters(true); // --controller-arg=--board passes an option through to the controller
        cl.setOverwrittenOptionsAllowed(true); // the last of a repeated option wins: bin/cryo-loader's defaults, then the caller's
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("cryo: " + ex.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UserError) {
                err.println("cryo: " + ex.getMessage());
            } else {
                err.println("cryo: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            }
            return 1;
        });
        return cl.execute(args);
    }
}
