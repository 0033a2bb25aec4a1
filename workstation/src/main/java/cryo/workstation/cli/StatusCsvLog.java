package cryo.workstation.cli;

import cryo.hal.device.BoardClock;
import cryo.v1.LoopStatus;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every status as one CSV row, for plotting later: wall-clock time, node, board time, each stage's
 * reading and quality, each loop's setpoint, output, range, mode, ramping and settled, the interlock
 * and the active alarm count. The header is the first line of every file. Files rotate by day
 * ({@code status-2026-12-03.csv}) and/or by size ({@code status.1.csv}, {@code status.2.csv} ...);
 * an existing file with the same header is appended to. A node whose stages and loops differ from
 * the first node's goes to its own file ({@code status-NODE.csv}), so every file has one header.
 * Numbers are written in full precision with a dot; a missing reading is an empty cell.
 *
 * <p>Thread: {@link #write} is synchronized (watch calls it from the MQTT thread). Timing: one
 * write and flush a status, so a row is on disk when the next status arrives.
 */
public final class StatusCsvLog implements AutoCloseable {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    private final Path file;
    private final long maxBytes;
    private final boolean daily;
    private final Clock clock;
    private final Map<String, Sink> sinks = new HashMap<>();
    private String firstHeader;

    /** Log to {@code file}; {@code maxBytes} 0 for no size limit; {@code daily} for one file a day (in {@code clock}'s zone). */
    public StatusCsvLog(Path file, long maxBytes, boolean daily, Clock clock) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.daily = daily;
        this.clock = clock;
    }

    /** Appends {@code s} as a row (rotating first when the day changed or the file is full). */
    public synchronized void write(Status s) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        String header = header(s);
        if (firstHeader == null) {
            firstHeader = header;
        }
        Sink sink = sinks.computeIfAbsent(header, h -> new Sink(h.equals(firstHeader) ? file : withSuffix(file, "-" + safe(s.getNodeId())), h));
        try {
            sink.write(row(s, now), now.toLocalDate());
        } catch (IOException e) {
            throw new UncheckedIOException(sink.current + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The file rows go to now (tests, and the line that says where the log is). */
    public synchronized Path currentFile() {
        for (Sink s : sinks.values()) {
            if (s.base.equals(file)) {
                return s.current;
            }
        }
        return null;
    }

    @Override
    public synchronized void close() {
        for (Sink s : sinks.values()) {
            s.closeQuietly();
        }
        sinks.clear();
    }

    /** One file family (one header): rotates by day and size. */
    private final class Sink {
        final Path base;
        final String header;
        Path current;
        BufferedWriter out;
        long bytes;
        LocalDate day;
        int index;

        Sink(Path base, String header) {
            this.base = base;
            this.header = header;
        }

        void write(String row, LocalDate today) throws IOException {
            if (out == null || (daily && !today.equals(day)) || (maxBytes > 0 && bytes + row.length() + 1 > maxBytes)) {
                open(today);
            }
            out.write(row);
            out.write('\n');
            out.flush();
            bytes += row.length() + 1;
        }

        /** The next file of the family: today's, the first index that is new or has room and our header. */
        private void open(LocalDate today) throws IOException {
            String h = header;
            closeQuietly();
            if (daily && !today.equals(day)) {
                index = 0;
            }
            day = today;
            for (int i = index; i < 100_000; i++) {
                Path candidate = name(today, i);
                if (!Files.exists(candidate) || (Files.size(candidate) < (maxBytes > 0 ? maxBytes : Long.MAX_VALUE) && startsWith(candidate, h))) {
                    index = i;
                    current = candidate;
                    boolean fresh = !Files.exists(candidate) || Files.size(candidate) == 0;
                    out = Files.newBufferedWriter(candidate, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    bytes = Files.size(candidate);
                    if (fresh) {
                        out.write(h);
                        out.write('\n');
                        bytes += h.length() + 1;
                    }
                    return;
                }
            }
            throw new IOException("no free file name after " + name(today, 99_999));
        }

        private Path name(LocalDate today, int i) {
            Path p = daily ? withSuffix(base, "-" + today.format(DAY)) : base;
            return i == 0 ? p : withSuffix(p, "." + i);
        }

        void closeQuietly() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the rows already written were flushed
                }
                out = null;
            }
        }
    }

    private static boolean startsWith(Path f, String header) throws IOException {
        try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            return header.equals(r.readLine());
        }
    }

    /** {@code dir/status.csv} + {@code -x} is {@code dir/status-x.csv}. */
    static Path withSuffix(Path f, String suffix) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return f.resolveSibling(stem + suffix + ext);
    }

    private static String safe(String node) {
        return node.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The columns for {@code s}'s stages and loops. */
    static String header(Status s) {
        StringBuilder b = new StringBuilder("time,unix_s,node,board_time_s,seq");
        for (StageStatus st : s.getStagesList()) {
            String id = st.getStageId();
            b.append(',').append(id).append("_K,").append(id).append("_quality");
        }
        for (LoopStatus l : s.getLoopsList()) {
            String id = "loop_" + l.getLoopId();
            b.append(',').append(id).append("_setpoint_K,").append(id).append("_output_W,").append(id).append("_range,")
                    .append(id).append("_range_max_W,").append(id).append("_mode,").append(id).append("_ramping,")
                    .append(id).append("_settled");
        }
        return b.append(",interlock,interlock_cause,alarms_active").toString();
    }

    /** One row in {@link #header}'s columns. */
    static String row(Status s, ZonedDateTime wall) {
        StringBuilder b = new StringBuilder();
        b.append(wall.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(',')
                .append(String.format(Locale.ROOT, "%.3f", wall.toInstant().toEpochMilli() / 1000.0)).append(',')
                .append(cell(s.getNodeId())).append(',').append(String.format(Locale.ROOT, "%.3f", BoardClock.toSeconds(s.getBoardTimeTicks())))
                .append(',').append(s.getSeq());
        for (StageStatus st : s.getStagesList()) {
            b.append(',').append(number(st.getTemperatureKelvin())).append(',').append(st.getQuality().name().replace("QUALITY_", ""));
        }
        for (LoopStatus l : s.getLoopsList()) {
            b.append(',').append(number(l.getSetpointKelvin())).append(',').append(number(l.getOutputWatts())).append(',')
                    .append(l.getHeaterRange()).append(',').append(number(l.getRangeMaxWatts())).append(',')
                    .append(l.getMode().name().replace("LOOP_MODE_", "")).append(',').append(l.getRamping() ? 1 : 0).append(',')
                    .append(l.getSettled() ? 1 : 0);
        }
        return b.append(',').append(s.getInterlock().getState().name().replace("INTERLOCK_", "")).append(',')
                .append(cell(s.getInterlock().getCause())).append(',').append(s.getActiveAlarmsCount()).toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    /** A text cell, quoted when it holds a comma or a quote. */
    private static String cell(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"").replace('\n', ' ') + '"';
    }
}
