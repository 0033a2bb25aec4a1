package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCsvLogTest {
    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-12-03T23:59:58Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static Status status() {
        return StatusLineFormatTest.cryostat().build();
    }

    @Test
    void headerThenOneRowAStatusWithEveryStageAndLoop() throws Exception {
        Path f = dir.resolve("status.csv");
        StepClock clock = new StepClock();
        try (StatusCsvLog log = new StatusCsvLog(f, 0, false, clock)) {
            log.write(status());
            clock.now = clock.now.plusSeconds(1);
            log.write(status().toBuilder().setSeq(1).build());
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), lines.toString());
        String[] header = lines.get(0).split(",", -1);
        String[] row = lines.get(1).split(",", -1);
        assertEquals(header.length, row.length, "every row has the header's columns");
        assertEquals("time", header[0]);
        assertTrue(lines.get(0).contains(",mxc_K,mxc_quality,") && lines.get(0).contains(",loop_mxc_setpoint_K,loop_mxc_output_W,loop_mxc_range,")
                && lines.get(0).endsWith(",interlock,interlock_cause,alarms_active"), lines.get(0));
        assertEquals("2026-12-03T23:59:58Z", row[0]);
        assertEquals(0.0200123, Double.parseDouble(row[List.of(header).indexOf("mxc_K")]), 0);
        assertEquals("GOOD", row[List.of(header).indexOf("mxc_quality")]);
        assertEquals(3.7e-4, Double.parseDouble(row[List.of(header).indexOf("loop_mxc_output_W")]), 0);
        assertEquals("ZONE", row[List.of(header).indexOf("loop_mxc_mode")]);
        assertEquals("ARMED", row[List.of(header).indexOf("interlock")]);
    }

    @Test
    void aMissingReadingIsAnEmptyCell() throws Exception {
        Path f = dir.resolve("s.csv");
        try (StatusCsvLog log = new StatusCsvLog(f, 0, false, new StepClock())) {
            log.write(status().toBuilder().setStages(0, status().getStages(0).toBuilder().setTemperatureKelvin(Double.NaN)).build());
        }
        List<String> lines = Files.readAllLines(f);
        int col = List.of(lines.get(0).split(",")).indexOf("mxc_K");
        assertEquals("", lines.get(1).split(",", -1)[col]);
    }

    @Test
    void rotatesByDay() throws Exception {
        Path f = dir.resolve("status.csv");
        StepClock clock = new StepClock();
        try (StatusCsvLog log = new StatusCsvLog(f, 0, true, clock)) {
            log.write(status());
            assertEquals(dir.resolve("status-2026-12-03.csv"), log.currentFile());
            clock.now = clock.now.plus(Duration.ofSeconds(3));
            log.write(status());
            assertEquals(dir.resolve("status-2026-12-04.csv"), log.currentFile());
        }
        assertEquals(2, Files.readAllLines(dir.resolve("status-2026-12-03.csv")).size());
        assertTrue(Files.readAllLines(dir.resolve("status-2026-12-04.csv")).get(0).startsWith("time,"), "a new day starts with the header");
    }

    @Test
    void rotatesBySizeAndAppendsToAFileWithItsHeader() throws Exception {
        Path f = dir.resolve("status.csv");
        StepClock clock = new StepClock();
        int rowBytes = StatusCsvLog.row(status(), clock.now.atZone(ZoneOffset.UTC)).length() + 1;
        int headerBytes = StatusCsvLog.header(status()).length() + 1;
        long max = headerBytes + 3L * rowBytes; // three rows a file
        try (StatusCsvLog log = new StatusCsvLog(f, max, false, clock)) {
            for (int i = 0; i < 7; i++) {
                log.write(status());
            }
            assertEquals(dir.resolve("status.2.csv"), log.currentFile());
        }
        assertEquals(4, Files.readAllLines(f).size());
        assertEquals(4, Files.readAllLines(dir.resolve("status.1.csv")).size());
        assertEquals(2, Files.readAllLines(dir.resolve("status.2.csv")).size());
        for (Path p : List.of(f, dir.resolve("status.1.csv"), dir.resolve("status.2.csv"))) {
            assertTrue(Files.size(p) <= max, p + " within the size limit");
        }
        try (StatusCsvLog log = new StatusCsvLog(f, max, false, clock)) {
            log.write(status()); // a restart: the first file with room and the same header
            assertEquals(dir.resolve("status.2.csv"), log.currentFile());
        }
        assertEquals(3, Files.readAllLines(dir.resolve("status.2.csv")).size(), "appended without a second header");
    }

    @Test
    void aNodeWithOtherStagesGetsItsOwnFile() throws Exception {
        Path f = dir.resolve("status.csv");
        Files.writeString(f, "something else\n");
        try (StatusCsvLog log = new StatusCsvLog(f, 0, false, new StepClock())) {
            log.write(status());
            log.write(Status.newBuilder().setNodeId("bench/2").addStages(StatusLineFormatTest.stage("mxc", 0.1)).build());
        }
        assertEquals(dir.resolve("status.1.csv").toFile().exists(), true, "a file with another header is left alone");
        assertTrue(Files.readAllLines(dir.resolve("status-bench_2.csv")).get(1).contains(",bench/2,"));
    }
}
