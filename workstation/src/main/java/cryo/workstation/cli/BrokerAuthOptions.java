package cryo.workstation.cli;

import cryo.controller.mqtt.BrokerOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** TLS files and credentials shared by every command that talks to a broker (a picocli mixin). */
public final class BrokerAuthOptions {
    @Option(names = "--cafile", paramLabel = "FILE", description = "PEM CA certificate of the broker (ssl:// only)")
    Path caFile;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate (ssl:// only, with --key)")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM PKCS#8 client key (ssl:// only, with --cert)")
    Path keyFile;

    @Option(names = "--username", paramLabel = "NAME", description = "MQTT username")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file whose first line is the MQTT password")
    Path passwordFile;

    /** Broker options as given, not checked yet ({@link BrokerOptions#check}). */
    BrokerOptions unchecked(String uri) {
        return new BrokerOptions(uri, username, passwordFile, caFile, certFile, keyFile);
    }

    /** Broker options checked at once: a mistake becomes a UserError of one line. */
    BrokerOptions toOptions(String uri) {
        BrokerOptions o = unchecked(uri);
        try {
            o.check();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return o;
    }
}
