package cryo.controller.app;

import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.OperatorKeys;

/**
 * What a node needs to be supervised over MQTT: the broker, and who may command it.
 *
 * @param broker                the broker and its TLS files and credentials
 * @param keys                  operator HMAC keys, or null when none were given
 * @param requireSigned         refuse commands without a valid signature
 * @param signatureWindowMillis the oldest a signed command may be
 */
public record Supervision(BrokerOptions broker, OperatorKeys keys, boolean requireSigned, long signatureWindowMillis) {
    public Supervision {
        if (broker == null) {
            throw new IllegalArgumentException("broker: required");
        }
        if (requireSigned && keys == null) {
            throw new IllegalArgumentException("--require-signed needs --operator-keys FILE");
        }
        if (signatureWindowMillis < 1_000 || signatureWindowMillis > 3_600_000) {
            throw new IllegalArgumentException("--signature-window " + signatureWindowMillis / 1000.0 + " outside 1..3600 s");
        }
    }
}
