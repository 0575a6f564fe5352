package dev.shoal.app.daemon;

import dev.shoal.app.ShoalHome;
import dev.shoal.app.config.Config;
import dev.shoal.app.config.ConfigStore;
import dev.shoal.app.config.FolderEdits;
import dev.shoal.discovery.Discoveries;
import dev.shoal.discovery.DiscoveryRouter;
import dev.shoal.discovery.MdnsDiscovery;
import dev.shoal.engine.api.EngineSettings;
import dev.shoal.engine.api.FolderSpec;
import dev.shoal.engine.api.SyncEngine;
import dev.shoal.engine.spi.ConnectionState;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.engine.spi.Discovery;
import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.engine.spi.TransportListener;
import dev.shoal.store.index.Index;
import dev.shoal.transport.QuicEndpoint;
import dev.shoal.transport.QuicSettings;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.identity.IdentityStore;
import dev.shoal.transport.pool.Backoff;
import dev.shoal.transport.pool.ConnectionPool;
import dev.shoal.transport.session.Hello;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headless daemon: wires this device's identity, config and index to the sync engine, the QUIC endpoint,
 * the connection pool and discovery, and serves the local API. {@link #close} stops it cleanly.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private FolderRescans rescans;
    private final TrafficTotals traffic = new TrafficTotals();
    private final Metrics metrics = new Metrics();
    private final MetricsListener metricsListener = new MetricsListener();
    private final EventLog events = new EventLog();
    private EventSources eventSources;

    private final ShoalHome home;
    private final DeviceIdentity identity;
    private volatile Config config;
    /** Devices admitted to connect; grows when a running daemon is told of new ones. */
    private final Set<DeviceId> paired = ConcurrentHashMap.newKeySet();
    /** Paired devices the user paused: not dialled, and their connections closed. */
    private final Set<DeviceId> pausedDevices = ConcurrentHashMap.newKeySet();

    private final Index index;
    private final ForkJoinPool hashPool;
    private final SyncEngine engine;
    private final QuicEndpoint endpoint;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ConnectionPool pool;
    private final DiscoveryRouter router;
    private final Discovery discovery;
    private final Rendezvous rendezvous;
    private final PeerPaths paths;
    private final DirectUpgrade upgrade;
    private final PendingDevices pending = new PendingDevices();
    private final ApiServer api;

    private Daemon(ShoalHome home, EngineSettings settings) throws IOException {
        this.home = home;
        IdentityStore ids = new IdentityStore(home.identityDir());
        if (!ids.exists()) {
            throw new IOException("No device identity in " + home.dir() + ". Run 'shoal init' first.");
        }
        this.identity = ids.load();
        this.config = new ConfigStore(home.dir()).load().orElse(Config.initial("shoal", Config.DEFAULT_LISTEN));
        config.devices().forEach(d -> paired.add(DeviceId.parse(d.id())));
        config.devices().stream()
                .filter(Config.PeerDevice::paused)
                .forEach(d -> pausedDevices.add(DeviceId.parse(d.id())));
        this.index = Index.open(home.dir().resolve("index.db"));
        dev.shoal.app.HomePermissions.secure(home.dir()); // the index (every synced name) included
        this.hashPool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        List<FolderSpec> folders =
                config.folders().stream().map(FolderEdits::spec).toList();
        this.engine = SyncEngine.create(identity.deviceId(), index, folders, hashPool, settings);
        this.endpoint = new QuicEndpoint(
                identity,
                config.device().name(),
                LocalNetworks.socketAddress(config.device().listen()),
                QuicSettings.fromSystemProperties(),
                paired::contains);
        this.pool = new ConnectionPool(
                identity.deviceId(), endpoint, scheduler, Backoff.DEFAULT, new ConnectionPool.Listener() {
                    @Override
                    public void stateChanged(DeviceId device, ConnectionState state, String reason) {
                        LOG.info("{} {}: {}", device.shortString(), state.name().toLowerCase(), reason);
                        if (state == ConnectionState.DISCONNECTED) {
                            eventSources.disconnected(device, reason);
                        }
                    }

                    @Override
                    public void connected(PeerConnection connection) {
                        traffic.track(connection);
                        engine.connected(connection);
                        upgrade.connected(connection);
                        eventSources.connected(connection, paths);
                    }
                });
        this.router = new DiscoveryRouter(paired::contains, this::keepConnected);
        for (Config.PeerDevice d : config.devices()) {
            router.setStaticAddresses(DeviceId.parse(d.id()), LocalNetworks.socketAddresses(d.addresses()));
        }
        // Listening on one address means being reachable only there: announce there and nowhere else.
        InetSocketAddress listen = LocalNetworks.socketAddress(config.device().listen());
        MdnsDiscovery.Settings mdns = listen.getAddress() != null
                        && !listen.getAddress().isAnyLocalAddress()
                ? MdnsDiscovery.Settings.boundTo(listen.getAddress(), Duration.ofSeconds(5), Duration.ofSeconds(75))
                : MdnsDiscovery.Settings.defaults();
        this.discovery = Discoveries.create(config.device().mdns(), identity.deviceId(), mdns);
        this.rendezvous = new Rendezvous(
                identity,
                () -> endpoint.localAddress().getPort(),
                listen.getAddress(),
                () -> paired.stream().filter(p -> !pausedDevices.contains(p)).toList(),
                this::keepConnected,
                endpoint.nat()::reflexiveAddress,
                endpoint.nat()::relay,
                scheduler);
        router.setGlobalLookup(device -> paired.contains(device) ? rendezvous.addresses(device) : List.of());
        this.paths = new PeerPaths(endpoint.nat(), rendezvous);
        pool.relayedWhen(c -> "relay".equals(paths.path(c)));
        this.upgrade = new DirectUpgrade(pool, scheduler, rendezvous::publicAddresses, rendezvous::directAddresses);
        this.eventSources = new EventSources(events, engine);
        this.api = new ApiServer(home, this);
    }

    /** Starts everything; fails with a message a user can act on (port in use, folder missing...). */
    public static Daemon start(ShoalHome home) throws IOException {
        return start(home, EngineSettings.fromSystemProperties());
    }

    /** Starts with these engine settings (tests: a clock they move forward). */
    public static Daemon start(ShoalHome home, EngineSettings settings) throws IOException {
        Daemon d = new Daemon(home, settings);
        try {
            d.engine.start();
            d.endpoint.start(new TransportListener() {
                @Override
                public void connected(PeerConnection connection) {
                    if (d.pausedDevices.contains(connection.device())) {
                        connection.close("paused on this device");
                        return;
                    }
                    d.pool.incoming(connection);
                }

                @Override
                public void candidatesOffered(PeerConnection connection, List<InetSocketAddress> candidates) {
                    d.upgrade.offered(connection, candidates);
                }

                @Override
                public void pendingDevice(DeviceId device, String name, InetSocketAddress address) {
                    d.eventSources.pendingDevice(device, name, address);
                    d.pending.seen(device, name, address.getAddress().getHostAddress() + ":" + address.getPort());
                }
            });
            d.applyLimits(d.config.device());
            for (Config.PeerDevice p : d.config.devices()) {
                if (!p.paused()) {
                    d.keepConnected(DeviceId.parse(p.id()));
                }
            }
            d.discovery.start(d.router);
            d.discovery.announce(new Discovery.LocalAnnouncement(
                    d.identity.deviceId(),
                    d.config.device().name(),
                    Hello.PROTOCOL_VERSION,
                    d.endpoint.localAddress().getPort()));
            d.rendezvous.apply(d.config.network());
            d.engine.activity().listen(d.metrics::record);
            d.engine.activity().listen(d.eventSources::activity);
            d.scheduler.scheduleWithFixedDelay(
                    d.eventSources::poll, 0, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
            d.metricsListener.apply(d.config.device().metricsListen(), d::metricsText);
            d.api.start();
            d.rescans = new FolderRescans(d.engine, d.scheduler);
            d.config.folders().forEach(d.rescans::apply);
            d.scheduler.scheduleWithFixedDelay(d.engine::cleanVersions, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
            return d;
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /**
     * Applies what {@code device add} and {@code folder add} wrote to the config while the daemon runs: new
     * devices are admitted and dialled, addresses updated, new folders opened and scanned, new shares announced
     * to connected peers. Device name, listen address and mDNS changes need a restart.
     *
     * @return what changed, for the caller to show
     */
    public synchronized List<String> reload() throws IOException {
        Config fresh = new ConfigStore(home.dir()).load().orElse(config);
        List<String> applied = new ArrayList<>();
        for (Config.PeerDevice d : fresh.devices()) {
            DeviceId id = DeviceId.parse(d.id());
            router.setStaticAddresses(id, LocalNetworks.socketAddresses(d.addresses()));
            pool.moved(id);
            if (paired.add(id)) {
                eventSources.paired(id);
                pending.remove(id);
                if (!d.paused()) {
                    keepConnected(id);
                }
                applied.add("device " + id.shortString());
            }
            if (d.paused() && pausedDevices.add(id)) {
                pool.removePeer(id); // closes its connection; dialled again on resume
                applied.add("paused device " + id.shortString());
            } else if (!d.paused() && pausedDevices.remove(id)) {
                keepConnected(id);
                applied.add("resumed device " + id.shortString());
            }
        }
        applyLimits(fresh.device());
        if (metricsListener.apply(fresh.device().metricsListen(), this::metricsText)) {
            applied.add("metrics");
        }
        if (rendezvous.apply(fresh.network())) {
            applied.add(fresh.network().lanOnly() ? "LAN only" : "network servers");
        }
        Set<DeviceId> stillPaired =
                fresh.devices().stream().map(d -> DeviceId.parse(d.id())).collect(Collectors.toSet());
        for (DeviceId gone : List.copyOf(paired)) {
            if (!stillPaired.contains(gone)) {
                revoke(gone);
                applied.add("removed device " + gone.shortString());
            }
        }
        for (Config.SharedFolder f : fresh.folders()) {
            FolderSpec spec = FolderEdits.spec(f);
            boolean changed = !spec.equals(engine.spec(f.id()).orElse(null));
            if (changed) {
                engine.putFolder(spec);
            }
            if (rescans.apply(f) || changed) {
                applied.add("folder " + f.id());
            }
        }
        for (String id : engine.folderIds()) {
            if (fresh.folder(id).isEmpty()) {
                rescans.remove(id);
                engine.removeFolder(id);
                applied.add("removed folder " + id);
            }
        }
        config = fresh;
        if (!applied.isEmpty()) {
            eventSources.configChanged(applied);
        }
        return applied;
    }

    /** Unpairs {@code device} in the config and applies it at once (the API's and the window's way). */
    public List<String> removeDevice(DeviceId device) throws IOException {
        return editConfig(c -> dev.shoal.app.config.ConfigEdits.removeDevice(c, device));
    }

    /** Changes the config file as {@code change} says and applies it at once; what was applied. */
    public synchronized List<String> editConfig(java.util.function.UnaryOperator<Config> change) throws IOException {
        new ConfigStore(home.dir()).update(config, change);
        return reload();
    }

    /**
     * A device the user removed: not admitted any more (a new connection from it is refused as unpaired), not
     * dialled, and every connection with it closed now. Folders were unshared from it in the config.
     */
    private void revoke(DeviceId device) {
        paired.remove(device);
        pausedDevices.remove(device);
        router.setStaticAddresses(device, List.of());
        pool.removePeer(device);
        endpoint.sessions().stream()
                .filter(s -> device.equals(s.device()))
                .forEach(s -> s.close("this device was removed"));
    }

    private void applyLimits(Config.DeviceSettings s) {
        engine.setRateLimits(s.sendKiBps() * 1024, s.receiveKiBps() * 1024, s.limitLan());
    }

    /** Whether the user paused this device. */
    public boolean paused(DeviceId device) {
        return pausedDevices.contains(device);
    }

    /** Dials a paired device now and whenever it is lost, at its static and discovered addresses. */
    private void keepConnected(DeviceId device) {
        if (pausedDevices.contains(device)) {
            return; // discovery keeps finding it; a paused device stays unconnected all the same
        }
        // A sighting only adds places to dial: anyone can advertise any device ID on the LAN, so it never closes a
        // working connection (only the user's own address changes do, in reload).
        pool.addPeer(device, () -> router.addresses(device));
    }

    public DeviceIdentity identity() {
        return identity;
    }

    public Config config() {
        return config;
    }

    public SyncEngine engine() {
        return engine;
    }

    public ConnectionPool pool() {
        return pool;
    }

    public QuicEndpoint endpoint() {
        return endpoint;
    }

    /** Bytes {sent, received} to and from a device since the daemon started, over all its connections. */
    public long[] bytesExchanged(DeviceId device) {
        return traffic.of(device, pool);
    }

    public Map<DeviceId, String> pendingDevices() {
        return java.util.Collections.unmodifiableMap(pending.names());
    }

    /** Forgets a pending device request; it shows up again if the device tries once more. */
    public void ignorePending(DeviceId id) {
        pending.remove(id);
    }

    /** Where this device would dial {@code device} now: its static addresses, then those adverts named. */
    public List<InetSocketAddress> candidateAddresses(DeviceId device) {
        return router.addresses(device);
    }

    /** Devices seen on the LAN that are not paired, for the pairing screen. */
    public List<dev.shoal.engine.spi.DiscoveredDevice> nearby() {
        return router.nearby();
    }

    /** How each connection reaches its device. */
    public PeerPaths paths() {
        return paths;
    }

    /** What happened, for scripts following it. */
    public EventLog events() {
        return events;
    }

    /** The daemon's figures in Prometheus's text format. */
    public String metricsText() {
        return metrics.scrape(this);
    }

    Path indexFile() {
        return index.file();
    }

    Rendezvous rendezvous() {
        return rendezvous;
    }

    public String pendingAddress(DeviceId id) {
        return pending.address(id);
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        api.close();
        if (rescans != null) {
            rescans.close();
        }
        metricsListener.close();
        discovery.close();
        rendezvous.close();
        pool.close();
        endpoint.close();
        scheduler.shutdownNow();
        engine.close();
        hashPool.shutdownNow();
        index.close();
        LOG.info("stopped {}", home.dir());
    }
}
