package cryo.controller.mqtt;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import cryo.v1.Command;
import cryo.v1.CommandEnvelope;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Everything a command payload must pass before it may reach the ring: size, envelope and
 * command decoding, identity fields, target node, the signature and its age when signing is
 * required, and field sanity (finite numbers, bounded strings, no fields this schema does not
 * know). Pure and allocation-happy: runs on the command thread, never on the ring or in a Paho
 * callback. Never throws for any input; a refusal names the field and the limit.
 */
public final class CommandGate {
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final int MAX_ID_CHARS = 64;
    public static final int MAX_STRING_CHARS = 256;
    /** Reason prefix of a refusal that came from an exception in the checks (a bug), not from a rule. */
    public static final String INTERNAL_ERROR = "internal check error: ";

    /**
     * The outcome of checking one payload: a command to apply, or a refusal (with ids when they
     * could be read). {@code signed}: its signature and age were checked against an operator key.
     */
    public record Verdict(Command command, byte[] commandBytes, String correlationId, String operatorId, String keyId,
                          String refusal, boolean signed) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** What a refusal for load is answered with: the ids a payload claims, clipped, "" when unreadable. */
    public record Ids(String correlationId, String operatorId, String keyId, String action) {
        static final Ids NONE = new Ids("", "", "", "-");
    }

