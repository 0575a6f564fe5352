package dev.shoal.engine.testing;

import dev.shoal.engine.spi.ConnectionStats;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.PeerHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Two ends of an in-memory session between two devices, for engine tests without a network: control messages
 * arrive in order on a thread per direction (as a transport's event loop delivers them), requests are answered by
 * the other end's handler, and both ends count the bytes that crossed. Pausing control messages holds them back
 * and lets the sender's backlog grow, as flow control would. Closing either end closes both.
 */
public final class MemoryLink {
    private final End first;
    private final End second;

    private MemoryLink(DeviceId a, String nameA, DeviceId b, String nameB) {
        first = new End(b, nameB, true, 1);
        second = new End(a, nameA, false, 2);
        first.other = second;
        second.other = first;
    }

    /** A session between device {@code a} (which dialled) and device {@code b}. */
    public static MemoryLink between(DeviceId a, String nameA, DeviceId b, String nameB) {
        return new MemoryLink(a, nameA, b, nameB);
    }

    /** The end device {@code a} holds: its peer is {@code b}. */
    public End atA() {
        return first;
    }

    /** The end device {@code b} holds: its peer is {@code a}. */
    public End atB() {
        return second;
    }

    /** One end of the link. */
    public static final class End implements PeerConnection {
        private final DeviceId peer;
        private final String peerName;
        private final boolean outgoing;
        private final InetSocketAddress address;
        /** Delivers this end's incoming control messages in order. */
        private final ExecutorService inbox;
        /** Answers the other end's requests. */
        private final ExecutorService requests;

        private final Queue<byte[]> held = new ArrayDeque<>();
        private final List<Consumer<String>> onClose = new ArrayList<>();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong backlog = new AtomicLong();
        private End other;
        private PeerHandler handler;
        private boolean paused;
        private String closed;

        private End(DeviceId peer, String peerName, boolean outgoing, int port) {
            this.peer = peer;
            this.peerName = peerName;
            this.outgoing = outgoing;
            this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 22000 + port);
            this.inbox = Executors.newSingleThreadExecutor(r -> daemon(r, "link-control-" + peerName));
            this.requests = Executors.newFixedThreadPool(2, r -> daemon(r, "link-requests-" + peerName));
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }

        @Override
        public DeviceId device() {
            return peer;
        }

        @Override
        public String deviceName() {
            return peerName;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return address;
        }

        @Override
        public void sendControl(byte[] message) {
            synchronized (other) {
                if (other.closed != null) {
                    return;
                }
                sent.addAndGet(message.length);
                other.received.addAndGet(message.length);
                if (other.handler == null || other.paused) {
                    backlog.addAndGet(message.length);
                    other.held.add(message);
                    return;
                }
                other.deliver(message);
            }
        }

        /** Hands {@code message} to the handler on the inbox thread (caller holds this end's lock). */
        private void deliver(byte[] message) {
            PeerHandler h = handler;
            inbox.execute(() -> h.control(message));
        }

        @Override
        public long controlBacklog() {
            return backlog.get();
        }

        @Override
        public void whenControlBacklogBelow(long bytes, Runnable then) {
            // Held messages are released by the receiver; a sender waiting on them polls on the requests pool.
            if (backlog.get() < bytes || !isOpen()) {
                then.run();
                return;
            }
            CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> whenControlBacklogBelow(bytes, then));
        }

        @Override
        public synchronized void pauseControlMessages(boolean pause) {
            paused = pause;
            release();
        }

        @Override
        public synchronized void setHandler(PeerHandler h) {
            handler = h;
            release();
        }

        private void release() {
            while (handler != null && !paused && !held.isEmpty()) {
                byte[] message = held.poll();
                other.backlog.addAndGet(-message.length);
                deliver(message);
            }
        }

        @Override
        public CompletableFuture<byte[]> request(byte[] request) {
            PeerHandler answering;
            synchronized (other) {
                if (other.closed != null) {
                    return CompletableFuture.failedFuture(new IllegalStateException("closed: " + other.closed));
                }
                answering = other.handler;
            }
            if (answering == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("not ready"));
            }
            sent.addAndGet(request.length);
            other.received.addAndGet(request.length);
            return CompletableFuture.supplyAsync(() -> answering.request(request), other.requests)
                    .thenCompose(f -> f)
                    .thenApply(response -> {
                        received.addAndGet(response.length);
                        other.sent.addAndGet(response.length);
                        return response;
                    });
        }

        @Override
        public ConnectionStats stats() {
            return new ConnectionStats(sent.get(), received.get(), 0.1, 0, 0);
        }

        @Override
        public boolean outgoing() {
            return outgoing;
        }

        @Override
        public void onClose(Consumer<String> callback) {
            String reason;
            synchronized (this) {
                reason = closed;
                if (reason == null) {
                    onClose.add(callback);
                    return;
                }
            }
            callback.accept(reason);
        }

        @Override
        public synchronized boolean isOpen() {
            return closed == null;
        }

        @Override
        public void close(String reason) {
            closeEnd("closed by this device: " + reason);
            other.closeEnd("closed by the peer: " + reason);
        }

        private void closeEnd(String reason) {
            List<Consumer<String>> callbacks;
            PeerHandler h;
            synchronized (this) {
                if (closed != null) {
                    return;
                }
                closed = reason;
                callbacks = List.copyOf(onClose);
                h = handler;
                held.clear();
            }
            if (h != null) {
                h.closed(reason);
            }
            callbacks.forEach(c -> c.accept(reason));
            inbox.shutdown();
            requests.shutdown();
        }
    }
}
