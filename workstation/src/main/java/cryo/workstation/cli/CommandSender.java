package cryo.workstation.cli;

import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.Envelopes;
import cryo.controller.mqtt.OperatorKeys;
import cryo.controller.mqtt.Topics;
import cryo.v1.Command;
import cryo.v1.CommandResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends one command and waits for its result: subscribes to cmd/result first, publishes the
 * envelope at QoS 1 and publishes it again (same correlation id, so the node runs it at most
 * once) every few seconds until the answer comes or the timeout ends. The node refuses a repeat
 * as a replay carrying the first answer; the id is fresh (a UUID), so such an answer is to our
 * own resend and its first answer is the outcome.
 */
final class CommandSender implements AutoCloseable {
    private final SupervisorClient client;
    private final String node;
    private final LinkedBlockingQueue<CommandResult> results = new LinkedBlockingQueue<>();

    CommandSender(BrokerOptions broker, String node) {
        this.node = node;
        this.client = new SupervisorClient(broker, "cryo-cli-");
        try {
            client.subscribe(Topics.cmdResult(node), 1, SupervisorClient.decodeInto(CommandResult.parser(), results));
        } catch (UserError e) {
            client.close();
            throw e;
        }
    }

    static OperatorKeys.Key key(Path keyFile, String keyId) {
        if (keyFile == null) {
            return null;
        }
        try {
            OperatorKeys keys = OperatorKeys.load(keyFile);
            OperatorKeys.Key k = keyId == null ? keys.first() : keys.find(keyId);
            if (k == null) {
                throw new UserError("--key-id '" + keyId + "' not in " + keyFile);
            }
            return k;
        } catch (IllegalArgumentException | IOException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Command.Builder base(String node, String operator) {
        return Command.newBuilder()
                .setCorrelationId(UUID.randomUUID().toString())
                .setOperatorId(operator)
                .setTargetNode(node)
                .setIssuedUnixMillis(System.currentTimeMillis());
    }

    /** Sends and waits; null when no answer came within the timeout. */
    CommandResult send(Command c, OperatorKeys.Key key, double timeoutSeconds) throws InterruptedException {
        byte[] env = Envelopes.wrap(c, key);
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            client.publish(Topics.cmd(node), env, 1);
            long resendAt = Math.min(deadline, System.nanoTime() + 3_000_000_000L);
            while (System.nanoTime() < resendAt) {
                CommandResult r = results.poll(Math.max(1, resendAt - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r != null && r.getCorrelationId().equals(c.getCorrelationId())) {
                    return outcome(r);
                }
            }
        }
        return null;
    }

    /** The outcome of our command: a duplicate answer to our own resend stands for the first answer (flagged duplicate). */
    static CommandResult outcome(CommandResult r) {
        if (r.getDuplicate() && r.hasFirstResult()) {
            return r.getFirstResult().toBuilder().setDuplicate(true).build();
        }
        return r;
    }

    @Override
    public void close() {
        client.close();
    }
}
