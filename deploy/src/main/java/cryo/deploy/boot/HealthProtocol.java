package cryo.deploy.boot;

/**
 * The loader-to-controller health handshake (documented in deploy/README.md, "Health handshake").
 * The loader listens on 127.0.0.1 and passes the address in {@link #ENV_ADDRESS}; the controller
 * connects once and sends UTF-8 text lines:
 * <pre>
 * HELLO &lt;token from CRYO_LOADER_TOKEN&gt;
 * SELFTEST ok &lt;free text&gt;        or   SELFTEST fail &lt;reason&gt;
 * HEALTHY &lt;version from the manifest&gt;
 * HEARTBEAT                          at least every CRYO_LOADER_HEARTBEAT_MILLIS, for its whole life
 * </pre>
 */
public final class HealthProtocol {
    public static final String ENV_ADDRESS = "CRYO_LOADER_HEALTH";
    public static final String ENV_TOKEN = "CRYO_LOADER_TOKEN";
    public static final String ENV_HEARTBEAT_MILLIS = "CRYO_LOADER_HEARTBEAT_MILLIS";
    public static final String ENV_SLOT = "CRYO_LOADER_SLOT";
    public static final String ENV_TRIAL = "CRYO_LOADER_TRIAL";
    public static final String ENV_VERSION = "CRYO_FIRMWARE_VERSION";

    public static final String HELLO = "HELLO";
    public static final String SELFTEST = "SELFTEST";
    public static final String HEALTHY = "HEALTHY";
    public static final String HEARTBEAT = "HEARTBEAT";

    private HealthProtocol() {
    }
}
