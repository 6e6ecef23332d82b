package clickstream.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import clickstream.config.ConfigurationException;

/**
 * A PEM file named by a setting (a key store holding Aiven's {@code service.key} and {@code service.cert}, a CA
 * file such as {@code ca.pem}), read and checked before anything connects, by the rules Kafka's own PEM support applies ({@code ssl.keystore.type=PEM}): exactly one PKCS#8 private key (RSA,
 * DSA or EC; encrypted only with a password), X.509 certificates. Every problem is a {@link ConfigurationException}
 * naming the setting and the fix; messages never contain the file's content.
 */
public final class PemFile {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(?:[A-Za-z-]+:[^\\r\\n]*[\\r\\n]+)*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String[] KAFKA_KEY_ALGORITHMS = {"RSA", "DSA", "EC"};

    private final String property;
    private final String configured;
    private final String text;

    private PemFile(String property, String configured, String text) {
        this.property = property;
        this.configured = configured;
        this.text = text;
    }

    /**
     * @param property   the setting that names the file, e.g. {@code camel.component.kafka.ssl-keystore-location}
     * @param configured its value, a path (relative paths start at the working directory)
     * @param whatGoesThere what the file should be, for the message, e.g. "the service's access key (Aiven: service.key)"
     */
    public static PemFile read(String property, String configured, String whatGoesThere) {
        Path path = requireReadable(property, configured, whatGoesThere);
        try {
            // Latin-1 never fails to decode: a stray byte outside the PEM blocks is ignored, as Kafka ignores it
            return new PemFile(property, configured, Files.readString(path, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new ConfigurationException(property + " = '" + configured + "' could not be read as PEM text ("
                    + e.getClass().getSimpleName() + "): point " + property + " at " + whatGoesThere, e);
        }
    }

    /** The file a setting names, which must exist and be readable (any format: also a JKS or PKCS#12 store). */
    public static Path requireReadable(String property, String configured, String whatGoesThere) {
        Path path = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new ConfigurationException(property + " = '" + configured + "': no such file (" + path + "): put "
                    + whatGoesThere + " there, or set " + property + " to where it is");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigurationException(property + " = '" + configured + "' is not a readable file (" + path
                    + "): point " + property + " at " + whatGoesThere);
        }
        return path;
    }

    /** The file's text, as given to Kafka ({@code ssl.keystore.key}, {@code ssl.keystore.certificate.chain}, ...). */
    public String text() {
        return text;
    }

    public String property() {
        return property;
    }

    /**
     * The one private key of the file, decrypted with {@code password} if it is encrypted. Kafka reads only PKCS#8
     * ({@code BEGIN PRIVATE KEY} or {@code BEGIN ENCRYPTED PRIVATE KEY}), so a PKCS#1/SEC1 key
     * ({@code BEGIN RSA PRIVATE KEY}) is refused with the openssl command that converts it.
     *
     * @param password         the key password, or null
     * @param passwordProperty the setting that holds it, for the messages
     */
    public PrivateKey privateKey(char[] password, String passwordProperty) {
        List<Block> keys = blocks().stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            throw problem("contains no PEM private key (-----BEGIN PRIVATE KEY-----)", "put the private key and its "
                    + "certificate in it (Aiven: cat service.key service.cert > service.pem)");
        }
        if (keys.size() > 1) {
            throw problem("contains " + keys.size() + " private keys", "keep exactly one key in it");
        }
        Block key = keys.get(0);
        boolean encrypted = key.label().equals("ENCRYPTED PRIVATE KEY");
        if (!encrypted && !key.label().equals("PRIVATE KEY")) {
            throw problem("holds a " + key.label() + " (PKCS#1/SEC1); Kafka reads PKCS#8 keys only",
                    "convert it with " + toUnencryptedPkcs8());
        }
        PKCS8EncodedKeySpec spec;
        if (encrypted) {
            if (password == null) {
                throw problem("is encrypted", "set " + passwordProperty + " to its password, or store it unencrypted with "
                        + toUnencryptedPkcs8());
            }
            spec = decrypt(key.der(), password, passwordProperty);
        } else {
            if (password != null) {
                throw new ConfigurationException(passwordProperty + " is set but " + property + " = '" + configured
                        + "' is not encrypted: leave " + passwordProperty + " empty");
            }
            spec = new PKCS8EncodedKeySpec(key.der());
        }
        // the same algorithms, in the same order, as Kafka's PEM key store
        for (String algorithm : KAFKA_KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next one, as Kafka does
            }
        }
        throw problem("is not an RSA, DSA or EC PKCS#8 private key", "Kafka's PEM support reads only those: use the key "
                + "the service issued (Aiven: service.key)");
    }

    private PKCS8EncodedKeySpec decrypt(byte[] der, char[] password, String passwordProperty) {
        // exactly Kafka's way (DefaultSslEngineFactory.PemStore): a key Kafka cannot decrypt must not pass here
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String algorithm = info.getAlgName();
            SecretKey pbeKey = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, pbeKey, info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (IOException | GeneralSecurityException e) {
            throw problem("could not be decrypted with " + passwordProperty + " (" + e.getClass().getSimpleName() + ")",
                    "check the password, or store the key unencrypted with " + toUnencryptedPkcs8(), e);
        }
    }

    /** The commands that rewrite the key as Kafka reads it, keeping the certificate beside it. */
    private String toUnencryptedPkcs8() {
        return "'openssl pkcs8 -topk8 -nocrypt -in " + configured + " -out service.pk8.key' and "
                + "'cat service.pk8.key service.cert > service.pem', then set " + property + " to service.pem";
    }

    /** Every certificate in the file, in order; each must parse and be valid today. */
    public List<X509Certificate> certificates(String whatGoesThere) {
        List<Block> blocks = blocks().stream().filter(b -> b.label().equals("CERTIFICATE")).toList();
        if (blocks.isEmpty()) {
            throw problem("contains no PEM certificate (-----BEGIN CERTIFICATE-----)", "point " + property + " at "
                    + whatGoesThere);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String which = blocks.size() == 1 ? "a certificate" : "certificate #" + (i + 1);
            X509Certificate certificate;
            try {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(blocks.get(i).der()));
            } catch (CertificateException | ClassCastException e) {
                throw problem("holds " + which + " that does not parse as X.509 (" + e.getClass().getSimpleName() + ")",
                        "point " + property + " at " + whatGoesThere, e);
            }
            try {
                certificate.checkValidity();
            } catch (CertificateExpiredException e) {
                throw problem("holds " + which + " (" + subject(certificate) + ") that expired on " + day(certificate.getNotAfter()),
                        "download a fresh one (" + whatGoesThere + ")");
            } catch (CertificateNotYetValidException e) {
                throw problem("holds " + which + " (" + subject(certificate) + ") that is not valid before "
                        + day(certificate.getNotBefore()), "check the clock of this machine, or use a current certificate");
            }
            certificates.add(certificate);
        }
        return List.copyOf(certificates);
    }

    /**
     * Fails unless {@code certificate} holds the public half of {@code key} (both from this file): a signature made
     * with one verifies with the other.
     */
    public void requireKeyPair(PrivateKey key, X509Certificate certificate) {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        boolean matches;
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "DSA" -> "SHA256withDSA";
                default -> "SHA256withRSA";
            };
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            PublicKey publicKey = certificate.getPublicKey();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // e.g. an EC certificate with an RSA key
        }
        if (!matches) {
            throw problem("holds a certificate (" + subject(certificate) + ") that does not belong to its private key",
                    "put the key and the certificate of the same service in it (Aiven: service.key and service.cert, "
                            + "downloaded together)");
        }
    }

    public static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static String day(java.util.Date date) {
        return LocalDate.ofInstant(date.toInstant(), ZoneOffset.UTC).toString();
    }

    private ConfigurationException problem(String what, String fix) {
        return problem(what, fix, null);
    }

    private ConfigurationException problem(String what, String fix, Throwable cause) {
        return new ConfigurationException(property + " = '" + configured + "' " + what + ": " + fix, cause);
    }

    private record Block(String label, byte[] der) {
    }

    private List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(matcher.group(2));
            } catch (IllegalArgumentException e) {
                throw problem("has a " + matcher.group(1) + " block that is not valid base64", "download the file again");
            }
            blocks.add(new Block(matcher.group(1), der));
        }
        return blocks;
    }
}
