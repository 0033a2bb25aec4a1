package cryo.workstation.sequence;

import cryo.controller.sequencer.SequenceException;
import cryo.controller.sequencer.Sequences;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Envelope;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per validation rule; each checks the error text names the pulse, the field and the limit. */
/** Sequence files (JSON or text format) read for the command line: one line per mistake. */
class SequenceFilesTest {
    @TempDir
    Path dir;

    @Test
    void hugeFileIsRefusedBeforeParsing() throws Exception {
        Path f = dir.resolve("big.txtpb");
        try (var ch = Files.newByteChannel(f, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.position(SequenceFiles.MAX_FILE_BYTES + 1).write(java.nio.ByteBuffer.wrap(new byte[] {' '}));
        }
        SequenceException e = assertThrows(SequenceException.class, () -> SequenceFiles.read(f));
        assertEquals(f + ": 8388610 bytes, larger than the 8388608-byte limit for sequence files (use repeat blocks)", e.getMessage());
    }

    @Test
    void truncatedJsonIsAParseError() throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "{\"name\": \"s\", \"pulses\": [{\"name\": \"x\", \"durationTicks\": \"4");
        SequenceException e = assertThrows(SequenceException.class, () -> SequenceFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not a valid PulseSequence: "), e.getMessage());
    }

    @Test
    void truncatedTextIsAParseError() throws Exception {
        Path f = dir.resolve("t.txtpb");
        Files.writeString(f, "name: \"s\"\npulses { name: \"x\" duration_ticks: 4");
        SequenceException e = assertThrows(SequenceException.class, () -> SequenceFiles.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not a valid PulseSequence: "), e.getMessage());
    }

    @Test
    void negativeDurationInAFileIsAParseError() throws Exception {
        Path json = dir.resolve("n.json");
        Files.writeString(json, "{\"name\": \"s\", \"pulses\": [{\"name\": \"x\", \"durationTicks\": -40}]}");
        SequenceException e = assertThrows(SequenceException.class, () -> SequenceFiles.read(json));
        assertTrue(e.getMessage().contains("-40"), e.getMessage());
        Path text = dir.resolve("n.txtpb");
        Files.writeString(text, "name: \"s\"\npulses { name: \"x\" duration_ticks: -40 }");
        e = assertThrows(SequenceException.class, () -> SequenceFiles.read(text));
        assertTrue(e.getMessage().startsWith(text + ": not a valid PulseSequence: 2:"), e.getMessage());
    }

    @Test
    void jsonAndTextFilesRoundTrip() throws Exception {
        PulseSequence s = Sequences.experiment();
        Path json = dir.resolve("s.json");
        Files.writeString(json, com.google.protobuf.util.JsonFormat.printer().print(s));
        assertEquals(s, SequenceFiles.read(json));
        Path text = dir.resolve("s.txtpb");
        Files.writeString(text, com.google.protobuf.TextFormat.printer().printToString(s));
        assertEquals(s, SequenceFiles.read(text));
    }
}
