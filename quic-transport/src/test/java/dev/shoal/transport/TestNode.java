package dev.shoal.transport;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.engine.spi.TransportListener;
import dev.shoal.transport.identity.CertificateFactory;
import dev.shoal.transport.identity.DeviceIdentity;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A device on loopback for tests: identity, endpoint, and a record of what reached it. */
final class TestNode implements TransportListener, AutoCloseable {
    static final CertificateFactory CERTS = new CertificateFactory();

    final String name;
    final DeviceIdentity identity;
    final Set<DeviceId> paired = ConcurrentHashMap.newKeySet();
    final QuicEndpoint endpoint;
    final LinkedBlockingQueue<PeerConnection> incoming = new LinkedBlockingQueue<>();
    final List<String> pending = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();

    TestNode(String name, QuicSettings settings, EventLoopGroup group) throws Exception {
        this(name, settings, group, 0);
    }

    TestNode(String name, QuicSettings settings, EventLoopGroup group, int port) throws Exception {
        this(name, CERTS.create(name), settings, group, port);
    }

    TestNode(String name, DeviceIdentity identity, QuicSettings settings, EventLoopGroup group, int port)
            throws Exception {
        this.name = name;
        this.identity = identity;
        this.endpoint = new QuicEndpoint(
                identity,
                name,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                settings,
                paired::contains,
                group);
        endpoint.start(this);
    }

    DeviceId id() {
        return identity.deviceId();
    }

    InetSocketAddress address() {
        return endpoint.localAddress();
    }

    void pair(TestNode other) {
        paired.add(other.id());
        other.paired.add(id());
    }

    /** A handler that records control messages and answers requests with "echo:" + the request. */
    PeerHandler recorder() {
        return new PeerHandler() {
            @Override
            public void control(byte[] message) {
                messages.add(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public CompletableFuture<byte[]> request(byte[] request) {
                byte[] answer = new byte[request.length + 5];
                System.arraycopy("echo:".getBytes(StandardCharsets.US_ASCII), 0, answer, 0, 5);
                System.arraycopy(request, 0, answer, 5, request.length);
                return CompletableFuture.completedFuture(answer);
            }

            @Override
            public void closed(String reason) {}
        };
    }

    PeerConnection connect(TestNode to) throws Exception {
        PeerConnection c = endpoint.connect(to.id(), to.address()).get(15, TimeUnit.SECONDS);
        c.setHandler(recorder());
        return c;
    }

    PeerConnection nextIncoming() throws InterruptedException {
        PeerConnection c = incoming.poll(15, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError(name + " got no incoming connection");
        }
        return c;
    }

    @Override
    public void connected(PeerConnection connection) {
        connection.setHandler(recorder());
        incoming.add(connection);
    }

    @Override
    public void pendingDevice(DeviceId device, String deviceName, InetSocketAddress address) {
        pending.add(device + "|" + deviceName + "|" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
