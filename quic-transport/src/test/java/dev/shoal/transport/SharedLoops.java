package dev.shoal.transport;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two event loops that all endpoints of a test class run on, as a device's would (a test starting a hundred
 * endpoints must not start a hundred thread pools). Register with {@code @RegisterExtension}.
 */
final class SharedLoops implements BeforeAllCallback, AfterAllCallback {
    private final QuicSettings settings;
    private EventLoopGroup group;

    SharedLoops(QuicSettings settings) {
        this.settings = settings;
    }

    EventLoopGroup group() {
        return group;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        group = QuicEndpoint.newGroup(2, settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
