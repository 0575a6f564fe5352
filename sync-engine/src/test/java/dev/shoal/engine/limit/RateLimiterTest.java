package dev.shoal.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    final RateLimiter limiter = new RateLimiter(now::get);

    @Test
    void unlimitedNeverWaits() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.reserve(1 << 20)).isZero();
        }
    }

    @Test
    void aSteadyStreamIsPacedToTheRate() {
        limiter.setRate(1_000_000); // 1 MB/s
        long waited = 0;
        for (int i = 0; i < 20; i++) {
            waited = limiter.reserve(100_000); // all at the same instant
        }
        // 2 MB at 1 MB/s from a standing start: the last 100 kB may leave after 1.9 s.
        assertThat(waited).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_900));
    }

    @Test
    void idleTimeEarnsOnlyAShortBurst() {
        limiter.setRate(1_000_000);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertThat(limiter.reserve(250_000)).isZero(); // the burst
        assertThat(limiter.reserve(500_000)).isZero(); // starts now, at the rate
        assertThat(limiter.reserve(100_000)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void localNetworkAddressesAreRecognised() {
        assertThat(RateLimits.isLan(new InetSocketAddress("127.0.0.1", 1))).isTrue();
        assertThat(RateLimits.isLan(new InetSocketAddress("192.168.1.20", 1))).isTrue();
        assertThat(RateLimits.isLan(new InetSocketAddress("10.0.0.5", 1))).isTrue();
        assertThat(RateLimits.isLan(new InetSocketAddress("fe80::1", 1))).isTrue();
        assertThat(RateLimits.isLan(new InetSocketAddress("fd12:3456::1", 1))).isTrue();
        assertThat(RateLimits.isLan(new InetSocketAddress("8.8.8.8", 1))).isFalse();
        assertThat(RateLimits.isLan(new InetSocketAddress("2001:db8::1", 1))).isFalse();
    }

    @Test
    void lanIsExemptUnlessAskedAndOthersWait() {
        RateLimits limits = new RateLimits();
        limits.set(1000, 1000, false);
        InetSocketAddress lan = new InetSocketAddress("127.0.0.1", 1);
        InetSocketAddress wan = new InetSocketAddress("8.8.8.8", 1);
        for (int i = 0; i < 5; i++) {
            assertThat(limits.beforeSending(lan, 10_000)).isDone();
        }
        limits.beforeReceiving(wan, 10_000);
        assertThat(limits.beforeReceiving(wan, 10_000)).isNotDone(); // 10 s of allowance already used
        limits.set(1000, 1000, true);
        limits.beforeSending(lan, 10_000);
        assertThat(limits.beforeSending(lan, 10_000)).isNotDone();
    }
}
