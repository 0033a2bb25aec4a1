package cryo.controller.mqtt;

import com.google.protobuf.ByteString;
import cryo.v1.Command;
import cryo.v1.CommandEnvelope;

/** Wraps a command for the cmd topic, signed with an operator key or unsigned. */
public final class Envelopes {
    private Envelopes() {
    }

    /** @param key null for an unsigned envelope */
    public static byte[] wrap(Command command, OperatorKeys.Key key) {
        byte[] bytes = command.toByteArray();
        CommandEnvelope.Builder e = CommandEnvelope.newBuilder().setCommand(ByteString.copyFrom(bytes));
        if (key != null) {
            e.setKeyId(key.keyId()).setHmacSha256(ByteString.copyFrom(OperatorKeys.sign(key.secret(), bytes)));
        }
        return e.build().toByteArray();
    }
}
