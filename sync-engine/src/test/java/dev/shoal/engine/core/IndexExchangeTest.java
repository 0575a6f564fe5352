package dev.shoal.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.folder.FolderRunner;
import dev.shoal.engine.protocol.MessageCodec;
import dev.shoal.engine.protocol.WireFormatException;
import dev.shoal.engine.protocol.wire.ClusterConfig;
import dev.shoal.engine.protocol.wire.Envelope;
import dev.shoal.engine.protocol.wire.FileInfo;
import dev.shoal.engine.protocol.wire.FolderDevice;
import dev.shoal.engine.protocol.wire.FolderShare;
import dev.shoal.engine.spi.ConnectionStats;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import dev.shoal.store.chunk.ChunkHasher;
import dev.shoal.store.index.Folder;
import dev.shoal.store.index.Index;
import dev.shoal.store.read.ChunkReader;
import dev.shoal.store.scan.Scanner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index exchange when both devices dial each other at once: two connections to the same peer exist for a
 * moment, each gets a cluster config, and one of them closes. The connections are fakes at the transport's
 * seam; the index, folder and records are real.
 */
class IndexExchangeTest {
    @TempDir
    Path tmp;

    final DeviceId self = id(1);
    final DeviceId peer = id(2);
    Index index;
    Folder folder;
    Scanner scanner;
    FolderRunner runner;
    final Peers connections = new Peers();
    IndexExchange exchange;

    static DeviceId id(int b) {
        byte[] hash = new byte[DeviceId.HASH_LENGTH];
        Arrays.fill(hash, (byte) b);
        return DeviceId.ofHash(hash);
    }

    @BeforeEach
    void setUp() throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        for (String name : List.of("a.txt", "b.txt", "c.txt")) {
            Files.writeString(docs.resolve(name), "content of " + name);
        }
        index = Index.open(tmp.resolve("index.db"));
        folder = index.addFolder("docs", docs);
        scanner = new Scanner(index, new ChunkHasher(), ForkJoinPool.commonPool(), self.shortValue());
        scanner.scan(folder);
        runner = new FolderRunner(
                folder,
                index,
                scanner,
                new ChunkReader(index, f -> {}),
                (from, wanted) -> null,
                () -> {},
                self.shortValue(),
                a -> {},
                dev.shoal.engine.api.EngineSettings.DEFAULT);
        exchange = new IndexExchange(
                self,
                index,
                folders(new FolderSpec("docs", docs, Set.of(peer)), runner),
                connections,
                new FolderOffers());
    }

    private static Folders folders(FolderSpec spec, FolderRunner runner) {
        Folders folders = new Folders();
        folders.put(spec);
        folders.opened(spec.id(), runner);
        return folders;
    }

    @AfterEach
    void tearDown() {
        exchange.close();
        runner.close();
        index.close();
    }

    /** What the peer says it holds: nothing of ours yet. */
    ClusterConfig peerHoldsNothing() {
        return ClusterConfig.newBuilder()
                .addFolders(FolderShare.newBuilder()
                        .setId("docs")
                        .addDevices(FolderDevice.newBuilder()
                                .setDeviceId(ByteString.copyFrom(self.hash()))
                                .setIndexId(folder.indexId())
                                .setMaxSequence(0))
                        .addDevices(FolderDevice.newBuilder()
                                .setDeviceId(ByteString.copyFrom(peer.hash()))
                                .setIndexId(42)
                                .setMaxSequence(0)))
                .build();
    }

    /**
     * Both connections come up and each receives the peer's cluster config while the pool lists {@code listed}.
     */
    void bothDial(FakeConnection dialled, FakeConnection accepted, FakeConnection listed) {
        connections.put(listed);
        exchange.connected(dialled);
        exchange.connected(accepted);
        exchange.received(dialled, peerHoldsNothing());
        exchange.received(accepted, peerHoldsNothing());
    }

    @Test
    void recordsReachTheConnectionThatStaysWhenBothDevicesDialAtOnce() throws Exception {
        FakeConnection dialled = new FakeConnection(true);
        FakeConnection accepted = new FakeConnection(false);
        // The pool still lists the connection that is about to lose when both cluster configs arrive.
        bothDial(dialled, accepted, dialled);
        assertThat(dialled.awaitNames(3)).containsExactlyInAnyOrder("a.txt", "b.txt", "c.txt");

        dialled.closeNow("duplicate connection");
        connections.put(accepted);

        assertThat(accepted.awaitNames(3))
                .as("what went out on the closed connection must not count for the one that stays")
                .containsExactlyInAnyOrder("a.txt", "b.txt", "c.txt");
    }

    @Test
    void laterChangesGoOnlyToTheConnectionThatStayed() throws Exception {
        FakeConnection dialled = new FakeConnection(true);
        FakeConnection accepted = new FakeConnection(false);
        bothDial(dialled, accepted, accepted);
        accepted.awaitNames(3);
        dialled.awaitNames(3);
        dialled.closeNow("duplicate connection");

        Files.writeString(folder.path().resolve("d.txt"), "new");
        scanner.scan(folder);
        exchange.sendUpdates("docs");

        assertThat(accepted.awaitNames(4)).contains("d.txt").doesNotHaveDuplicates();
        assertThat(dialled.names()).doesNotContain("d.txt");
    }

    /** A connection at the transport's seam that keeps the index records sent on it. */
    final class FakeConnection implements PeerConnection {
        private final boolean outgoing;
        private final List<FileInfo> sent = new CopyOnWriteArrayList<>();
        private final List<Consumer<String>> onClose = new CopyOnWriteArrayList<>();
        private volatile boolean open = true;

        FakeConnection(boolean outgoing) {
            this.outgoing = outgoing;
        }

        List<String> names() {
            List<String> out = new ArrayList<>();
            sent.forEach(f -> out.add(f.getName()));
            return out;
        }

        /** The names sent so far, once at least {@code n} records went out (bounded wait). */
        List<String> awaitNames(int n) throws InterruptedException {
            for (int i = 0; i < 500 && sent.size() < n; i++) {
                Thread.sleep(10);
            }
            return names();
        }

        void closeNow(String reason) {
            open = false;
            onClose.forEach(c -> c.accept(reason));
        }

        @Override
        public DeviceId device() {
            return peer;
        }

        @Override
        public String deviceName() {
            return "peer";
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public void sendControl(byte[] message) {
            if (!open) {
                return; // a closed QUIC connection drops what is written to it
            }
            try {
                Envelope e = MessageCodec.decodeEnvelope(message);
                if (e.hasIndexUpdate()) {
                    sent.addAll(e.getIndexUpdate().getFilesList());
                }
            } catch (WireFormatException e) {
                throw new AssertionError("the exchange sent a malformed message", e);
            }
        }

        @Override
        public CompletableFuture<byte[]> request(byte[] request) {
            return CompletableFuture.failedFuture(new IllegalStateException("no chunks in this test"));
        }

        @Override
        public void setHandler(PeerHandler handler) {}

        @Override
        public ConnectionStats stats() {
            return new ConnectionStats(0, 0, 0, 0, 0);
        }

        @Override
        public boolean outgoing() {
            return outgoing;
        }

        @Override
        public void onClose(Consumer<String> callback) {
            onClose.add(callback);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close(String reason) {
            closeNow(reason);
        }
    }
}