    /**
     * The ids of a payload without any check, for answering a command that is not going to be
     * checked (refused for load). Never throws; runs on the Paho callback thread, so it only
     * decodes (the payload is bounded by the session's maximum packet size).
     */
    public static Ids peekIds(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
            return Ids.NONE;
        }
        try {
            CommandEnvelope env = CommandEnvelope.parseFrom(payload);
            Command c = Command.parseFrom(env.getCommand());
            return new Ids(clip(c.getCorrelationId()), clip(c.getOperatorId()), clip(env.getKeyId()), c.getActionCase().name());
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return Ids.NONE;
        }
    }

    private final String nodeId;
    private final OperatorKeys keys;
    private final boolean requireSigned;
    private final long windowMillis;
    private final LongSupplier wallMillis;
    private final java.util.concurrent.atomic.AtomicLong internalErrors = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param keys          operator keys, or null when none are configured
     * @param requireSigned refuse commands without a valid signature (needs keys)
     * @param windowMillis  how old (or how far in the future) a signed command's issue time may be
     * @param wallMillis    the wall clock, injected (Unix millis)
     */
    public CommandGate(String nodeId, OperatorKeys keys, boolean requireSigned, long windowMillis, LongSupplier wallMillis) {
        if (requireSigned && keys == null) {
            throw new IllegalArgumentException("signed commands required but no operator key file given");
        }
        if (windowMillis < 1) {
            throw new IllegalArgumentException("signature window " + windowMillis + " ms must be >= 1");
        }
        this.nodeId = nodeId;
        this.keys = keys;
        this.requireSigned = requireSigned;
        this.windowMillis = windowMillis;
        this.wallMillis = wallMillis;
    }

    public boolean requireSigned() {
        return requireSigned;
    }

    public Verdict check(byte[] payload) {
        try {
            return checkOrThrow(payload);
        } catch (RuntimeException e) {
            // belt and braces: nothing an outsider sends may escape as an exception; counted, since it is a bug
            internalErrors.incrementAndGet();
            return refuse(null, null, "", "", "", INTERNAL_ERROR + e.getClass().getSimpleName());
        }
    }

    /** Refusals that came from an exception in the checks rather than from a rule (should stay 0). */
    public long internalErrors() {
        return internalErrors.get();
    }

    private Verdict checkOrThrow(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return refuse(null, null, "", "", "", "empty payload: expected a cryo.v1.CommandEnvelope");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return refuse(null, null, "", "", "", "payload of " + payload.length + " bytes over the " + MAX_PAYLOAD_BYTES + " byte limit");
        }
        CommandEnvelope env;
        try {
            env = CommandEnvelope.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return refuse(null, null, "", "", "", "not a cryo.v1.CommandEnvelope: " + e.getMessage());
        }
        String unknownEnv = unknownFields(env, "envelope");
        if (unknownEnv != null) {
            return refuse(null, null, "", "", "", unknownEnv);
        }
        if (env.getCommand().isEmpty()) {
            return refuse(null, null, "", "", env.getKeyId(), "envelope.command is empty");
        }
        byte[] commandBytes = env.getCommand().toByteArray();
        Command c;
        try {
            c = Command.parseFrom(commandBytes);
        } catch (InvalidProtocolBufferException e) {
            return refuse(null, null, "", "", env.getKeyId(), "envelope.command is not a cryo.v1.Command: " + e.getMessage());
        }
        String id = c.getCorrelationId();
        String op = c.getOperatorId();
        String keyId = clip(env.getKeyId());
        String idProblem = checkId("correlation_id", id);
        if (idProblem != null) {
            return refuse(null, null, clip(id), clip(op), keyId, idProblem);
        }
        String opProblem = checkId("operator_id", op);
        if (opProblem != null) {
            return refuse(null, null, id, clip(op), keyId, opProblem);
        }
        if (!nodeId.equals(c.getTargetNode())) {
            return refuse(null, null, id, op, keyId, "target_node '" + clip(c.getTargetNode()) + "' is not this node '" + nodeId + "'");
        }
        if (c.getIssuedUnixMillis() <= 0) {
            return refuse(null, null, id, op, keyId, "issued_unix_millis " + c.getIssuedUnixMillis() + " must be > 0");
        }
        String signature = checkSignature(env, commandBytes, c);
        if (signature != null) {
            return refuse(null, null, id, op, keyId, signature);
        }
        if (c.getActionCase() == Command.ActionCase.ACTION_NOT_SET) {
            return refuse(null, null, id, op, keyId, "no action set in the command");
        }
        String unknown = unknownFields(c, "command");
        if (unknown != null) {
            return refuse(null, null, id, op, keyId, unknown);
        }
        String field = checkFields(c, "command");
        if (field != null) {
            return refuse(null, null, id, op, keyId, field);
        }
        if (c.getActionCase() == Command.ActionCase.INSTALL_BUNDLE) {
            return refuse(null, null, id, op, keyId, "install_bundle is not accepted over MQTT: bundles are installed by the loader (cryo loader)");
        }
        return new Verdict(c, commandBytes, id, op, keyId, null, keys != null && !env.getHmacSha256().isEmpty());
    }

    private String checkSignature(CommandEnvelope env, byte[] commandBytes, Command c) {
        boolean signed = !env.getHmacSha256().isEmpty();
        if (!signed) {
            return requireSigned ? "unsigned command refused: this node requires HMAC-SHA256 signed commands" : null;
        }
        if (keys == null) {
            return null; // signing not configured here: the signature is carried but not checked
        }
        OperatorKeys.Key key = keys.find(env.getKeyId());
        if (key == null) {
            return "unknown key_id '" + clip(env.getKeyId()) + "'";
        }
        if (!key.operatorId().equals(c.getOperatorId())) {
            return "key '" + key.keyId() + "' belongs to operator '" + key.operatorId() + "', not '" + c.getOperatorId() + "'";
        }
        if (env.getHmacSha256().size() != 32 || !OperatorKeys.verify(key.secret(), commandBytes, env.getHmacSha256().toByteArray())) {
            return "bad signature: hmac_sha256 does not match the command bytes under key '" + key.keyId() + "'";
        }
        long age = wallMillis.getAsLong() - c.getIssuedUnixMillis();
        if (age > windowMillis) {
            return "expired: issued " + age + " ms ago, window " + windowMillis + " ms";
        }
        if (age < -windowMillis) {
            return "issued " + (-age) + " ms in the future, window " + windowMillis + " ms (clock skew?)";
        }
        return null;
    }

    private static String checkId(String field, String v) {
        if (v.isEmpty()) {
            return field + " is empty";
        }
        if (v.length() > MAX_ID_CHARS) {
            return field + " of " + v.length() + " characters over the " + MAX_ID_CHARS + " limit";
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_' || ch == '.' || ch == ':' || ch == '@')) {
                return field + " has a character outside A-Z a-z 0-9 - _ . : @ at position " + i;
            }
        }
        return null;
    }

    private static String unknownFields(Message m, String path) {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            return path + " has field number(s) " + m.getUnknownFields().asMap().keySet() + " unknown to the cryo.v1 schema of this node";
        }
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            if (e.getKey().getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                String p = path + "." + e.getKey().getName();
                for (Object v : e.getKey().isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue())) {
                    String u = unknownFields((Message) v, p);
                    if (u != null) {
                        return u;
                    }
                }
            }
        }
        return null;
    }

    /** Every number finite, every unsigned number within Java's signed range, every string bounded (and no control characters). */
    private static String checkFields(Message m, String path) {
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            String p = path + "." + f.getName();
            for (Object v : f.isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue())) {
                if ((f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32) && (Integer) v < 0) {
                    // Java reads these as int: 4,000,000,000 would reach the ring as -294,967,296
                    return p + " is " + Integer.toUnsignedString((Integer) v) + ": above the limit " + Integer.MAX_VALUE;
                }
                if ((f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64) && (Long) v < 0) {
                    return p + " is " + Long.toUnsignedString((Long) v) + ": above the limit " + Long.MAX_VALUE;
                }
                switch (f.getJavaType()) {
                    case DOUBLE:
                        if (!Double.isFinite((Double) v)) {
                            return p + " is " + v + ": must be a finite number";
                        }
                        break;
                    case FLOAT:
                        if (!Float.isFinite((Float) v)) {
                            return p + " is " + v + ": must be a finite number";
                        }
                        break;
                    case STRING: {
                        String s = (String) v;
                        if (s.length() > MAX_STRING_CHARS) {
                            return p + " of " + s.length() + " characters over the " + MAX_STRING_CHARS + " limit";
                        }
                        for (int i = 0; i < s.length(); i++) {
                            if (Character.isISOControl(s.charAt(i))) {
                                return p + " has a control character at position " + i;
                            }
                        }
                        break;
                    }
                    case ENUM:
                        com.google.protobuf.Descriptors.EnumValueDescriptor ev = (com.google.protobuf.Descriptors.EnumValueDescriptor) v;
                        if (ev.getType().findValueByNumber(ev.getNumber()) == null) {
                            return p + " has enum value " + ev.getNumber() + " unknown to this node";
                        }
                        break;
                    case MESSAGE: {
                        String inner = checkFields((Message) v, p);
                        if (inner != null) {
                            return inner;
                        }
                        break;
                    }
                    default:
                        break;
                }
            }
        }
        return null;
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_ID_CHARS));
        for (int i = 0; i < s.length() && b.length() < MAX_ID_CHARS; i++) {
            char ch = s.charAt(i);
            b.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return b.toString();
    }

    private static Verdict refuse(Command c, byte[] bytes, String id, String op, String keyId, String why) {
        return new Verdict(c, bytes, id, op, keyId, why, false);
    }
}
