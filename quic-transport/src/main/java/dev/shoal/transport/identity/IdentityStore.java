package dev.shoal.transport.identity;

import dev.shoal.store.fs.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Persists the device identity as PEM files in a directory: {@code cert.pem} and {@code key.pem}
 * (PKCS#8, owner-only). The certificate is written last so that a crash between the two writes leaves
 * no certificate without its key.
 */
public final class IdentityStore {
    public static final String CERT_FILE = "cert.pem";
    public static final String KEY_FILE = "key.pem";

    private final Path dir;

    public IdentityStore(Path dir) {
        this.dir = dir;
    }

    public boolean exists() {
        return Files.isRegularFile(dir.resolve(CERT_FILE)) && Files.isRegularFile(dir.resolve(KEY_FILE));
    }

    /** Loads the identity, creating and saving a new one first if there is none. */
    public DeviceIdentity loadOrCreate(String deviceName) throws IOException {
        if (exists()) {
            return load();
        }
        DeviceIdentity identity = new CertificateFactory().create(deviceName);
        save(identity);
        return identity;
    }

    public void save(DeviceIdentity identity) throws IOException {
        AtomicFiles.write(dir.resolve(KEY_FILE), pem(identity.privateKey()), true);
        AtomicFiles.write(dir.resolve(CERT_FILE), pem(identity.certificate()));
    }

    public DeviceIdentity load() throws IOException {
        X509Certificate certificate = readCertificate(dir.resolve(CERT_FILE));
        PrivateKey key = readKey(dir.resolve(KEY_FILE));
        if (!keyMatches(key, certificate)) {
            throw new IOException(dir.resolve(KEY_FILE) + " does not belong to " + dir.resolve(CERT_FILE)
                    + "; restore both files from the same backup");
        }
        return DeviceIdentity.of(certificate, key);
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                // Plain PKCS#8 ("PRIVATE KEY") keeps the curve parameters, so any TLS stack reads it back.
                writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Object readPem(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IOException(file + " holds no PEM object");
            }
            return object;
        }
    }

    private static X509Certificate readCertificate(Path file) throws IOException {
        if (!(readPem(file) instanceof X509CertificateHolder holder)) {
            throw new IOException(file + " does not hold a certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(file + " holds an unreadable certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        PrivateKeyInfo info =
                switch (readPem(file)) {
                    case PrivateKeyInfo i -> i;
                    case PEMKeyPair pair -> pair.getPrivateKeyInfo();
                    default -> throw new IOException(file + " does not hold a private key");
                };
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " holds an unreadable key: " + e.getMessage(), e);
        }
    }

    /** True when {@code key} signs what the certificate's public key verifies. */
    private static boolean keyMatches(PrivateKey key, X509Certificate certificate) throws IOException {
        try {
            byte[] probe = "shoal identity probe".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IOException("the device key cannot sign: " + e.getMessage(), e);
        }
    }
}
