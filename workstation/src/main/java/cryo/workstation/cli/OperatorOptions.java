package cryo.workstation.cli;

import cryo.controller.mqtt.OperatorKeys;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Who sends a command and the key that signs it, shared by cmd and alarms (a picocli mixin). */
public final class OperatorOptions {
    @Option(names = "--operator", description = "operator id (default: the key's operator, else the user name)")
    String operator;

    @Option(names = "--operator-key", paramLabel = "FILE", description = "sign with a key from this file (lines 'KEY_ID OPERATOR_ID HEX_SECRET')")
    Path operatorKey;

    @Option(names = "--key-id", description = "which key of --operator-key (default: the first)")
    String keyId;

    /** The signing key, or null when none was given; a bad file or id is a UserError. */
    OperatorKeys.Key key() {
        return CommandSender.key(operatorKey, keyId);
    }

    /** --operator if given, else the key's operator, else the user name. */
    String operatorId(OperatorKeys.Key key) {
        return operator != null ? operator : key != null ? key.operatorId() : System.getProperty("user.name", "operator");
    }
}
