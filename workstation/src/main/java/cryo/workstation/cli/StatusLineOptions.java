package cryo.workstation.cli;

import picocli.CommandLine.Option;

/** {@code --wide} and {@code --columns}: how much of a status goes on its line ({@link StatusLineFormat}). */
final class StatusLineOptions {
    @Option(names = "--wide", description = "everything on the status line (board time, every loop, heater watts, ramp targets), however long")
    boolean wide;

    @Option(names = "--columns", defaultValue = "" + StatusLineFormat.DEFAULT_COLUMNS, paramLabel = "N",
            description = "fit the status line in N columns (default ${DEFAULT-VALUE}; 60..1000)")
    int columns;

    /** The width for {@link StatusLineFormat#format}: 0 for --wide. */
    int columns() {
        if (columns < 60 || columns > 1000) {
            throw new UserError("--columns " + columns + " outside 60..1000");
        }
        return wide ? 0 : columns;
    }
}
