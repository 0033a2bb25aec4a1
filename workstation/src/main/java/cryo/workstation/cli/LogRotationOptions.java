package cryo.workstation.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --rotate-mb} and {@code --rotate-daily}: how the CSV status log ({@link StatusCsvLog}) rotates. */
final class LogRotationOptions {
    @Option(names = "--rotate-mb", defaultValue = "0", paramLabel = "MB",
            description = "start a new CSV file (NAME.1.csv, NAME.2.csv ...) when one reaches MB megabytes (0 = no limit, up to 100000)")
    double rotateMegabytes;

    @Option(names = "--rotate-daily", description = "one CSV file a day: NAME-YYYY-MM-DD.csv")
    boolean rotateDaily;

    /** The log for {@code option FILE}, or null without a file; a mistake is one line naming the option. */
    StatusCsvLog open(String option, Path file) {
        if (!(rotateMegabytes >= 0) || rotateMegabytes > 100_000) {
            throw new UserError("--rotate-mb " + rotateMegabytes + " outside 0..100000");
        }
        if (rotateMegabytes > 0 && rotateMegabytes < 0.001) {
            throw new UserError("--rotate-mb " + rotateMegabytes + " is less than a kilobyte: every row would be a file");
        }
        if (file == null) {
            if (rotateMegabytes > 0 || rotateDaily) {
                throw new UserError("--rotate-mb and --rotate-daily need " + option + " FILE");
            }
            return null;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError(option + " " + file + ": directory " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UserError(option + " " + file + ": is a directory, not a file name");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new UserError(option + " " + file + ": not writable");
        }
        return new StatusCsvLog(file, Math.round(rotateMegabytes * 1e6), rotateDaily, java.time.Clock.systemDefaultZone());
    }
}
