package dev.shoal.transport.identity;

import dev.shoal.engine.spi.DeviceId;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/** This device's key pair and self-signed certificate; its {@link DeviceId} is derived from the certificate. */
public record DeviceIdentity(X509Certificate certificate, PrivateKey privateKey, DeviceId deviceId) {

    public static DeviceIdentity of(X509Certificate certificate, PrivateKey privateKey) {
        return new DeviceIdentity(certificate, privateKey, idOf(certificate));
    }

    public static DeviceId idOf(X509Certificate certificate) {
        try {
            return DeviceId.ofCertificate(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
