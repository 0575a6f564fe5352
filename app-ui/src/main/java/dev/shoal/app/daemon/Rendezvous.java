package dev.shoal.app.daemon;

import dev.shoal.app.config.Config;
import dev.shoal.app.config.TurnUrl;
import dev.shoal.discovery.global.AddressUrls;
import dev.shoal.discovery.global.GlobalDiscovery;
import dev.shoal.discovery.global.ServerPin;
import dev.shoal.engine.spi.DeviceId;
import dev.shoal.transport.identity.DeviceIdentity;
import dev.shoal.transport.nat.TurnClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This daemon's side of the user's rendezvous server, following the config: none (LAN only, nothing sent
 * beyond the LAN), or one global discovery client that announces this device and looks up paired ones. A
 * change of server applies at once.
 */
final class Rendezvous implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rendezvous.class);
    /** How often the public address is asked again: NAT mappings of an idle port expire in minutes. */
    static final java.time.Duration STUN_EVERY = java.time.Duration.ofMinutes(2);

    private final DeviceIdentity identity;
    private final IntSupplier port;
    private final InetAddress boundTo;
    private final Consumer<DeviceId> found;
    private final java.util.function.Supplier<? extends java.util.Collection<DeviceId>> devices;
    private final java.util.function.Function<InetSocketAddress, CompletableFuture<InetSocketAddress>> stun;
    private final ScheduledExecutorService scheduler;
    private final java.util.function.Function<TurnClient.Server, TurnClient> relay;
    private volatile TurnClient relayClient;
    private volatile String turnError;
    private ScheduledFuture<?> permitting;
    private Config.NetworkSettings settings = Config.NetworkSettings.LAN_ONLY;
    private volatile GlobalDiscovery client;
    private ScheduledFuture<?> probing;
    /** This device's UDP port as the STUN server saw it: its public address behind a NAT. */
    private volatile InetSocketAddress reflexive;

    private volatile String stunError;

    /**
     * @param boundTo the one address this device listens on, or null when it listens on all of them
     * @param devices the devices to look up there (paired, not paused)
     * @param found told when the server located a device, to dial it
     */
    Rendezvous(
            DeviceIdentity identity,
            IntSupplier port,
            InetAddress boundTo,
            java.util.function.Supplier<? extends java.util.Collection<DeviceId>> devices,
            Consumer<DeviceId> found,
            java.util.function.Function<InetSocketAddress, CompletableFuture<InetSocketAddress>> stun,
            java.util.function.Function<TurnClient.Server, TurnClient> relay,
            ScheduledExecutorService scheduler) {
        this.relay = relay;
        this.identity = identity;
        this.port = port;
        this.boundTo = boundTo;
        this.found = found;
        this.devices = devices;
        this.stun = stun;
        this.scheduler = scheduler;
    }

    /** Follows {@code next}; true if anything changed. */
    synchronized boolean apply(Config.NetworkSettings next) {
        if (next.equals(settings)) {
            return false;
        }
        settings = next;
        stop();
        if (next.stun() != null) {
            InetSocketAddress server = LocalNetworks.socketAddress(next.stun());
            probing =
                    scheduler.scheduleWithFixedDelay(() -> probe(server), 0, STUN_EVERY.toSeconds(), TimeUnit.SECONDS);
        }
        if (next.turn() != null) {
            startRelay(TurnUrl.parse(next.turn()));
        }
        if (next.discovery() != null) {
            try {
                GlobalDiscovery.Server server = new GlobalDiscovery.Server(
                        URI.create(next.discovery()),
                        Optional.ofNullable(next.discoveryId()).map(ServerPin::parse));
                GlobalDiscovery c = new GlobalDiscovery(
                        identity.deviceId(),
                        identity.certificate(),
                        identity.privateKey(),
                        server,
                        this::announcement,
                        devices,
                        found);
                c.start();
                client = c;
            } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
                LOG.warn("cannot use the discovery server {}: {}", next.discovery(), e.getMessage());
            }
        }
        return true;
    }

    private void startRelay(TurnUrl url) {
        InetSocketAddress server = LocalNetworks.socketAddress(url.hostPort());
        if (server.isUnresolved()) {
            turnError = "cannot resolve the TURN server " + url.host();
            return;
        }
        TurnClient c = relay.apply(new TurnClient.Server(server, url.user(), url.password()));
        if (c == null) {
            turnError = "a relay needs the shared UDP port, which this system does not allow";
            return;
        }
        relayClient = c;
        // The relay forwards only from addresses let in: each paired device's public IPs, as last looked up.
        permitting = scheduler.scheduleWithFixedDelay(() -> c.permit(peerAddresses()), 0, 15, TimeUnit.SECONDS);
    }

    /** The public IPs paired devices were last found at (where their packets to the relay come from). */
    private java.util.Set<InetAddress> peerAddresses() {
        GlobalDiscovery c = client;
        java.util.Set<InetAddress> out = new java.util.LinkedHashSet<>();
        if (c != null) {
            for (DeviceId d : devices.get()) {
                c.found(d).direct().stream()
                        .map(InetSocketAddress::getAddress)
                        .filter(a -> "direct".equals(LocalNetworks.path(a)))
                        .forEach(out::add);
            }
        }
        return out;
    }

    /**
     * What this device announces: its port on each LAN address, where the STUN server saw it, and its relayed
     * address.
     */
    private List<String> announcement() {
        List<String> urls =
                new java.util.ArrayList<>(AddressUrls.announcement(port.getAsInt(), LocalNetworks.addresses(boundTo)));
        for (InetSocketAddress r : publicAddresses()) {
            String url = "quic://" + r.getAddress().getHostAddress() + ":" + r.getPort();
            if (!urls.contains(url)) {
                urls.add(url);
            }
        }
        relayAddress().ifPresent(r -> urls.add(AddressUrls.relayUrl(r)));
        return urls;
    }

    /** This device's relayed address on the user's TURN server, while it has one. */
    Optional<InetSocketAddress> relayAddress() {
        TurnClient c = relayClient;
        return Optional.ofNullable(c == null ? null : c.relayedAddress());
    }

    /** Whether {@code address} is a paired device's relayed address. */
    boolean isRelay(InetSocketAddress address) {
        GlobalDiscovery c = client;
        return c != null && c.isRelay(address);
    }

    private void probe(InetSocketAddress server) {
        if (server.isUnresolved()) {
            stunError = "cannot resolve the STUN server " + server.getHostString();
            return;
        }
        stun.apply(server).whenComplete((address, error) -> {
            if (error == null) {
                if (!address.equals(reflexive)) {
                    LOG.info("the STUN server {} sees this device at {}", server, address);
                }
                reflexive = address;
                stunError = null;
            } else {
                stunError = (error.getCause() != null ? error.getCause() : error).getMessage();
                LOG.warn("public address unknown: {}", stunError);
            }
        });
    }

    /** This device's public addresses: where the STUN server saw it, and what the discovery server saw. */
    List<InetSocketAddress> publicAddresses() {
        java.util.Set<InetSocketAddress> out = new java.util.LinkedHashSet<>();
        InetSocketAddress r = reflexive;
        if (r != null) {
            out.add(r);
        }
        TurnClient t = relayClient;
        if (t != null && t.reflexiveAddress() != null) {
            out.add(t.reflexiveAddress());
        }
        GlobalDiscovery c = client;
        if (c != null) {
            c.state().seenAddresses().stream()
                    .filter(a -> "direct".equals(LocalNetworks.path(a.getAddress())))
                    .forEach(out::add);
        }
        return List.copyOf(out);
    }

    /** Why the STUN or the TURN server gave nothing, or null. */
    String serverError() {
        TurnClient t = relayClient;
        String turn = t != null && t.error() != null ? t.error() : turnError;
        return stunError != null && turn != null ? stunError + "; " + turn : stunError != null ? stunError : turn;
    }

    /** Where the server last located {@code device} (none when LAN only). */
    List<InetSocketAddress> addresses(DeviceId device) {
        GlobalDiscovery c = client;
        if (c == null) {
            return List.of();
        }
        // Two homes often use the same private subnet: the other's LAN address may be this very device.
        List<InetAddress> own = LocalNetworks.addresses(boundTo);
        return c.addresses(device).stream()
                .filter(a -> a.getPort() != port.getAsInt() || !own.contains(a.getAddress()))
                .toList();
    }

    /** Where the server last located {@code device} directly (its relayed address left out). */
    List<InetSocketAddress> directAddresses(DeviceId device) {
        return addresses(device).stream().filter(a -> !isRelay(a)).toList();
    }

    /** The server's view of this device, or empty when LAN only. */
    Optional<GlobalDiscovery.State> state() {
        return Optional.ofNullable(client).map(GlobalDiscovery::state);
    }

    private void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (probing != null) {
            probing.cancel(false);
            probing = null;
        }
        if (permitting != null) {
            permitting.cancel(false);
            permitting = null;
        }
        if (relayClient != null) {
            relay.apply(null);
            relayClient = null;
        }
        turnError = null;
        reflexive = null;
        stunError = null;
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
