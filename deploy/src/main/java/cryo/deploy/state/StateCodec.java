package cryo.deploy.state;

import cryo.deploy.slot.SlotName;
import cryo.deploy.slot.SlotState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The state record as UTF-8 text, one {@code key=value} per line, so an operator can read it with
 * {@code cat}. The last line is {@code crc32=XXXXXXXX}: CRC-32 of every byte before that line.
 *
 * <pre>
 * cryo-loader-state 1
 * generation=7
 * active=b
 * security_counter=2
 * slot.a.state=good        (empty, bad, trial, good)
 * slot.a.version=1.0.0
 * slot.a.tries_left=3
 * slot.a.security_counter=1
 * slot.a.note=
 * slot.b.…                 (the same five keys)
 * last_boot.slot=b
 * last_boot.outcome=confirmed after 60000 ms soak
 * last_boot.unix_millis=1718000000000
 * crc32=1C291CA3
 * </pre>
 */
public final class StateCodec {
    static final String HEADER = "cryo-loader-state 1";
    private static final String CRC_KEY = "crc32=";

    private StateCodec() {
    }

    public static byte[] encode(LoaderState s) {
        StringBuilder b = new StringBuilder();
        b.append(HEADER).append('\n');
        line(b, "generation", Long.toString(s.generation()));
        line(b, "active", s.active().id());
        line(b, "security_counter", Long.toUnsignedString(s.securityCounter()));
        for (SlotName slot : SlotName.values()) {
            SlotRecord r = s.slot(slot);
            String p = "slot." + slot.id() + ".";
            line(b, p + "state", r.state().id());
            line(b, p + "version", r.version());
            line(b, p + "tries_left", Integer.toString(r.triesLeft()));
            line(b, p + "security_counter", Long.toUnsignedString(r.securityCounter()));
            line(b, p + "note", r.note());
        }
        line(b, "last_boot.slot", s.lastBootSlot());
        line(b, "last_boot.outcome", s.lastBootOutcome());
        line(b, "last_boot.unix_millis", Long.toString(s.lastBootUnixMillis()));
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        String crcLine = CRC_KEY + String.format("%08X", crc(body, body.length)) + "\n";
        byte[] tail = crcLine.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + tail.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(tail, 0, all, body.length, tail.length);
        return all;
    }

    public static LoaderState decode(byte[] bytes) throws StateFormatException {
        int crcStart = lastLineStart(bytes);
        String crcLine = new String(bytes, crcStart, bytes.length - crcStart, StandardCharsets.UTF_8).trim();
        if (!crcLine.startsWith(CRC_KEY)) {
            throw new StateFormatException("last line: expected 'crc32=XXXXXXXX', found '" + shorten(crcLine) + "' (truncated?)");
        }
        long found;
        try {
            found = Long.parseLong(crcLine.substring(CRC_KEY.length()), 16);
        } catch (NumberFormatException e) {
            throw new StateFormatException("crc32: expected 8 hex digits, found '" + shorten(crcLine) + "'");
        }
        long expected = crc(bytes, crcStart);
        if (expected != found) {
            throw new StateFormatException(String.format("crc32: expected %08X (computed), found %08X", expected, found));
        }
        String body = new String(bytes, 0, crcStart, StandardCharsets.UTF_8);
        String[] lines = body.split("\n", -1);
        if (!HEADER.equals(lines[0])) {
            throw new StateFormatException("header: expected '" + HEADER + "', found '" + shorten(lines[0]) + "'");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int eq = lines[i].indexOf('=');
            if (eq < 0) {
                throw new StateFormatException("line " + (i + 1) + ": expected key=value, found '" + shorten(lines[i]) + "'");
            }
            values.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        SlotName active = SlotName.parse(require(values, "active"));
        if (active == null) {
            throw new StateFormatException("active: expected a or b, found '" + values.get("active") + "'");
        }
        return new LoaderState(number(values, "generation"), active, unsigned(values, "security_counter"),
                slot(values, SlotName.A), slot(values, SlotName.B), require(values, "last_boot.slot"),
                require(values, "last_boot.outcome"), number(values, "last_boot.unix_millis"));
    }

    private static SlotRecord slot(Map<String, String> values, SlotName slot) throws StateFormatException {
        String p = "slot." + slot.id() + ".";
        SlotState state = SlotState.parse(require(values, p + "state"));
        if (state == null) {
            throw new StateFormatException(p + "state: expected empty, bad, trial or good, found '" + values.get(p + "state") + "'");
        }
        long tries = number(values, p + "tries_left");
        if (tries < 0 || tries > 100) {
            throw new StateFormatException(p + "tries_left: expected 0..100, found " + tries);
        }
        return new SlotRecord(state, require(values, p + "version"), (int) tries, unsigned(values, p + "security_counter"),
                require(values, p + "note"));
    }

    private static String require(Map<String, String> values, String key) throws StateFormatException {
        String v = values.get(key);
        if (v == null) {
            throw new StateFormatException(key + ": expected a line '" + key + "=…', found none");
        }
        return v;
    }

    private static long number(Map<String, String> values, String key) throws StateFormatException {
        String v = require(values, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new StateFormatException(key + ": expected a number, found '" + shorten(v) + "'");
        }
    }

    private static long unsigned(Map<String, String> values, String key) throws StateFormatException {
        String v = require(values, key);
        try {
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw new StateFormatException(key + ": expected an unsigned number, found '" + shorten(v) + "'");
        }
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=').append(value).append('\n');
    }

    /** Start of the last non-empty line (the CRC line). */
    private static int lastLineStart(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == '\n') {
            end--;
        }
        int i = end;
        while (i > 0 && bytes[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
