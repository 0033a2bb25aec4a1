package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.CommandResult;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox and the command ledger survive restarts, torn tails and compaction. */
class OutboxTest {
    @TempDir
    Path dir;

    @Test
    void undeliveredEntriesSurviveARestartInOrderAndIdsNeverGoBack() throws Exception {
        try (Outbox o = Outbox.open(dir, 100)) {
            for (int i = 0; i < 5; i++) {
                byte[] p = {(byte) i};
                o.append(Outbox.ALARM_EVENT, k -> p, 0);
            }
            o.markDelivered(o.peek().seq()); // first delivered
        }
        try (Outbox o = Outbox.open(dir, 100)) {
            assertEquals(4, o.pending());
            assertEquals(4, o.replayedOnOpen());
            for (int i = 1; i < 5; i++) {
                Outbox.Entry e = o.peek();
                assertArrayEquals(new byte[] {(byte) i}, e.payload(), "in order");
                assertEquals(i + 1, e.kindSeq());
                assertEquals(-1, e.epoch(), "replayed entries are historical");
                o.markDelivered(e.seq());
            }
            assertNull(o.peek());
            long[] id = new long[1];
            o.append(Outbox.ALARM_EVENT, k -> {
                id[0] = k;
                return new byte[0];
            }, 0);
            assertEquals(6, id[0], "ids continue");
        }
    }

    @Test
    void tornTailIsCutAndEverythingBeforeItKept() throws Exception {
        try (Outbox o = Outbox.open(dir, 100)) {
            o.append(Outbox.COMMAND_RESULT, k -> new byte[] {1, 2, 3}, 0);
            o.append(Outbox.COMMAND_RESULT, k -> new byte[] {4, 5, 6}, 0);
        }
        try (FileChannel f = FileChannel.open(dir.resolve("outbox.log"), StandardOpenOption.WRITE)) {
            f.truncate(f.size() - 2); // power cut in the middle of the second record
        }
        try (Outbox o = Outbox.open(dir, 100)) {
            assertEquals(1, o.pending());
            assertArrayEquals(new byte[] {1, 2, 3}, o.peek().payload());
            o.append(Outbox.COMMAND_RESULT, k -> new byte[] {7}, 0);
        }
        try (Outbox o = Outbox.open(dir, 100)) {
            assertEquals(2, o.pending(), "appends after the cut are intact");
        }
    }

    @Test
    void boundedDropsOldestAndCountsAndCompactionKeepsWhatIsPending() throws Exception {
        try (Outbox o = Outbox.open(dir, 10)) {
            for (int i = 0; i < 15; i++) {
                o.append(Outbox.ALARM_EVENT, k -> new byte[1000], 0);
            }
            assertEquals(10, o.pending());
            assertEquals(5, o.overflowDropped());
            for (int i = 0; i < 2000; i++) { // grow the file well past compaction size
                Outbox.Entry e = o.append(Outbox.ALARM_EVENT, k -> new byte[1000], 0);
                o.markDelivered(o.peek().seq());
                assertTrue(o.pending() <= 10);
                if (i == 1999) {
                    assertTrue(o.fileBytes() < 200_000, "compacted: " + o.fileBytes());
                }
            }
        }
        try (Outbox o = Outbox.open(dir, 10)) {
            long[] id = new long[1];
            o.append(Outbox.ALARM_EVENT, k -> {
                id[0] = k;
                return new byte[0];
            }, 0);
            assertEquals(2016, id[0], "event ids survive compaction");
        }
    }

    @Test
    void ledgerRemembersAnswersAndMarksUnansweredAsUnknownAfterRestart() throws Exception {
        byte[] h = ByteBuffer.allocate(32).putInt(7).array();
        try (CommandLedger l = CommandLedger.open(dir, 100)) {
            assertNull(l.begin("a", h));
            l.answer(CommandResult.newBuilder().setCorrelationId("a").setAccepted(true).setReason("ok").build());
            assertNull(l.begin("b", h)); // in flight when the controller dies
            assertNull(l.begin("c", h));
            l.forget("c"); // ring was full: never applied
        }
        try (CommandLedger l = CommandLedger.open(dir, 100)) {
            assertEquals("ok", l.begin("a", h).answer().getReason());
            assertEquals(CommandLedger.UNKNOWN_AFTER_RESTART, l.begin("b", h).answer().getReason());
            assertNull(l.begin("c", h), "a forgotten id may run");
        }
    }
}
