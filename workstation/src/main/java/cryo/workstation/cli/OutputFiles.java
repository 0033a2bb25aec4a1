package cryo.workstation.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Output file names checked before any work, so a mistake is one line naming the option, not a stack trace after a long run. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** The directory {@code file} goes in must exist; it must not itself be a directory. */
    static void checkWritable(String option, Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError(option + " " + file + ": directory " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UserError(option + " " + file + ": is a directory, not a file name");
        }
    }

    /**
     * A PNG name in an existing directory. Only PNG is drawn: a name ending .svg, .pdf, .jpg, ...
     * is refused rather than given PNG bytes under another format's name.
     */
    static void checkPng(String option, Path file) {
        if (file == null) {
            return;
        }
        checkWritable(option, file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png")) {
            int dot = name.lastIndexOf('.');
            String ext = dot >= 0 ? name.substring(dot) : "no extension";
            throw new UserError(option + " " + file + ": plots are written as PNG only (" + ext + " asked); name the file .png");
        }
    }

    /** Writes {@code img} as PNG to {@code file} (checked with {@link #checkPng} first). */
    static void writePng(String option, BufferedImage img, Path file) {
        checkPng(option, file);
        try {
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new UserError(option + " " + file + ": no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UserError(option + " " + file + ": cannot write: " + e.getMessage());
        }
    }
}
