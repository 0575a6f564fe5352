package dev.shoal.app.daemon;

import dev.shoal.engine.spi.PeerConnection;
import dev.shoal.transport.EndpointNat;
import java.net.InetSocketAddress;

/** How a connection reaches its device, and where that device is, as status and the window show them. */
public final class PeerPaths {
    private final EndpointNat nat;
    private final Rendezvous rendezvous;

    PeerPaths(EndpointNat nat, Rendezvous rendezvous) {
        this.nat = nat;
        this.rendezvous = rendezvous;
    }

    /**
     * "relay" through a TURN server (this device's or the peer's), "lan" on one of this host's networks, "direct"
     * across routers.
     */
    public String path(PeerConnection c) {
        InetSocketAddress remote = c.remoteAddress();
        if (nat.relayed(remote) || rendezvous.isRelay(remote)) {
            return "relay";
        }
        return LocalNetworks.path(remote.getAddress());
    }

    /** "HOST:PORT" of a connection's device; through this device's relay, where the relay sees it. */
    public String address(PeerConnection c) {
        InetSocketAddress a = nat.peerAddress(c.remoteAddress());
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
