package cryo.controller.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * How to reach a broker: URI, optional username/password, optional TLS (CA file for server
 * authentication, client certificate and key for mutual TLS; PEM files as mosquitto uses them).
 * {@link #check} turns every mistake into one clear line before any connection is tried; the node
 * speaks MQTT 5 ({@link #mqtt5}); the workstation builds its MQTT 3.1.1 options from {@link #check}
 * itself, so the firmware carries the MQTT 5 client only.
 *
 * @param uri          tcp://HOST:PORT or ssl://HOST:PORT
 * @param username     null for none
 * @param passwordFile file whose first line is the password; null for none
 * @param caFile       PEM CA certificate(s) that signed the broker's certificate; null = JDK trust store
 * @param certFile     PEM client certificate; null for none
 * @param keyFile      PEM PKCS#8 private key of the client certificate; null for none
 */
public record BrokerOptions(String uri, String username, Path passwordFile, Path caFile, Path certFile, Path keyFile) {
    private static final String URI_PATTERN = "(tcp|ssl)://[^\\s/:]+:\\d{1,5}";

    public static BrokerOptions plain(String uri) {
        return new BrokerOptions(uri, null, null, null, null, null);
    }

    public boolean tls() {
        return uri != null && uri.startsWith("ssl://");
    }

    /** What {@link #check} found good: the credentials and the TLS socket factory (null for tcp://). */
    public record Checked(String username, char[] password, javax.net.SocketFactory socketFactory) {
    }

    /**
     * Checks everything (URI, password file, TLS files) without any MQTT library. Throws
     * IllegalArgumentException with one line naming the option at fault.
     */
    public Checked check() {
        if (uri == null || !uri.matches(URI_PATTERN)) {
            throw new IllegalArgumentException("--broker '" + uri + "' is not a broker URI like tcp://HOST:PORT or ssl://HOST:PORT");
        }
        int port = Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--broker port " + port + " outside 1..65535");
        }
        if (passwordFile != null && username == null) {
            throw new IllegalArgumentException("--password-file given without --username");
        }
        char[] password = null;
        if (username != null) {
            if (username.isEmpty()) {
                throw new IllegalArgumentException("--username is empty");
            }
            if (passwordFile != null) {
                password = readPassword(passwordFile).toCharArray();
            }
        }
        boolean anyTlsFile = caFile != null || certFile != null || keyFile != null;
        if (anyTlsFile && !tls()) {
            throw new IllegalArgumentException("--cafile/--cert/--key need an ssl:// broker URI, got " + uri);
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException(certFile == null ? "--key given without --cert" : "--cert given without --key");
        }
        return new Checked(username, password, tls() ? socketFactory() : null);
    }

    /**
     * Checks everything and builds MQTT 5 connection options for the node (without will, clean
     * start or timeouts: the caller adds those).
     */
    public MqttConnectionOptions mqtt5() {
        Checked c = check();
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (c.username() != null) {
            o.setUserName(c.username());
        }
        if (c.password() != null) {
            o.setPassword(new String(c.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (c.socketFactory() != null) {
            o.setSocketFactory(c.socketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
        }
        return o;
    }

    private static String readPassword(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new IllegalArgumentException("--password-file " + file + ": first line (the password) is empty");
            }
            return lines.get(0);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--password-file " + file + " does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("--password-file " + file + ": cannot read (permission denied)");
        } catch (IOException e) {
            throw new IllegalArgumentException("--password-file " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private SSLSocketFactory socketFactory() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : readCertificates("--cafile", caFile)) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                tmf.init(trust);
            } else {
                tmf.init((KeyStore) null);
            }
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                List<Certificate> chain = readCertificates("--cert", certFile);
                PrivateKey key = readKey(keyFile);
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                char[] none = new char[0];
                try {
                    ks.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
                } catch (GeneralSecurityException e) {
                    throw new IllegalArgumentException("--key " + keyFile + " does not match --cert " + certFile);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
                checkKeyMatches(chain.get(0), key);
            }
            SSLContext ctx = SSLContext.getInstance("TLSv1.2");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS setup failed: " + e.getMessage());
        }
    }

    private static void checkKeyMatches(Certificate cert, PrivateKey key) {
        try {
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            java.security.Signature s = java.security.Signature.getInstance(alg);
            s.initSign(key);
            byte[] probe = "cryo".getBytes(StandardCharsets.US_ASCII);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(probe);
            if (!s.verify(sig)) {
                throw new IllegalArgumentException("--key does not match the public key of --cert");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--key does not match --cert (" + e.getMessage() + ")");
        }
    }

    private static List<Certificate> readCertificates(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + " holds no PEM certificate");
            }
            return new ArrayList<>(certs);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(option + " " + file + " is not a PEM X.509 certificate (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey readKey(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--key " + file + " does not exist");
        }
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("--key " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("--key " + file + " must be an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        int b = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("--key " + file + " holds no PEM private key (BEGIN PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(b + 27, e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--key " + file + ": PEM body is not base64");
        }
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("--key " + file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
