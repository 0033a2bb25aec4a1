package cryo.workstation.cli;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import cryo.controller.mqtt.Topics;
import cryo.v1.NodeState;

/**
 * Our clients trust the topic, not the payload: the broker's ACL vouches for who may publish on
 * {@code cryo/v1/<node>/...}, nothing vouches for a {@code node_id} inside a payload. A message
 * whose node id disagrees with its topic's node is forged or misrouted: it is flagged with one
 * line and ignored, and everything shown is labelled by the topic's node.
 */
final class TopicTrust {
    private TopicTrust() {
    }

    /** The node a payload claims to come from ("" when it names none). */
    static String claimed(Message m) {
        if (m instanceof NodeState s) {
            return s.hasBirth() ? s.getBirth().getNodeId() : s.hasDeath() ? s.getDeath().getNodeId() : "";
        }
        FieldDescriptor f = m.getDescriptorForType().findFieldByName("node_id");
        return f != null && f.getType() == FieldDescriptor.Type.STRING ? (String) m.getField(f) : "";
    }

    /** Null when the payload agrees with its topic (or names no node); else the one line saying what is ignored. */
    static String disagreement(String topic, Message m) {
        String node = Topics.nodeOf(topic);
        String claimed = claimed(m);
        if (node == null || claimed.isEmpty() || claimed.equals(node)) {
            return null;
        }
        return node + " IGNORED: a " + m.getDescriptorForType().getName() + " on " + topic + " claims node '" + clip(claimed)
                + "' (forged or misrouted: the topic is what the broker vouches for)";
    }

    private static String clip(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
