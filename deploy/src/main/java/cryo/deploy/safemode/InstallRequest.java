package cryo.deploy.safemode;

/** A bundle received over MQTT, with what is needed to answer the command. */
public record InstallRequest(String correlationId, String operatorId, byte[] bundle) {
}
