package dev.shoal.app.fault;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay between two devices on loopback that loses, delays and reorders packets, from a seed (this
 * kernel has no netem). Clients send to {@link #address()}; each client gets its own upstream socket to the
 * target, so the target sees one peer per client and its answers find their way back. {@link #cut} drops
 * everything both ways until it is healed, as a pulled cable would.
 */
public final class UdpImpairmentProxy implements AutoCloseable {
    private final DatagramSocket front;
    private final InetSocketAddress target;
    private final double loss;
    private final long delayMillis;
    private final long jitterMillis;
    private final Random random;
    private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "proxy-delay");
        t.setDaemon(true);
        return t;
    });
    private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
    private volatile boolean cut;
    private volatile boolean closed;
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    /**
     * @param loss share of packets dropped (each direction)
     * @param jitterMillis extra random delay per packet, which reorders packets sent close together
     */
    public UdpImpairmentProxy(InetSocketAddress target, double loss, long delayMillis, long jitterMillis, long seed)
            throws SocketException {
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.front.setReceiveBufferSize(4 << 20);
        this.front.setSendBufferSize(4 << 20);
        this.target = target;
        this.loss = loss;
        this.delayMillis = delayMillis;
        this.jitterMillis = jitterMillis;
        this.random = new Random(seed);
        Thread t = new Thread(this::fromClients, "proxy-front");
        t.setDaemon(true);
        t.start();
    }

    /** Where clients send to reach the target through the impairments. */
    public String address() {
        return "127.0.0.1:" + front.getLocalPort();
    }

    public void cut(boolean on) {
        cut = on;
    }

    private void fromClients() {
        byte[] buf = new byte[65_536];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                front.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            SocketAddress client = p.getSocketAddress();
            DatagramSocket up = upstream.computeIfAbsent(client, this::openUpstream);
            if (up != null) {
                relay(up, new DatagramPacket(copy(p), p.getLength(), target));
            }
        }
    }

    private DatagramSocket openUpstream(SocketAddress client) {
        try {
            DatagramSocket up = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            up.setReceiveBufferSize(4 << 20);
            up.setSendBufferSize(4 << 20);
            Thread t = new Thread(() -> fromTarget(up, client), "proxy-back");
            t.setDaemon(true);
            t.start();
            return up;
        } catch (SocketException e) {
            return null;
        }
    }

    private void fromTarget(DatagramSocket up, SocketAddress client) {
        byte[] buf = new byte[65_536];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                up.receive(p);
            } catch (IOException e) {
                return;
            }
            relay(front, new DatagramPacket(copy(p), p.getLength(), client));
        }
    }

    private static byte[] copy(DatagramPacket p) {
        byte[] data = new byte[p.getLength()];
        System.arraycopy(p.getData(), p.getOffset(), data, 0, p.getLength());
        return data;
    }

    private void relay(DatagramSocket out, DatagramPacket packet) {
        long delay;
        synchronized (random) {
            if (cut || random.nextDouble() < loss) {
                dropped.incrementAndGet();
                return;
            }
            delay = delayMillis + (jitterMillis > 0 ? random.nextLong(jitterMillis + 1) : 0);
        }
        delayer.schedule(
                () -> {
                    try {
                        out.send(packet);
                        forwarded.incrementAndGet();
                    } catch (IOException e) {
                        dropped.incrementAndGet();
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        upstream.values().forEach(DatagramSocket::close);
        delayer.shutdownNow();
    }
}
