package dev.shoal.app.adversary;

import com.google.protobuf.ByteString;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.RecordMapper;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.IndexUpdate;
import dev.shoal.engine.protocol.wire.Response;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.engine.spi.TransportListener;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.chunk.Hash;
import dev.shoal.store.chunk.Manifest;
import dev.shoal.store.index.FileRecord;
import dev.shoal.store.index.FileType;
import dev.shoal.store.index.VersionVector;
import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.QuicSettings;
import dev.shoal.transport.identity.CertificateFactory;
import dev.shoal.transport.identity.DeviceIdentity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A paired device that lies: it announces whatever records a test makes up (names, sizes, versions) on a real
 * QUIC session and serves the chunks of the contents it made up, so a victim's pulls really run.
 */
public final class HostileDevice implements AutoCloseable {
    final DeviceIdentity identity = new CertificateFactory().create("mallory");
    private final QuicEndpoint endpoint = new QuicEndpoint(
            identity,
            "mallory",
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            QuicSettings.DEFAULT,
            id -> true);
    private final Map<Hash, byte[]> chunks = new ConcurrentHashMap<>();
    private PeerConnection connection;
    private long sequence;

    public HostileDevice() throws Exception {
        endpoint.start(new TransportListener() {
            @Override
            public void connected(PeerConnection c) {
                c.setHandler(handler());
            }

            @Override
            public void pendingDevice(DeviceId d, String n, InetSocketAddress a) {}
        });
    }

    public DeviceId id() {
        return identity.deviceId();
    }

    InetSocketAddress address() {
        return endpoint.localAddress();
    }

    public void connect(DeviceId victim, InetSocketAddress at) throws Exception {
        connection = endpoint.connect(victim, at).get(15, TimeUnit.SECONDS);
        connection.setHandler(handler());
    }

    /** A file record by this device with the given content, whose chunks it will serve. */
    FileRecord file(String name, byte[] content) {
        Manifest m = new ChunkHasher().hash(content);
        for (var c : m.chunks()) {
            chunks.put(c.hash(), java.util.Arrays.copyOfRange(content, (int) c.offset(), (int) c.offset() + c.size()));
        }
        long me = id().shortValue();
        return new FileRecord(
                name,
                FileType.FILE,
                m.size(),
                1_700_000_000L,
                0,
                0644,
                false,
                VersionVector.EMPTY.bump(me),
                ++sequence,
                me,
                m,
                null,
                null);
    }

    FileRecord symlink(String name, String target) {
        long me = id().shortValue();
        return new FileRecord(
                name,
                FileType.SYMLINK,
                0,
                1_700_000_000L,
                0,
                -1,
                false,
                VersionVector.EMPTY.bump(me),
                ++sequence,
                me,
                null,
                target,
                null);
    }

    public void sendControl(byte[] message) {
        connection.sendControl(message);
    }

    void announce(String folder, FileRecord... records) {
        IndexUpdate.Builder update = IndexUpdate.newBuilder().setFolder(folder);
        for (FileRecord r : records) {
            update.addFiles(RecordMapper.toWire(r));
        }
        connection.sendControl(
                MessageCodec.encode(Envelope.newBuilder().setIndexUpdate(update).build()));
    }

    private PeerHandler handler() {
        return new PeerHandler() {
            @Override
            public void control(byte[] message) {}

            @Override
            public CompletableFuture<byte[]> request(byte[] request) {
                try {
                    var r = MessageCodec.decodeRequest(request);
                    byte[] data = chunks.get(Hash.of(r.getHash().toByteArray()));
                    return CompletableFuture.completedFuture(MessageCodec.encode(Response.newBuilder()
                            .setData(ByteString.copyFrom(data == null ? new byte[0] : data))
                            .build()));
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public void closed(String reason) {}
        };
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
