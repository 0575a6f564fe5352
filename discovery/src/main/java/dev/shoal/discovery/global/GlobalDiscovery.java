package dev.shoal.discovery.global;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.engine.spi.Base32;
import dev.shoal.engine.spi.DeviceId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rendezvous through a global discovery server the user hosts (Syncthing's {@code stdiscosrv} protocol): this
 * device announces where it can be reached, and paired devices that nothing else locates are looked up there.
 * Announcements are refreshed when the server asks and whenever the addresses change; lookups are cached
 * briefly, so a device that stopped announcing is soon no longer dialled.
 */
public final class GlobalDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalDiscovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEFAULT_REANNOUNCE = Duration.ofMinutes(30);
    static final Duration MIN_REANNOUNCE = Duration.ofSeconds(30);
    static final Duration CHECK_ADDRESSES = Duration.ofSeconds(30);
    static final Duration FOUND_FOR = Duration.ofMinutes(5);
    static final Duration MISSING_FOR = Duration.ofSeconds(30);

    /** Where the server is and, for a self-signed one, the certificate it must present. */
    public record Server(URI uri, Optional<ServerPin> pin) {}

    /** What status shows: when this device last announced, the error since (if any), what the server saw. */
    public record State(Instant lastAnnounced, String error, List<InetSocketAddress> seenAddresses) {}

    private record Lookup(AddressUrls.Found found, Instant expires, boolean inFlight) {}

    private final DeviceId self;
    private final URI base;
    private final Supplier<List<String>> announcement;
    private final Consumer<DeviceId> found;
    private final Supplier<? extends java.util.Collection<DeviceId>> devices;
    private final ScheduledExecutorService timer;
    private final RendezvousHttp http;
    private final Map<DeviceId, Lookup> lookups = new ConcurrentHashMap<>();
    private volatile State state = new State(null, null, List.of());
    private volatile List<String> announced = List.of();
    private volatile Instant nextAnnounce = Instant.EPOCH;
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Duration foundFor = FOUND_FOR;
    private volatile Duration missingFor = MISSING_FOR;

    /**
     * @param announcement this device's addresses as URLs, asked again every half minute
     * @param devices the devices to keep looked up (the paired ones)
     * @param found told when a lookup found addresses for a device, to dial it
     */
    public GlobalDiscovery(
            DeviceId self,
            X509Certificate certificate,
            PrivateKey key,
            Server server,
            Supplier<List<String>> announcement,
            Supplier<? extends java.util.Collection<DeviceId>> devices,
            Consumer<DeviceId> found)
            throws GeneralSecurityException, IOException {
        this.self = self;
        this.base = server.uri().resolve("/v2/");
        this.announcement = announcement;
        this.found = found;
        this.devices = devices;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "global-discovery");
            t.setDaemon(true);
            return t;
        });
        this.http = new RendezvousHttp(certificate, key, server.pin());
    }

    /** How long a lookup's answer is kept (tests shorten it: the real values are minutes). */
    GlobalDiscovery cacheFor(Duration found, Duration missing) {
        this.foundFor = found;
        this.missingFor = missing;
        return this;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::tick, 0, CHECK_ADDRESSES.toSeconds(), TimeUnit.SECONDS);
    }

    public State state() {
        return state;
    }

    /**
     * The addresses the server last gave for {@code device}; starts a lookup when they are stale (its answer comes
     * later, through {@code found}).
     */
    public List<InetSocketAddress> addresses(DeviceId device) {
        return found(device).all();
    }

    /** As {@link #addresses}, direct and relayed addresses apart. */
    public AddressUrls.Found found(DeviceId device) {
        Lookup l = lookups.get(device);
        Instant now = Instant.now();
        if (l == null || (!l.inFlight() && now.isAfter(l.expires()))) {
            // While the new lookup runs, an expired answer stays expired: the device may be gone from the server.
            lookups.put(
                    device,
                    l == null
                            ? new Lookup(AddressUrls.Found.NONE, now, true)
                            : new Lookup(l.found(), l.expires(), true));
            timer.execute(() -> lookUp(device));
        }
        return l == null || now.isAfter(l.expires()) ? AddressUrls.Found.NONE : l.found();
    }

    /** Whether {@code address} is a relayed address some looked-up device announced. */
    public boolean isRelay(java.net.InetSocketAddress address) {
        return lookups.values().stream().anyMatch(l -> l.found().relays().contains(address));
    }

    private void tick() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log, and try at the next tick.
            LOG.warn("global discovery: {}", e.toString());
        }
    }

    private void refresh() {
        List<String> now = announcement.get();
        if (!now.equals(announced) || Instant.now().isAfter(nextAnnounce)) {
            announce(now);
        }
        // Paired devices are looked up again once their answer is stale, whether or not anyone asks: one that was
        // not there yet (it had not announced) is dialled as soon as it is.
        devices.get().forEach(this::addresses);
        lookups.keySet().retainAll(java.util.Set.copyOf(devices.get()));
    }

    private void announce(List<String> addresses) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("addresses", addresses));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        nextAnnounce = Instant.now().plus(DEFAULT_REANNOUNCE); // no second announce while this one runs
        announced = addresses;
        http.post(base, body, "Reannounce-After").whenComplete((answer, error) -> {
            if (error == null && answer.status() / 100 == 2) {
                failures.set(0);
                Duration again = answer.header().map(GlobalDiscovery::seconds).orElse(DEFAULT_REANNOUNCE);
                nextAnnounce = Instant.now().plus(again.compareTo(MIN_REANNOUNCE) < 0 ? MIN_REANNOUNCE : again);
                LOG.info("announced {} to {}", addresses, base);
                state = new State(Instant.now(), null, state.seenAddresses());
                timer.execute(this::lookUpSelf);
            } else {
                String why =
                        error != null ? describe(error) : "it answered " + answer.status() + " " + text(answer.body());
                // Retry sooner than the usual refresh, backing off: 30 s, 1, 2, 4 ... minutes, at most 30.
                Duration retry = MIN_REANNOUNCE.multipliedBy(1L << Math.min(6, failures.getAndIncrement()));
                nextAnnounce = Instant.now().plus(retry);
                state = new State(
                        state.lastAnnounced(), "cannot announce to " + base + ": " + why, state.seenAddresses());
                LOG.warn("{}; trying again in {} s", state.error(), retry.toSeconds());
            }
        });
    }

    /** What the server filed for this device: its addresses as others will dial them (public ones included). */
    private void lookUpSelf() {
        query(self).thenAccept(a -> state = new State(state.lastAnnounced(), state.error(), a.direct()));
    }

    private void lookUp(DeviceId device) {
        query(device).whenComplete((addresses, error) -> {
            AddressUrls.Found got = error == null ? addresses : AddressUrls.Found.NONE;
            Duration keep = got.isEmpty() ? missingFor : foundFor;
            lookups.put(device, new Lookup(got, Instant.now().plus(keep), false));
            if (error != null) {
                LOG.info("lookup of {} failed: {}", device.shortString(), describe(error));
            } else if (!got.isEmpty()) {
                LOG.info("the discovery server has {} at {}", device.shortString(), got.all());
                found.accept(device);
            }
        });
    }

    private java.util.concurrent.CompletableFuture<AddressUrls.Found> query(DeviceId device) {
        URI uri = base.resolve("?device=" + Base32.encode(device.hash()));
        return http.get(uri, "Retry-After").thenApply(answer -> {
            if (answer.status() == 404) {
                return AddressUrls.Found.NONE; // never announced, or its entry expired: nothing to dial
            }
            if (answer.status() != 200) {
                throw new IllegalStateException("the discovery server answered " + answer.status());
            }
            try {
                JsonNode list = JSON.readTree(answer.body()).path("addresses");
                List<String> urls = new ArrayList<>();
                for (int i = 0; i < Math.min(list.size(), 64); i++) {
                    urls.add(list.get(i).asText());
                }
                return AddressUrls.found(urls);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Math.min(Long.parseLong(value.strip()), 24 * 3600));
        } catch (NumberFormatException e) {
            return DEFAULT_REANNOUNCE;
        }
    }

    private static String text(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    private static String describe(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null
                && (t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.io.UncheckedIOException)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof javax.net.ssl.SSLHandshakeException && m != null && m.contains("discovery server's")) {
            return m.substring(m.indexOf("the discovery server's"));
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.close();
    }
}
