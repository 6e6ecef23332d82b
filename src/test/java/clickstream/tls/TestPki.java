package clickstream.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: a CA, a server certificate for localhost and client certificates,
 * written as PEM files the way Aiven hands them out ({@code service.key} in PKCS#8, {@code service.cert},
 * {@code ca.pem}).
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key pair and its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {

        public PrivateKey privateKey() {
            return keys.getPrivate();
        }

        /** Unencrypted PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, as Aiven's service.key. */
        public String keyPem() {
            return pkcs8(keys.getPrivate());
        }

        public String certPem() {
            return pem(certificate);
        }
    }

    /**
     * Where {@link #writeClientFiles} put the files: Aiven's three, and the key store Kafka's PEM support reads, the key
     * and the certificate in one file as {@code cat service.key service.cert > service.pem} makes it.
     */
    public record ClientFiles(Path key, Path cert, Path keyStore, Path ca) {
    }

    private final Issued ca;

    private TestPki(Issued ca) {
        this.ca = ca;
    }

    /** A new CA named {@code cn}. */
    public static TestPki create(String cn) {
        KeyPair keys = generate("EC");
        X500Name name = new X500Name("CN=" + cn);
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestPki(new Issued(keys, sign(builder, keys.getPrivate())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Issued ca() {
        return ca;
    }

    public String caPem() {
        return pem(ca.certificate());
    }

    /** A server certificate for localhost (DNS and IP), as the brokers and nodes of a managed service have. */
    public Issued server() {
        return issue("localhost", Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(7)), true);
    }

    /** A client certificate, as Aiven's service.cert. */
    public Issued client(String cn) {
        return issue(cn, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(7)), false);
    }

    /** An EC (P-256) key and its certificate: quick to generate, and Kafka reads EC keys as it reads RSA ones. */
    public Issued issue(String cn, Instant notBefore, Instant notAfter, boolean server) {
        return issue(cn, notBefore, notAfter, server, "EC");
    }

    /** @param algorithm "EC" or "RSA" (2048 bits, as Aiven issues them; slower to generate) */
    public Issued issue(String cn, Instant notBefore, Instant notAfter, boolean server, String algorithm) {
        KeyPair keys = generate(algorithm);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + cn), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return new Issued(keys, sign(builder, ca.privateKey()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** service.key (PKCS#8), service.cert, service.pem (both) and ca.pem for a new client certificate, in {@code dir}. */
    public ClientFiles writeClientFiles(Path dir, String cn) {
        Issued client = client(cn);
        return new ClientFiles(write(dir.resolve("service.key"), client.keyPem()),
                write(dir.resolve("service.cert"), client.certPem()),
                write(dir.resolve("service.pem"), client.keyPem() + client.certPem()), write(dir.resolve("ca.pem"), caPem()));
    }

    /** A server-side TLS context presenting {@code server} (for an HTTPS test server). */
    public static SSLContext serverContext(Issued server) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry("server", server.privateKey(), password, new X509Certificate[] {server.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pkcs8(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The traditional OpenSSL form ({@code -----BEGIN RSA PRIVATE KEY-----}, PKCS#1; SEC1 for EC), which Kafka cannot read. */
    public static String pkcs1(PrivateKey key) {
        return pem(key);
    }

    /** Encrypted PKCS#8 ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}) with a PBE scheme the JDK can decrypt. */
    public static String encryptedPkcs8(PrivateKey key, String password) {
        try {
            return pem(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.PBE_SHA1_3DES)
                    .setPassword(password.toCharArray()).build()).generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize("EC".equals(algorithm) ? 256 : 2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }
}
