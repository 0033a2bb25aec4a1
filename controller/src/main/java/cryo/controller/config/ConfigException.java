package cryo.controller.config;

/** A configuration file that cannot be used; the message names file, line and field. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
