package cryo.controller.mqtt;

/** Topic names under cryo/v1/&lt;node&gt;/ (see docs/MQTT.md). */
public final class Topics {
    public static final String ROOT = "cryo/v1/";

    private Topics() {
    }

    public static String status(String node) {
        return ROOT + node + "/status";
    }

    public static String state(String node) {
        return ROOT + node + "/state";
    }

    public static String alarm(String node) {
        return ROOT + node + "/alarm";
    }

    public static String cmd(String node) {
        return ROOT + node + "/cmd";
    }

    public static String cmdResult(String node) {
        return ROOT + node + "/cmd/result";
    }

    /** The node id of a topic under cryo/v1/, or null. */
    public static String nodeOf(String topic) {
        if (!topic.startsWith(ROOT)) {
            return null;
        }
        int end = topic.indexOf('/', ROOT.length());
        return end < 0 ? null : topic.substring(ROOT.length(), end);
    }
}
