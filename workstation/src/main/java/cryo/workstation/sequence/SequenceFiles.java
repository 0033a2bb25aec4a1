package cryo.workstation.sequence;

import cryo.controller.sequencer.SequenceException;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import com.google.protobuf.util.JsonFormat;
import cryo.v1.PulseSequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@link PulseSequence} from a file: JSON (protobuf JSON mapping) when the first
 * non-blank character is '{', protobuf text format otherwise; binary protobuf for {@code .pb}/
 * {@code .binpb}. The size is checked before anything is parsed, so a huge file costs nothing.
 */
public final class SequenceFiles {
    /** Largest sequence file read: 8 MiB (repeat blocks keep real sequences far smaller). */
    public static final long MAX_FILE_BYTES = 8L << 20;

    private SequenceFiles() {
    }

    /** @throws SequenceException with one line naming the file and the problem */
    public static PulseSequence read(Path file) throws SequenceException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new SequenceException(file + ": no such file");
        } catch (IOException e) {
            throw new SequenceException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (size > MAX_FILE_BYTES) {
            throw new SequenceException(file + ": " + size + " bytes, larger than the " + MAX_FILE_BYTES
                    + "-byte limit for sequence files (use repeat blocks)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SequenceException(file + ": cannot read (" + e.getMessage() + ")");
        }
        String n = file.getFileName().toString();
        try {
            if (n.endsWith(".pb") || n.endsWith(".binpb")) {
                return PulseSequence.parseFrom(bytes);
            }
            return parseText(new String(bytes, StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException | TextFormat.ParseException e) {
            throw new SequenceException(file + ": not a valid PulseSequence: " + oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            // JsonFormat reports some malformed input (e.g. bad numbers) as unchecked exceptions
            throw new SequenceException(file + ": not a valid PulseSequence: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** Parses JSON or text format from a string. */
    public static PulseSequence parseText(String text) throws InvalidProtocolBufferException, TextFormat.ParseException {
        PulseSequence.Builder b = PulseSequence.newBuilder();
        if (text.stripLeading().startsWith("{")) {
            JsonFormat.parser().merge(text, b);
        } else {
            TextFormat.merge(text, b);
        }
        return b.build();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }
}
