package cryo.deploy.safemode;

import cryo.v1.CommandResult;
import cryo.v1.Status;

/** The loader's minimal MQTT presence in safe mode: publish status, receive install commands. */
public interface SafeModeLink extends AutoCloseable {
    /** Publishes a status; returns false (never throws) when the broker is unreachable. */
    boolean publish(Status status);

    /** Answers an install command on cmd/result. */
    void answer(CommandResult result);

    @Override
    void close();
}
