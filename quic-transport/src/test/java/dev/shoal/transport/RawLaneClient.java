package dev.shoal.transport;

import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.tls.AnyDeviceTrustManager;
import dev.shoal.transport.tls.DeviceKeyManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** A TLS client that speaks the TCP lane's first frame by hand, as an attacker on the TCP port would. */
final class RawLaneClient {
    private RawLaneClient() {}

    /**
     * Connects with {@code identity}'s certificate, sends a lane join with {@code token} and reads until the
     * connection closes: returns the close frame's reason, or what else came back.
     */
    static String join(DeviceIdentity identity, InetSocketAddress at, byte[] token) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(
                new KeyManager[] {new DeviceKeyManager(identity.certificate(), identity.privateKey())},
                new TrustManager[] {new AnyDeviceTrustManager()},
                null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(at.getAddress(), at.getPort())) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(1 + 4 + token.length);
            out.writeByte(8); // lane join
            out.writeInt(0);
            out.write(token);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder seen = new StringBuilder();
            try {
                while (true) {
                    int length = in.readInt();
                    byte type = in.readByte();
                    in.readInt();
                    byte[] body = in.readNBytes(length - 5);
                    if (type == 6) { // close: code byte, then the reason
                        return new String(body, 1, body.length - 1, StandardCharsets.UTF_8);
                    }
                    seen.append("frame of type ").append(type).append("; ");
                }
            } catch (EOFException | javax.net.ssl.SSLException closed) {
                return seen.append("closed").toString();
            } catch (IOException e) {
                return seen.append(e).toString();
            }
        }
    }
}
