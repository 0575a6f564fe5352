package dev.shoal.discovery.global;

import dev.shoal.engine.spi.Base32;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 of the rendezvous server's certificate, which the user copies from the server (stdiscosrv prints it
 * as a device ID when it starts). A self-signed server is then trusted for exactly that certificate, the way
 * devices trust each other.
 */
public record ServerPin(byte[] sha256) {
    public ServerPin {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a certificate hash has 32 bytes");
        }
        sha256 = sha256.clone();
    }

    /**
     * Reads a pin as typed: 64 hex digits, or a device ID as stdiscosrv and Syncthing print it (8 groups of 7,
     * with or without its check characters and dashes).
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static ServerPin parse(String text) {
        String clean = text.replace("-", "").replace(" ", "").strip();
        if (clean.length() == 64 && clean.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return new ServerPin(HexFormat.of().parseHex(clean));
        }
        String upper = clean.toUpperCase(Locale.ROOT);
        if (upper.length() == 56) {
            // Four blocks of 13 characters, each followed by its check character.
            StringBuilder data = new StringBuilder(52);
            for (int i = 0; i < 56; i += 14) {
                data.append(upper, i, i + 13);
            }
            upper = data.toString();
        }
        byte[] hash = upper.length() == 52 ? Base32.decode(upper, 32) : null;
        if (hash == null) {
            throw new IllegalArgumentException("'" + text + "' is not a server ID: give the ID the discovery server"
                    + " printed when it started (8 groups of 7 characters) or its certificate's SHA-256 in hex.");
        }
        return new ServerPin(hash);
    }

    public boolean matches(X509Certificate certificate) {
        try {
            return MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()), sha256);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    public String hex() {
        return HexFormat.of().formatHex(sha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerPin p && MessageDigest.isEqual(p.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return hex();
    }
}
