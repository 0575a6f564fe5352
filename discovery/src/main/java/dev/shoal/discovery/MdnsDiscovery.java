package dev.shoal.discovery;

import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.Discovery;
import dev.shoal.engine.spi.DiscoveryListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mDNS discovery with jmdns: announces this device as {@value TxtCodec#SERVICE_TYPE} and browses for others.
 *
 * <p>One jmdns instance per usable interface address (a single auto-bound instance was seen to pick an
 * IPv6-only address and miss everyone); the set is re-checked periodically, so a laptop moving between
 * networks announces on the new one. Records are announced with a {@value #TTL_SECONDS} s TTL and the cache is
 * polled every few seconds: a device that stops cleanly sends a goodbye and is Lost at once, one that crashes
 * or leaves the network is Lost once its records expire, within about {@code ttl + lostAfter}.
 */
public final class MdnsDiscovery implements Discovery {
    static final int TTL_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(MdnsDiscovery.class);

    static {
        // jmdns reads its record TTL once, from this property; 1 h by default would keep crashed peers for an hour.
        if (System.getProperty("net.dns.ttl") == null) {
            System.setProperty("net.dns.ttl", Integer.toString(TTL_SECONDS));
        }
    }

    /** How discovery runs; {@code addresses} chooses the local addresses to bind (all usable ones by default). */
    public record Settings(Supplier<List<InetAddress>> addresses, Duration pollInterval, Duration lostAfter) {
        public static Settings defaults() {
            return new Settings(MdnsDiscovery::usableAddresses, Duration.ofSeconds(5), Duration.ofSeconds(75));
        }

        public static Settings boundTo(InetAddress address, Duration pollInterval, Duration lostAfter) {
            return new Settings(() -> List.of(address), pollInterval, lostAfter);
        }
    }

    private final DeviceId self;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final Map<InetAddress, JmDNS> instances = new HashMap<>();
    private final Map<String, DeviceId> byInstanceName = new HashMap<>();
    private final PeerTable table;
    private final ServiceListener serviceListener = new Listener();
    private DiscoveryListener listener;
    private LocalAnnouncement announced;
    private volatile boolean closed;

    public MdnsDiscovery(DeviceId self, Settings settings) {
        this.self = self;
        this.settings = settings;
        this.clock = Clock.systemUTC();
        this.table = new PeerTable(self, settings.lostAfter());
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shoal-mdns");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start(DiscoveryListener l) {
        this.listener = l;
        long poll = settings.pollInterval().toMillis();
        loop.execute(this::syncInterfaces);
        loop.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        // Interfaces change rarely; checking them at every few polls is enough.
        loop.scheduleWithFixedDelay(this::syncInterfaces, poll * 3, poll * 3, TimeUnit.MILLISECONDS);
    }

    @Override
    public void announce(LocalAnnouncement self) {
        loop.execute(() -> {
            announced = self;
            for (JmDNS jmdns : instances.values()) {
                register(jmdns);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        loop.execute(() -> {
            for (JmDNS jmdns : instances.values()) {
                closeQuietly(jmdns);
            }
            instances.clear();
        });
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String instanceName(DeviceId id) {
        return id.toString().replace("-", "");
    }

    /** Non-loopback, up, multicast-capable interfaces' addresses (IPv4 and IPv6). */
    public static List<InetAddress> usableAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp() && !ni.isLoopback() && ni.supportsMulticast() && !ni.isPointToPoint()) {
                    out.addAll(Collections.list(ni.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list network interfaces: {}", e.getMessage());
        }
        return out;
    }

    // ---- on the discovery thread ----

    private void syncInterfaces() {
        if (closed) {
            return;
        }
        Set<InetAddress> wanted = new LinkedHashSet<>(settings.addresses().get());
        for (InetAddress gone : new ArrayList<>(instances.keySet())) {
            if (!wanted.contains(gone)) {
                LOG.info("mDNS: {} went away", gone);
                closeQuietly(instances.remove(gone));
            }
        }
        for (InetAddress address : wanted) {
            if (instances.containsKey(address)) {
                continue;
            }
            try {
                JmDNS jmdns =
                        JmDNS.create(address, "shoal-" + self.shortString().toLowerCase());
                jmdns.addServiceListener(TxtCodec.SERVICE_TYPE, serviceListener);
                instances.put(address, jmdns);
                register(jmdns);
                LOG.info("mDNS: announcing and browsing on {}", address);
            } catch (IOException e) {
                LOG.warn("mDNS: cannot use {}: {}", address, e.getMessage());
            }
        }
    }

    private void register(JmDNS jmdns) {
        if (announced == null) {
            return;
        }
        try {
            jmdns.unregisterAllServices();
            jmdns.registerService(ServiceInfo.create(
                    TxtCodec.SERVICE_TYPE, instanceName(self), announced.port(), 0, 0, TxtCodec.encode(announced)));
        } catch (IOException e) {
            LOG.warn("mDNS: cannot announce: {}", e.getMessage());
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        for (JmDNS jmdns : instances.values()) {
            // Returns what is cached and not expired, after a short active query.
            for (ServiceInfo info : jmdns.list(TxtCodec.SERVICE_TYPE, 300)) {
                sighting(info);
            }
        }
        for (PeerTable.Event e : table.expire(clock.instant())) {
            emit(e);
        }
    }

    private void sighting(ServiceInfo info) {
        Map<String, byte[]> txt = new HashMap<>();
        for (String key : Collections.list(info.getPropertyNames())) {
            byte[] value = info.getPropertyBytes(key);
            if (value != null) {
                txt.put(key, value);
            }
        }
        TxtCodec.decode(txt).ifPresent(advert -> {
            byInstanceName.put(info.getName(), advert.id());
            List<InetAddress> hosts = new ArrayList<>(List.of(info.getInetAddresses()));
            table.seen(advert, hosts, clock.instant()).ifPresent(this::emit);
        });
    }

    private void emit(PeerTable.Event event) {
        DiscoveryListener l = listener;
        if (l == null || closed) {
            return;
        }
        try {
            switch (event) {
                case PeerTable.Found f -> l.found(f.device());
                case PeerTable.Updated u -> l.updated(u.device());
                case PeerTable.Lost lost -> l.lost(lost.id());
            }
        } catch (RuntimeException e) {
            LOG.warn("discovery listener failed on {}", event, e);
        }
    }

    private static void closeQuietly(JmDNS jmdns) {
        try {
            jmdns.unregisterAllServices();
            jmdns.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing jmdns: {}", e.getMessage());
        }
    }

    /** jmdns callbacks arrive on its threads; everything is handed to the discovery thread. */
    private final class Listener implements ServiceListener {
        @Override
        public void serviceAdded(ServiceEvent event) {
            if (!closed) {
                event.getDNS().requestServiceInfo(event.getType(), event.getName(), 1000);
            }
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            loop.execute(() -> {
                DeviceId id = byInstanceName.remove(event.getName());
                if (id != null) {
                    table.removed(id).ifPresent(MdnsDiscovery.this::emit);
                }
            });
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            loop.execute(() -> sighting(info));
        }
    }
}
